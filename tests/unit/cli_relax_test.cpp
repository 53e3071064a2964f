// `mlp relax` end to end: MLIP-2's example 07 (mlip.ini with select:threshold-break), its output names, the
// MLIP-3 spelling, and errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "mtp/io/cfg_text.hpp"
#include "support/paths.hpp"
#include "support/run_command.hpp"

namespace {

namespace fs = std::filesystem;
using mtp::test::run_command;

std::string example(const std::string& rel) { return mtp::test::shared_path("reference/mlip2/test/examples/" + rel); }

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t count_cfgs(const std::string& path) {
  auto reader = mtp::io::make_cfg_reader(path);
  mtp::Configuration cfg;
  std::size_t n = 0;
  while (reader->next(cfg)) ++n;
  return n;
}

// Copies an example's inputs into a scratch directory (mlip.ini names files relative to where mlp runs).
std::string stage(const std::string& name, const std::string& dir) {
  const std::string work = mtp::test::scratch_dir(name);
  for (const auto& e : fs::directory_iterator(example(dir)))
    if (e.is_regular_file()) fs::copy_file(e.path(), fs::path(work) / e.path().filename());
  fs::create_directories(fs::path(work) / "out");
  return work;
}

TEST(CliRelax, Example07BreaksAndWritesUnrelaxedAndPreselected) {
  REQUIRE_SHARED();
  const std::string work = stage("relax07", "07.relax-active-learning");
  const auto r = run_command("cd " + work + " && " + mtp::test::mlp_binary() +
                             " relax mlip.ini --cfg-filename=to-relax.cfg --save-relaxed=out/relaxed.cfg"
                             " --save-unrelaxed=out/unrelaxed.cfg --threads=2");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("cfg#13 failed: Breaking threshold exceeded (MV-grade: 11.423947)"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("17 relaxed, 0 not converged, 8 failed"), std::string::npos) << r.output;
  // MLIP-2's names (rank suffix) and its unrelaxed file byte for byte: the broken inputs, unchanged.
  const std::string sample = example("07.relax-active-learning/sample_out/");
  EXPECT_EQ(read_text(work + "/out/unrelaxed.cfg_0"), read_text(sample + "unrelaxed.cfg_0"));
  EXPECT_EQ(count_cfgs(work + "/out/relaxed.cfg_0"), 17u);
  EXPECT_GT(count_cfgs(work + "/out/preselected.cfg_0"), 100u);
  // The relaxed file has MLIP-2's layout and size (same atoms, features and number formats).
  EXPECT_EQ(read_text(work + "/out/relaxed.cfg_0").size(), read_text(sample + "relaxed.cfg_0").size());

  // --no-rank-suffix writes the names as given (select:save-selected too); one thread gives the same file.
  const std::size_t first = count_cfgs(work + "/out/preselected.cfg_0");
  const auto again = run_command("cd " + work + " && " + mtp::test::mlp_binary() +
                                 " relax mlip.ini --cfg-filename=to-relax.cfg --save-relaxed=out/plain.cfg"
                                 " --no-rank-suffix --threads=1");
  ASSERT_EQ(again.status, 0) << again.output;
  EXPECT_TRUE(fs::exists(work + "/out/plain.cfg"));
  EXPECT_EQ(count_cfgs(work + "/out/preselected.cfg"), first);
  EXPECT_EQ(read_text(work + "/out/plain.cfg"), read_text(work + "/out/relaxed.cfg_0"));  // threads: same result
}

// Under mpirun the ranks share the configurations and rank 0 writes one set of files, equal to a serial run's.
TEST(CliRelax, MpiRanksWriteOneOutputInInputOrder) {
  REQUIRE_SHARED();
#ifndef OPENMTP_HAVE_MPI
  GTEST_SKIP() << "built without MPI";
#else
  if (run_command("command -v mpirun").status != 0) GTEST_SKIP() << "mpirun not found";
  const std::string work = stage("relaxmpi", "07.relax-active-learning");
  const std::string args = " relax mlip.ini --cfg-filename=to-relax.cfg --save-unrelaxed=out/unrelaxed.cfg"
                           " --threads=1 --no-rank-suffix --save-relaxed=";
  const auto serial = run_command("cd " + work + " && " + mtp::test::mlp_binary() + args + "out/serial.cfg");
  ASSERT_EQ(serial.status, 0) << serial.output;
  fs::rename(work + "/out/preselected.cfg", work + "/out/serial-preselected.cfg");
  fs::rename(work + "/out/unrelaxed.cfg", work + "/out/serial-unrelaxed.cfg");
  const auto mpi = run_command("cd " + work + " && mpirun --allow-run-as-root --oversubscribe -np 2 " +
                               mtp::test::mlp_binary() + args + "out/mpi.cfg");
  if (mpi.output.find("2 MPI ranks") == std::string::npos) GTEST_SKIP() << "mpirun did not start 2 ranks: " << mpi.output;
  ASSERT_EQ(mpi.status, 0) << mpi.output;
  EXPECT_EQ(read_text(work + "/out/mpi.cfg"), read_text(work + "/out/serial.cfg"));
  EXPECT_EQ(read_text(work + "/out/preselected.cfg"), read_text(work + "/out/serial-preselected.cfg"));
  EXPECT_EQ(read_text(work + "/out/unrelaxed.cfg"), read_text(work + "/out/serial-unrelaxed.cfg"));
  EXPECT_FALSE(fs::exists(work + "/out/mpi.cfg_1"));
#endif
}

TEST(CliRelax, Mlip3SpellingWithExtrapolationControl) {
  REQUIRE_SHARED();
  const std::string work = stage("relax3", "07.relax-active-learning");
  // A plain potential relaxes without control; the .mtp has no selection state for --extrapolation_control.
  const auto plain = run_command("cd " + work + " && " + mtp::test::mlp_binary() +
                                 " relax pot.mtp to-relax.cfg relaxed.cfg --iteration_limit=1000 --max_step=0.05"
                                 " --bfgs_wolfe_c1=0.1 --bfgs_wolfe_c2=0.5 --threads=2");
  ASSERT_EQ(plain.status, 0) << plain.output;
  EXPECT_EQ(count_cfgs(work + "/relaxed.cfg"), 25u);
  const auto refused = run_command("cd " + work + " && " + mtp::test::mlp_binary() +
                                   " relax pot.mtp to-relax.cfg relaxed.cfg --extrapolation_control");
  EXPECT_NE(refused.status, 0);
  EXPECT_NE(refused.output.find("selection state"), std::string::npos) << refused.output;
}

TEST(CliRelax, ErrorsExitNonZero) {
  REQUIRE_SHARED();
  const std::string work = stage("relaxerr", "06.relax");
  auto r = run_command("cd " + work + " && " + mtp::test::mlp_binary() + " relax mlip.ini");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("--cfg-filename"), std::string::npos) << r.output;
  r = run_command("cd " + work + " && " + mtp::test::mlp_binary() +
                  " relax mlip.ini --cfg-filename=to-relax.cfg --force-tolerance=0 --stress-tolerance=0");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("nothing to relax"), std::string::npos) << r.output;
  r = run_command("cd " + work + " && " + mtp::test::mlp_binary() +
                  " relax mlip.ini --cfg-filename=missing.cfg --save-relaxed=x.cfg");
  EXPECT_NE(r.status, 0);
  EXPECT_FALSE(fs::exists(work + "/x.cfg_0"));  // no half-written output
}

}  // namespace
