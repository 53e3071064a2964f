// Hostile inputs through the `mlp` command, each under a 1 GB address-space limit and a time limit: every
// count is bounded before anything is allocated, nothing is accepted silently (a clear message and a non-zero
// exit), and a failed command never replaces an existing output or leaves a temporary file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "support/files.hpp"
#include "support/paths.hpp"
#include "support/run_command.hpp"

namespace {

namespace fs = std::filesystem;
using mtp::test::quoted;
using mtp::test::read_file;
using mtp::test::run_command;
using mtp::test::scratch_dir;

// 1 GB of address space and 60 s; an allocation past the limit would surface as "out of memory".
mtp::test::CommandResult run_bounded(const std::string& dir, const std::string& args) {
  return run_command("cd " + quoted(dir) + " && ulimit -v 1000000 && timeout 60 " + quoted(mtp::test::mlp_binary()) +
                     " " + args);
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string cfg_text(const std::string& size, const std::string& cell, const std::string& rows) {
  return "BEGIN_CFG\n Size\n    " + size + "\n Supercell\n" + cell +
         " AtomData:  id type       cartes_x      cartes_y      cartes_z\n" + rows + "END_CFG\n";
}
const std::string kCube = "   5 0 0\n   0 5 0\n   0 0 5\n";

// Expects a refusal: non-zero exit, `message` in the output, no "out of memory", no output file, no temporaries.
void expect_refused(const std::string& dir, const std::string& args, const std::string& message) {
  SCOPED_TRACE(args);
  const auto r = run_bounded(dir, args);
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find(message), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("out of memory"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir + "/out.cfg"));
  EXPECT_EQ(mtp::test::temporary_files(dir), 0);
}

class BoundedInputs : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = scratch_dir("bounded-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    const auto r = run_bounded(dir_, "make-template pot.mtp --level=8");
    ASSERT_EQ(r.status, 0) << r.output;
    template_ = read_file(dir_ + "/pot.mtp");
  }
  // The template with one line replaced.
  std::string mtp_with(const std::string& key, const std::string& line) const {
    return std::regex_replace(template_, std::regex(key + " = [^\n]*"), line);
  }
  std::string dir_, template_;
};

TEST_F(BoundedInputs, ConfigurationCountsAreBoundedBeforeAllocation) {
  const std::string rows = "    1 0 0 0 0\n    2 0 1 1 1\n";
  write_text(dir_ + "/huge.cfg", cfg_text("1000000000", kCube, rows));
  expect_refused(dir_, "convert-cfg huge.cfg out.cfg", "huge.cfg:3: Size 1000000000 is above the limit");
  // Under the limit, but more than a 200-byte file can hold: fails at the file's end, in little memory.
  write_text(dir_ + "/short.cfg", cfg_text("40000000", kCube, rows));
  expect_refused(dir_, "convert-cfg short.cfg out.cfg", "short.cfg:11: expected 5 columns in AtomData row 3");
  // Binary: 'n' 40000000, a cell and two positions.
  std::string bin = "n";
  const int n = 40000000;
  bin.append(reinterpret_cast<const char*>(&n), 4);
  bin += 'l';
  for (double v : {5.0, 0.0, 0.0, 0.0, 5.0, 0.0, 0.0, 0.0, 5.0}) bin.append(reinterpret_cast<const char*>(&v), 8);
  bin += 'p';
  for (double v : {0.0, 0.0, 0.0, 1.0, 1.0, 1.0}) bin.append(reinterpret_cast<const char*>(&v), 8);
  bin += '#';
  write_text(dir_ + "/short.bin.cfg", bin);
  expect_refused(dir_, "convert-cfg short.bin.cfg out.cfg", "file ends inside the 'p' record");
}

TEST_F(BoundedInputs, PotentialCountsAndCutoffAreBounded) {
  write_text(dir_ + "/cfg.cfg", cfg_text("1", kCube, "    1 0 0 0 0\n"));
  write_text(dir_ + "/moments.mtp", mtp_with("alpha_moments_count", "alpha_moments_count = 100000000"));
  expect_refused(dir_, "calc-efs moments.mtp cfg.cfg out.cfg", "alpha_moments_count must be between 1 and 1000000");
  // Under the limit but more than the file's tables define.
  write_text(dir_ + "/moments2.mtp", mtp_with("alpha_moments_count", "alpha_moments_count = 900000"));
  expect_refused(dir_, "calc-efs moments2.mtp cfg.cfg out.cfg", "is more than the");
  write_text(dir_ + "/species.mtp", mtp_with("species_count", "species_count = 5000"));
  expect_refused(dir_, "calc-efs species.mtp cfg.cfg out.cfg", "species_count must be between 1 and 128, got 5000");
  write_text(dir_ + "/far.mtp", mtp_with("max_dist", "max_dist = 1e6"));
  expect_refused(dir_, "calc-efs far.mtp cfg.cfg out.cfg", "max_dist 1e6 is above the limit of 20 Angstrom");
  write_text(dir_ + "/funcs.mtp", mtp_with("radial_funcs_count", "radial_funcs_count = 2000000000"));
  expect_refused(dir_, "calc-efs funcs.mtp cfg.cfg out.cfg", "radial_funcs_count must be between 1 and 64");
  expect_refused(dir_, "make-template out.cfg --level=60", "level must be between 2 and 36, got 60");
  expect_refused(dir_, "make-template out.cfg --level=16 --species-count=5000", "species_count 5000 is above the limit");
  expect_refused(dir_, "make-template out.cfg --level=16 --max-dist=nan", "expects a finite number");
}

