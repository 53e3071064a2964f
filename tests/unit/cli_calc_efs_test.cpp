// mlp calc-efs run as a user runs it, against MLIP-2's outputs.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "mtp/io/cfg_text.hpp"
#include "support/files.hpp"
#include "support/paths.hpp"
#include "support/run_command.hpp"

namespace {

using mtp::test::read_file;
using mtp::test::read_cfg_file;
using mtp::test::quoted;

using mtp::Configuration;
namespace fs = std::filesystem;

// Equal to the printed digits up to `units` in the last printed place. Forces and stresses agree to one
// unit (rounding of values that differ in far lower digits). Energies of hundreds of eV printed with 12
// decimals carry 15 significant digits, where a different summation order (neighbour order, monomials of
// the unit vector instead of x^a y^b z^c / r^n) moves the last digit by a few units: allowed is one unit
// plus 1.5e-14 of the energy (about 60 ulp; the largest seen is 3 units at -225 eV, LiTi2O4 L16).
struct Agreement {
  long values = 0, last_digit = 0;
  void check(double ours, double theirs, double unit, double relative, const std::string& what) {
    ++values;
    const double d = std::abs(ours - theirs);
    EXPECT_LE(d, unit * 1.05 + relative * std::abs(theirs)) << what << ": " << ours << " vs " << theirs;
    if (d > unit * 1e-3) ++last_digit;
  }
};

void expect_same_efs(const std::vector<Configuration>& ours, const std::vector<Configuration>& theirs,
                     Agreement& agree) {
  ASSERT_EQ(ours.size(), theirs.size());
  for (std::size_t c = 0; c < ours.size(); ++c) {
    const Configuration& a = ours[c];
    const Configuration& b = theirs[c];
    ASSERT_EQ(a.size(), b.size());
    EXPECT_EQ(a.positions, b.positions);
    EXPECT_EQ(a.types, b.types);
    EXPECT_EQ(a.features, b.features);
    ASSERT_TRUE(a.has_energy() && a.has_forces() && a.has_virial());
    agree.check(*a.energy, *b.energy, 1e-12, 1.5e-14, "energy of cfg " + std::to_string(c));
    for (std::size_t i = 0; i < a.size(); ++i)
      for (int k = 0; k < 3; ++k) agree.check(a.forces[i][k], b.forces[i][k], 1e-6, 0.0, "force");
    for (int x = 0; x < 3; ++x)
      for (int y = 0; y < 3; ++y) agree.check((*a.virial)(x, y), (*b.virial)(x, y), 1e-5, 0.0, "stress");
  }
}

TEST(CalcEfs, MatchesMlip2OnTheMlearnSets) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("calc-efs-mlearn");
  for (const char* el : {"Cu", "Ge", "Li", "Mo", "Ni", "Si"}) {
    SCOPED_TRACE(el);
    const std::string data = mtp::test::shared_path(std::string("data/mlearn/") + el);
    const std::string out = dir + "/" + el + ".cfg";
    const auto r = mtp::test::run_command(mtp::test::mlp_binary() + " calc-efs " + quoted(data + "/maml_fitted.mtp") + " " +
                                          quoted(data + "/test.cfg") + " " + quoted(out));
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(r.output, "");  // MLIP-2 prints nothing
    Agreement agree;
    expect_same_efs(read_cfg_file(out),
                    read_cfg_file(mtp::test::shared_path(std::string("reference/mlip2/expected/a_calc-efs_mlearn_") + el +
                                                    "/out.cfg")),
                    agree);
    // Last-digit differences are rare: a few per cent of the printed values at most.
    EXPECT_LT(agree.last_digit, agree.values / 20) << agree.last_digit << " of " << agree.values;
  }
}

