// mlp calc-errors run as a user runs it: its report against MLIP-2's stdout.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "mtp/core/error.hpp"
#include "mtp/fit/error_report.hpp"
#include "support/files.hpp"
#include "support/paths.hpp"
#include "support/run_command.hpp"

namespace {

using mtp::test::read_file;
using mtp::test::quoted;

namespace fs = std::filesystem;

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

TEST(CalcErrors, ReportEqualsMlip2OnTheMlearnSets) {
  REQUIRE_SHARED();
  for (const char* el : {"Cu", "Ge", "Li", "Mo", "Ni", "Si"}) {
    SCOPED_TRACE(el);
    const std::string data = mtp::test::shared_path(std::string("data/mlearn/") + el);
    const auto r = mtp::test::run_command(mtp::test::mlp_binary() + " calc-errors " + quoted(data + "/maml_fitted.mtp") +
                                          " " + quoted(data + "/test.cfg"));
    ASSERT_EQ(r.status, 0) << r.output;
    // MLIP-2 prints the paths as given; the reference was run with $SHARED/... paths.
    EXPECT_EQ(replace_all(r.output, mtp::test::shared_dir(), "$SHARED"),
              read_file(mtp::test::shared_path(std::string("reference/mlip2/expected/a_calc-errors_mlearn_") + el +
                                           "/stdout.txt")));
  }
}

TEST(CalcErrors, ReportEqualsMlip2WithThreeSpecies) {
  REQUIRE_SHARED();
  const std::string b = mtp::test::shared_path("reference/mlip2/expected/b_train_LiTi2O4_L16_3sp");
  for (const char* db : {"next100", "train"}) {
    const auto r = mtp::test::run_command("cd " + quoted(b) + " && " + mtp::test::mlp_binary() + " calc-errors pot.mtp " +
                                          db + ".cfg --threads=3");
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(r.output, read_file(b + "/calc-errors_" + db + "_stdout.txt"));
  }
}

TEST(CalcErrors, ShippedExampleAgreesExceptAnOlderHeading) {
  REQUIRE_SHARED();
  // The shipped sample was made by an older MLIP-2 that titled the GPa block "Virial stresses (in GPa)".
  const std::string e = mtp::test::shared_path("reference/mlip2/test/examples/03.calc-errors");
  const auto r = mtp::test::run_command("cd " + quoted(e) + " && " + mtp::test::mlp_binary() + " check_errors pot.mtp test.cfg");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(replace_all(r.output, "Stresses (in GPa)", "Virial stresses (in GPa)"),
            read_file(e + "/sample_out/stdout.log"));
}

TEST(CalcErrors, JsonReportHoldsTheSameNumbers) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("calc-errors-json");
  const std::string data = mtp::test::shared_path("data/mlearn/Cu");
  const auto r = mtp::test::run_command(mtp::test::mlp_binary() + " calc-errors " + quoted(data + "/maml_fitted.mtp") + " " +
                                        quoted(data + "/test.cfg") + " --report=" + quoted(dir + "/errors.json"));
  ASSERT_EQ(r.status, 0) << r.output;
  const nlohmann::json json = nlohmann::json::parse(read_file(dir + "/errors.json"));
  // The forces block: 3178 atoms, RMS 0.0135068 in the text.
  EXPECT_EQ(json.at("forces").at("count").get<int>(), 3178);
  EXPECT_NEAR(json.at("forces").at("rms_abs").get<double>(), 0.0135068, 0.5e-7);
  EXPECT_EQ(json.at("energy").at("count").get<int>(), 31);
  EXPECT_EQ(json.at("stresses_gpa").at("count").get<int>(), 31);
}

TEST(CalcErrors, UntrainedPotentialIsEvaluatedWithItsDefaultsDeterministically) {
  REQUIRE_SHARED();
  const std::string pot = mtp::test::shared_path("reference/mlip2/untrained_mtps/08.mtp");
  const std::string db = mtp::test::shared_path("reference/mlip2/test/examples/03.calc-errors/test.cfg");
  const auto a = mtp::test::run_command(mtp::test::mlp_binary() + " calc-errors " + quoted(pot) + " " + quoted(db));
  const auto b = mtp::test::run_command(mtp::test::mlp_binary() + " calc-errors " + quoted(pot) + " " + quoted(db) + " --threads=1");
  ASSERT_EQ(a.status, 0) << a.output;
  EXPECT_EQ(a.output, b.output);
  EXPECT_NE(a.output.find("Errors checked for 25 configurations"), std::string::npos);
}