TEST_F(BoundedInputs, DegenerateAndTinyCellsAreRefusedSkewedOnesEvaluated) {
  write_text(dir_ + "/flat.cfg", cfg_text("1", "   5 0 0\n   0 5 0\n   0 0 1e-9\n", "    1 0 0 0 0\n"));
  expect_refused(dir_, "calc-efs pot.mtp flat.cfg out.cfg", "the cell is degenerate");
  write_text(dir_ + "/thin.cfg", cfg_text("1", "   0.2 0 0\n   0 5 0\n   0 0 5\n", "    1 0 0 0 0\n"));
  expect_refused(dir_, "calc-efs pot.mtp thin.cfg out.cfg", "far below the cutoff");
  // A skewed cell of the simple cubic lattice gives the cube's energy.
  write_text(dir_ + "/cube.cfg", cfg_text("1", "   2.5 0 0\n   0 2.5 0\n   0 0 2.5\n", "    1 0 0 0 0\n"));
  write_text(dir_ + "/skew.cfg", cfg_text("1", "   2.5 0 0\n   500 2.5 0\n   0 -250 2.5\n", "    1 0 0 0 0\n"));
  ASSERT_EQ(run_bounded(dir_, "calc-efs pot.mtp cube.cfg cube.out.cfg").status, 0);
  const auto r = run_bounded(dir_, "calc-efs pot.mtp skew.cfg skew.out.cfg");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto energy = [](const std::string& text) { return text.substr(text.find("Energy"), 40); };
  EXPECT_EQ(energy(read_file(dir_ + "/skew.out.cfg")), energy(read_file(dir_ + "/cube.out.cfg")));
}

TEST_F(BoundedInputs, NothingIsAcceptedSilently) {
  write_text(dir_ + "/nan.cfg", cfg_text("1", kCube, "    1 0 nan 0 0\n"));
  expect_refused(dir_, "convert-cfg nan.cfg out.cfg", "nan.cfg:9: expected a finite number for a position, got 'nan'");
  write_text(dir_ + "/nancell.cfg", cfg_text("1", "   5 0 0\n   0 inf 0\n   0 0 5\n", "    1 0 0 0 0\n"));
  expect_refused(dir_, "convert-cfg nancell.cfg out.cfg", "expected a finite number for a Supercell component, got 'inf'");
  write_text(dir_ + "/flat.xyz", "1\nLattice=\"5 0 0 0 5 0 10 10 0\" Properties=species:S:1:pos:R:3 pbc=\"T T T\"\nH 0 0 0\n");
  expect_refused(dir_, "convert-cfg flat.xyz out.cfg --input-format=extxyz", "flat.xyz:2: the Lattice has zero volume");
  // A trained potential missing its linear coefficients.
  ASSERT_EQ(run_bounded(dir_, "make-template half.mtp --level=4").status, 0);
  {
    std::string half = read_file(dir_ + "/half.mtp");
    const auto pos = half.find("alpha_moments_count");
    half.insert(pos, "radial_coeffs\n\t0-0\n\t\t{1, 0, 0, 0, 0, 0, 0, 0}\n");
    write_text(dir_ + "/half.mtp", half);
  }
  write_text(dir_ + "/cfg.cfg", cfg_text("1", kCube, "    1 0 0 0 0\n"));
  expect_refused(dir_, "calc-efs half.mtp cfg.cfg out.cfg", "radial_coeffs but no species_coeffs and moment_coeffs");
  fs::create_directory(dir_ + "/folder");
  expect_refused(dir_, "convert-cfg folder out.cfg", "folder: is a directory, not a file");
  expect_refused(dir_, "calc-efs folder cfg.cfg out.cfg", "folder: is a directory, not a file");
}

// calc-efs with an existing output: an input directory, a broken input, an unreadable potential all fail
// and leave the old output byte for byte.
TEST_F(BoundedInputs, FailedCommandNeverReplacesAnExistingOutput) {
  write_text(dir_ + "/cfg.cfg", cfg_text("1", kCube, "    1 0 0 0 0\n"));
  write_text(dir_ + "/broken.cfg", cfg_text("2", kCube, "    1 0 0 0 0\n    2 0 1 1 x\n"));
  fs::create_directory(dir_ + "/folder");
  for (const std::string& args : {std::string("pot.mtp folder out.efs"), std::string("pot.mtp broken.cfg out.efs"),
                                  std::string("folder cfg.cfg out.efs"), std::string("missing.mtp cfg.cfg out.efs")}) {
    SCOPED_TRACE(args);
    write_text(dir_ + "/out.efs", "precious\n");
    const auto r = run_bounded(dir_, "calc-efs " + args);
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_EQ(read_file(dir_ + "/out.efs"), "precious\n");
    EXPECT_EQ(mtp::test::temporary_files(dir_), 0);
  }
  // And a successful one does replace it.
  ASSERT_EQ(run_bounded(dir_, "calc-efs pot.mtp cfg.cfg out.efs").status, 0);
  EXPECT_NE(read_file(dir_ + "/out.efs").find("Energy"), std::string::npos);
}

}  // namespace