TEST(CalcEfs, MatchesMlip2WithThreeSpeciesAndTheShippedExample) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("calc-efs-liti");
  const std::string b = mtp::test::shared_path("reference/mlip2/expected/b_train_LiTi2O4_L16_3sp");
  auto r = mtp::test::run_command(mtp::test::mlp_binary() + " calc-efs " + quoted(b + "/pot.mtp") + " " +
                                  quoted(b + "/next100.cfg") + " " + quoted(dir + "/liti.cfg"));
  ASSERT_EQ(r.status, 0) << r.output;
  Agreement agree;
  expect_same_efs(read_cfg_file(dir + "/liti.cfg"), read_cfg_file(b + "/calc-efs_next100.cfg"), agree);

  // The shipped example comes out byte for byte.
  const std::string e = mtp::test::shared_path("reference/mlip2/test/examples/02.calc-efs");
  r = mtp::test::run_command(mtp::test::mlp_binary() + " calc-efs " + quoted(e + "/pot.mtp") + " " + quoted(e + "/train.cfg") +
                             " " + quoted(dir + "/ex.cfg"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(read_file(dir + "/ex.cfg"), read_file(e + "/sample_out/calculated.cfg"));
}

TEST(CalcEfs, OutputDoesNotDependOnThreadsAndMlip3FormsAgree) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("calc-efs-threads");
  const std::string data = mtp::test::shared_path("data/mlearn/Mo");
  const std::string pot = quoted(data + "/maml_fitted.mtp"), in = quoted(data + "/test.cfg");
  for (const char* t : {"1", "2", "5"}) {
    const auto r = mtp::test::run_command(mtp::test::mlp_binary() + " calc-efs " + pot + " " + in + " " +
                                          quoted(dir + "/t" + t + ".cfg") + " --threads=" + t);
    ASSERT_EQ(r.status, 0) << r.output;
  }
  const std::string one = read_file(dir + "/t1.cfg");
  ASSERT_FALSE(one.empty());
  EXPECT_EQ(read_file(dir + "/t2.cfg"), one);
  EXPECT_EQ(read_file(dir + "/t5.cfg"), one);

  // MLIP-3: calculate_efs pot in --output_filename=out, and in place without an output.
  auto r = mtp::test::run_command(mtp::test::mlp_binary() + " calculate_efs " + pot + " " + in +
                                  " --output_filename=" + quoted(dir + "/m3.cfg"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(read_file(dir + "/m3.cfg"), one);
  fs::copy_file(data + "/test.cfg", dir + "/inplace.cfg");
  r = mtp::test::run_command(mtp::test::mlp_binary() + " calculate_efs " + pot + " " + quoted(dir + "/inplace.cfg"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(read_file(dir + "/inplace.cfg"), one);
}

TEST(CalcEfs, FailsCleanlyWithoutLeavingOutput) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("calc-efs-fail");
  const std::string pot = mtp::test::shared_path("data/mlearn/Mo/maml_fitted.mtp");
  // Species type 1 in a one-species potential.
  std::string cfg = read_file(mtp::test::shared_path("reference/mlip2/test/examples/02.calc-efs/train.cfg"));
  const std::size_t at = cfg.find("AtomData:");
  const std::size_t line = cfg.find('\n', at) + 1;
  const std::size_t type_at = cfg.find(" 0 ", line);
  cfg.replace(type_at, 3, " 1 ");
  std::ofstream(dir + "/bad.cfg") << cfg;
  auto r = mtp::test::run_command(mtp::test::mlp_binary() + " calc-efs " + quoted(pot) + " " + quoted(dir + "/bad.cfg") + " " +
                                  quoted(dir + "/out.cfg"));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("species"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir + "/out.cfg"));
  r = mtp::test::run_command(mtp::test::mlp_binary() + " calc-efs " + quoted(dir + "/missing.mtp") + " " +
                             quoted(dir + "/bad.cfg") + " " + quoted(dir + "/out.cfg"));
  EXPECT_NE(r.status, 0);
  EXPECT_FALSE(fs::exists(dir + "/out.cfg"));
  r = mtp::test::run_command(mtp::test::mlp_binary() + " calc-efs " + quoted(pot));
  EXPECT_NE(r.status, 0);
}

}  // namespace