// The library call on numbers worked out by hand: two configurations of 2 atoms in a cubic cell of 2 A.
TEST(CalcErrors, ErrorReportStatisticsByHand) {
  mtp::Configuration ref;
  ref.lattice = mtp::Lattice::periodic(mtp::Mat3::identity() * 2.0);  // volume 8
  ref.positions = {{0, 0, 0}, {1, 1, 1}};
  ref.types = {0, 0};
  ref.energy = -10.0;
  ref.forces = {{1, 0, 0}, {0, -2, 0}};
  ref.virial = mtp::Mat3::identity();
  mtp::Configuration calc = ref;
  calc.energy = -9.0;                        // |dE| = 1, per atom 0.5
  calc.forces = {{1, 3, 4}, {0, -2, 0}};     // |dF| = 5 and 0
  mtp::Mat3 w = mtp::Mat3::identity();
  w(0, 1) = 2.0;
  calc.virial = w;                           // |dW|_F = 2
  mtp::fit::ErrorReport a, b, both;
  a.add(ref, calc);
  mtp::Configuration ref2 = ref, calc2 = ref;
  calc2.energy = -13.0;                      // |dE| = 3
  ref2.virial.reset();                       // no stress comparison for this one
  b.add(ref2, calc2);
  both.add(ref, calc);
  both.add(ref2, calc2);
  a.merge(b);
  EXPECT_EQ(a.text(), both.text());
  const mtp::fit::ErrorStatistic& e = both.energy();
  EXPECT_EQ(e.count, 2);
  EXPECT_DOUBLE_EQ(e.max_delta, 3.0);
  EXPECT_DOUBLE_EQ(e.average(1), 2.0);
  EXPECT_DOUBLE_EQ(e.rms(1), std::sqrt(5.0));
  EXPECT_DOUBLE_EQ(both.energy_per_atom().max_delta, 1.5);
  const mtp::fit::ErrorStatistic& f = both.forces();
  EXPECT_EQ(f.count, 4);
  EXPECT_DOUBLE_EQ(f.max_delta, 5.0);
  EXPECT_DOUBLE_EQ(f.average(3), 5.0 / 12.0);            // MLIP-2 divides by 3 per atom
  EXPECT_DOUBLE_EQ(f.rms(3), std::sqrt(25.0 / 12.0));
  EXPECT_DOUBLE_EQ(f.max_relative(), 5.0 / 2.0);
  EXPECT_DOUBLE_EQ(f.rms_relative(), std::sqrt(25.0 / 10.0));
  const mtp::fit::ErrorStatistic& sv = both.stresses();
  EXPECT_EQ(sv.count, 1);
  EXPECT_DOUBLE_EQ(sv.average(9), 2.0 / 9.0);             // and by 9 per configuration
  EXPECT_DOUBLE_EQ(sv.rms(9), std::sqrt(4.0 / 9.0));
  EXPECT_DOUBLE_EQ(sv.rms_relative(), 2.0 / std::sqrt(3.0));
  EXPECT_DOUBLE_EQ(both.stresses_gpa().max_delta, 2.0 / 8.0 * 160.2176487);
  EXPECT_NE(both.text().find("\tErrors checked for 4 atoms\n\tMaximal absolute difference = 5\n"), std::string::npos)
      << both.text();
  mtp::Configuration other = ref;
  other.resize(3);
  EXPECT_THROW(both.add(ref, other), mtp::Error);
}

TEST(CalcErrors, MissingFilesFail) {
  REQUIRE_SHARED();
  const auto r = mtp::test::run_command(mtp::test::mlp_binary() + " calc-errors /nonexistent/pot.mtp /nonexistent/db.cfg");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(mtp::test::run_command(mtp::test::mlp_binary() + " calc-errors only-one-arg").status, 0);
}

}  // namespace
