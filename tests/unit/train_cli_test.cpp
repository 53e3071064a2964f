// `mlp train` against MLIP-2's reference runs (../shared/reference/mlip2/expected) and its own guarantees:
// the deterministic parts of b0_train_example01_same (every Rescale pick, condition numbers), the final errors
// close to MLIP-2's, the TRAIN ERRORS text of reference potentials, seeds, MPI ranks, checkpoints and stops.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>
#include <sys/wait.h>
#include <unistd.h>

#include "mtp/fit/training_checkpoint.hpp"
#include "mtp/io/mtp_file.hpp"
#include "support/paths.hpp"
#include "mtp/io/elements.hpp"
#include "mtp/io/species_order.hpp"
#include "support/run_command.hpp"

namespace {

namespace fs = std::filesystem;
using mtp::test::run_command;
using mtp::test::shared_path;

std::string read_text(const std::string& path) {
  std::ifstream f(path);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

std::vector<std::string> lines_matching(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) out.push_back(line);
  return out;
}

// "   scaling = s, condition number = c" lines up to "Pre-training started".
std::vector<std::pair<double, double>> rescale_lines(const std::string& text) {
  std::vector<std::pair<double, double>> out;
  const std::string head = text.substr(0, text.find("Pre-training started"));
  const std::regex re("scaling = ([0-9.e+-]+), condition number = ([0-9.e+-]+)");
  for (auto it = std::sregex_iterator(head.begin(), head.end(), re); it != std::sregex_iterator(); ++it)
    out.emplace_back(std::stod((*it)[1]), std::stod((*it)[2]));
  return out;
}

// The value after "<key> = " in the block headed `block` of the TRAIN ERRORS report.
double report_value(const std::string& text, const std::string& block, const std::string& key) {
  const std::size_t r = text.find("TRAIN ERRORS");
  const std::size_t b = text.find(block + ":", r);
  const std::size_t k = text.find(key, b);
  if (r == std::string::npos || b == std::string::npos || k == std::string::npos) return NAN;
  return std::stod(text.substr(text.find('=', k) + 1));
}

const std::string kB0 = "reference/mlip2/expected/b0_train_example01_same";

TEST(TrainCli, ReproducesMlip2sDeterministicStepsAndFinalErrorsOnExample01) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("train-b0");
  const auto r = run_command("cd " + dir + " && " + mtp::test::mlp_binary() + " train " + shared_path(kB0 + "/06.mtp") + " " +
                             shared_path("reference/mlip2/test/examples/01.train/train.cfg") +
                             " --init-params=same --max-iter=100 --trained-pot-name=pot.mtp --log-detail=mlip2");
  ASSERT_EQ(r.status, 0) << r.output;
  const std::string ref = read_text(shared_path(kB0 + "/stdout.txt"));
  // Every Rescale before pre-training: same candidates, same picks, condition numbers to the digits that
  // MLIP-2 itself reproduces between rounds (~1e-8).
  const auto ours = rescale_lines(r.output), theirs = rescale_lines(ref);
  ASSERT_EQ(ours.size(), theirs.size()) << r.output;
  ASSERT_EQ(ours.size(), 85u);  // 17 rounds of 5 candidates
  for (std::size_t k = 0; k < ours.size(); ++k) {
    EXPECT_DOUBLE_EQ(ours[k].first, theirs[k].first) << k;
    EXPECT_NEAR(ours[k].second, theirs[k].second, 1e-7 * theirs[k].second) << k;
  }
  const auto picks = lines_matching(r.output.substr(0, r.output.find("Pre-training started")), "Rescaling to");
  EXPECT_EQ(picks, lines_matching(ref.substr(0, ref.find("Pre-training started")), "Rescaling to"));
  // 75 + 100 BFGS iterations reported.
  const auto iters = lines_matching(r.output, "BFGS iter ");  // "BFGS iterations count" does not match
  EXPECT_EQ(iters.size(), 175u);
  // The first step starts from the same point along the same direction (-g, identity inverse Hessian); only the
  // line searches differ, so the first reported f is within a few tenths of a percent of MLIP-2's 0.00755439.
  ASSERT_FALSE(iters.empty());
  EXPECT_NEAR(std::stod(iters[0].substr(iters[0].find("f=") + 2)), 0.00755439, 0.005 * 0.00755439);
  // The trained potential: errors close to MLIP-2's after the same budget (BFGS trajectories differ after the
  // first steps: our line search is not MLIP-2's).
  for (const char* block : {"Energy per atom", "Forces", "Stresses (in eV)"}) {
    const double a = report_value(r.output, block, "RMS     absolute difference");
    const double b = report_value(ref, block, "RMS     absolute difference");
    EXPECT_LT(a, 1.25 * b) << block;
    EXPECT_GT(a, 0.0) << block;
  }
  const mtp::Potential p = mtp::io::load_potential(dir + "/pot.mtp");
  EXPECT_TRUE(p.trained);
  EXPECT_NEAR(p.scaling, 0.0856752224049144, 0.03);
}

TEST(TrainCli, ErrorReportOfReferencePotentialsMatchesMlip2Text) {
  REQUIRE_SHARED();
  struct Case {
    std::string folder, cfg;
  };
  for (const Case& c : {Case{kB0, "reference/mlip2/test/examples/01.train/train.cfg"},
                        Case{"reference/mlip2/expected/c_train_Mo_L08", "data/mlearn/Mo/train.cfg"},
                        Case{"reference/mlip2/expected/b_train_LiTi2O4_L16_3sp", "reference/mlip2/expected/b_train_LiTi2O4_L16_3sp/train.cfg"}}) {
    const auto r = run_command(mtp::test::mlp_binary() + " train " + shared_path(c.folder + "/pot.mtp") + " " +
                               shared_path(c.cfg) + " --max-iter=0 --trained-pot-name=");
    ASSERT_EQ(r.status, 0) << r.output;
    const std::string ref = read_text(shared_path(c.folder + "/stdout.txt"));
    EXPECT_EQ(r.output.substr(r.output.find("_____")), ref.substr(ref.find("_____"))) << c.folder;
  }
}

TEST(TrainCli, SameSeedSamePotentialAndThreadsDoNotMatter) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("train-seed");
  const std::string base = "cd " + dir + " && " + mtp::test::mlp_binary() + " train " + shared_path(kB0 + "/06.mtp") + " " +
                           shared_path("reference/mlip2/test/examples/01.train/train.cfg") + " --max-iter=30 --log=none ";
  ASSERT_EQ(run_command(base + "--seed=3 --trained-pot-name=a.mtp").status, 0);
  ASSERT_EQ(run_command(base + "--seed=3 --threads=2 --trained-pot-name=b.mtp").status, 0);
  ASSERT_EQ(run_command(base + "--seed=4 --trained-pot-name=c.mtp").status, 0);
  EXPECT_EQ(read_text(dir + "/a.mtp"), read_text(dir + "/b.mtp"));
  EXPECT_NE(read_text(dir + "/a.mtp"), read_text(dir + "/c.mtp"));
  EXPECT_FALSE(read_text(dir + "/a.mtp").empty());
}

TEST(TrainCli, TwoMpiRanksGiveTheSerialPotential) {
  REQUIRE_SHARED();
  if (run_command("command -v mpirun").status != 0) GTEST_SKIP() << "mpirun not found";
  const std::string dir = mtp::test::scratch_dir("train-mpi-cli");
  const std::string args = " train " + shared_path(kB0 + "/06.mtp") + " " +
                           shared_path("reference/mlip2/test/examples/01.train/train.cfg") + " --max-iter=40 --seed=1 --log-detail=mlip2 ";
  const auto serial = run_command("cd " + dir + " && " + mtp::test::mlp_binary() + args + "--trained-pot-name=one.mtp");
  ASSERT_EQ(serial.status, 0) << serial.output;
  const auto two = run_command("cd " + dir + " && mpirun --allow-run-as-root --oversubscribe -np 2 " + mtp::test::mlp_binary() +
                               args + "--trained-pot-name=two.mtp");
  ASSERT_EQ(two.status, 0) << two.output;
  EXPECT_EQ(read_text(dir + "/one.mtp"), read_text(dir + "/two.mtp"));
  // One log, from rank 0.
  EXPECT_EQ(lines_matching(two.output, "BFGS iter 0:").size(), 2u);  // pre-training and training
}

TEST(TrainCli, StopSignalSavesABestPotentialAndResumeContinues) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("train-stop");
  const std::string pot = shared_path("reference/mlip2/expected/c_train_Mo_L08/08.mtp");
  const std::string cfg = shared_path("data/mlearn/Mo/train.cfg");
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const std::string out = dir + "/log.txt";
    std::freopen(out.c_str(), "w", stdout);
    std::freopen(out.c_str(), "a", stderr);
    ::chdir(dir.c_str());
    ::execl(mtp::test::mlp_binary().c_str(), "mlp", "train", pot.c_str(), cfg.c_str(), "--max-iter=100000",
            "--skip-preinit", "--checkpoint=ck.mtp", "--checkpoint-every=3", "--trained-pot-name=best.mtp",
            "--bfgs-conv-tol=-1", static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  // Wait for a checkpoint, then stop the run as a scheduler would.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!fs::exists(dir + "/ck.mtp.state") && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(fs::exists(dir + "/ck.mtp.state")) << read_text(dir + "/log.txt");
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << read_text(dir + "/log.txt");
  EXPECT_EQ(WEXITSTATUS(status), 130) << read_text(dir + "/log.txt");
  const mtp::Potential best = mtp::io::load_potential(dir + "/best.mtp");
  EXPECT_TRUE(best.trained);
  for (double v : best.parameters()) EXPECT_TRUE(std::isfinite(v));
  EXPECT_NE(read_text(dir + "/log.txt").find("TRAIN ERRORS"), std::string::npos);
  // No temporary files left behind by the atomic writes.
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_TRUE(e.path().filename().string().find(".tmp") == std::string::npos) << e.path();
  // The stop saved a last checkpoint; resume from it for three more iterations (--max-iter counts from the
  // run's first iteration).
  const mtp::fit::TrainingCheckpoint ck = mtp::fit::load_checkpoint(dir + "/ck.mtp");
  EXPECT_EQ(ck.stage, "training");
  const int k = ck.optimizer.iteration;
  ASSERT_GT(k, 0);
  const auto r = run_command("cd " + dir + " && " + mtp::test::mlp_binary() + " train " + pot + " " + cfg +
                             " --resume=ck.mtp --max-iter=" + std::to_string(k + 3) +
                             " --skip-preinit --bfgs-conv-tol=-1 --trained-pot-name=resumed.mtp --log-detail=mlip2");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output.find("Pre-training started"), std::string::npos);
  EXPECT_EQ(lines_matching(r.output, "BFGS iter ").size(), 3u) << r.output;
  EXPECT_NE(r.output.find("BFGS iter " + std::to_string(k) + ": f="), std::string::npos) << r.output;
  EXPECT_TRUE(mtp::io::load_potential(dir + "/resumed.mtp").trained);
}

// Stopping after 40 iterations with a checkpoint and resuming to 60 gives the file the uninterrupted 60-iteration
// run writes, byte for byte (the linear re-fit at iteration 50 included).
TEST(TrainCli, ResumedRunEqualsTheUninterruptedOne) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("train-resume-exact");
  const std::string train = "cd " + dir + " && " + mtp::test::mlp_binary() + " train " + shared_path(kB0 + "/06.mtp") +
                            " " + shared_path("reference/mlip2/test/examples/01.train/train.cfg") + " --skip-preinit ";
  ASSERT_EQ(run_command(train + "--max-iter=60 --trained-pot-name=full.mtp").status, 0);
  ASSERT_EQ(run_command(train + "--max-iter=40 --checkpoint=ck.mtp --checkpoint-every=20 --trained-pot-name=part.mtp").status, 0);
  const auto r = run_command(train + "--max-iter=60 --resume=ck.mtp --trained-pot-name=resumed.mtp --log-detail=mlip2");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(lines_matching(r.output, "BFGS iter ").size(), 20u) << r.output;
  EXPECT_EQ(read_text(dir + "/resumed.mtp"), read_text(dir + "/full.mtp"));
  EXPECT_NE(read_text(dir + "/part.mtp"), read_text(dir + "/full.mtp"));
}

// --skip-final-refit keeps the last BFGS iteration's potential (the checkpoint written at that iteration);
// without it the closing linear fit and Rescale change the potential.
TEST(TrainCli, SkipFinalRefitKeepsTheLastIterationsPotential) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("train-skip-final-refit");
  const std::string train = "cd " + dir + " && " + mtp::test::mlp_binary() + " train " + shared_path(kB0 + "/06.mtp") +
                            " " + shared_path("reference/mlip2/test/examples/01.train/train.cfg") +
                            " --skip-preinit --max-iter=20 --log=none ";
  ASSERT_EQ(run_command(train + "--skip-final-refit --checkpoint=ck.mtp --checkpoint-every=20 --trained-pot-name=kept.mtp")
                .status,
            0);
  ASSERT_EQ(run_command(train + "--trained-pot-name=refit.mtp").status, 0);
  const mtp::Potential kept = mtp::io::load_potential(dir + "/kept.mtp"), last = mtp::io::load_potential(dir + "/ck.mtp");
  const mtp::Potential refit = mtp::io::load_potential(dir + "/refit.mtp");
  EXPECT_EQ(kept.parameters(), last.parameters());
  EXPECT_EQ(kept.scaling, last.scaling);
  EXPECT_NE(kept.parameters(), refit.parameters());
  EXPECT_NE(read_text(dir + "/kept.mtp.train.toml").find("skip_final_refit = true"), std::string::npos);
}

TEST(TrainCli, ResumeRejectsABrokenState) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("train-resume-broken");
  const std::string train = "cd " + dir + " && " + mtp::test::mlp_binary() + " train " + shared_path(kB0 + "/06.mtp") +
                            " " + shared_path("reference/mlip2/test/examples/01.train/train.cfg") + " --skip-preinit ";
  ASSERT_EQ(run_command(train + "--max-iter=4 --checkpoint=ck.mtp --checkpoint-every=2 --trained-pot-name=x.mtp").status, 0);
  std::string state = read_text(dir + "/ck.mtp.state");
  {
    std::ofstream cut(dir + "/ck.mtp.state", std::ios::binary);
    cut << state.substr(0, state.size() - 8);  // one number short
  }
  const auto r = run_command(train + "--max-iter=6 --resume=ck.mtp --trained-pot-name=resumed.mtp");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("ck.mtp.state"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("shorter"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir + "/resumed.mtp"));
  {
    std::ofstream old(dir + "/ck.mtp.state");
    old << "training 2\n";  // another program's (or an older) state
  }
  const auto r2 = run_command(train + "--max-iter=6 --resume=ck.mtp --trained-pot-name=resumed.mtp");
  EXPECT_NE(r2.status, 0);
  EXPECT_NE(r2.output.find("ck.mtp.state:1: expected 'OpenMTP training state 2'"), std::string::npos) << r2.output;
}

// A checkpoint records a digest of what the run depends on: resuming with another training set, template, weight
// or optimiser option is refused, and so is a state whose numbers were changed on disk.
TEST(TrainCli, ResumeRefusesOtherInputsAndACorruptedState) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("train-resume-inputs");
  const std::string train_cfg = shared_path("reference/mlip2/test/examples/01.train/train.cfg");
  const std::string tpl = shared_path(kB0 + "/06.mtp");
  const std::string mlp = "cd " + dir + " && " + mtp::test::mlp_binary() + " train ";
  ASSERT_EQ(run_command(mlp + tpl + " " + train_cfg +
                        " --skip-preinit --max-iter=4 --checkpoint=ck.mtp --checkpoint-every=2 --trained-pot-name=x.mtp")
                .status,
            0);
  // A training set with one configuration less.
  {
    std::ifstream in(train_cfg);
    std::ofstream out(dir + "/fewer.cfg");
    std::string line;
    int ends = 0;
    while (std::getline(in, line) && ends < 3) {
      out << line << "\n";
      if (line.find("END_CFG") != std::string::npos) ++ends;
    }
  }
  const std::vector<std::pair<std::string, std::string>> others = {
      {tpl + " " + dir + "/fewer.cfg --skip-preinit", "training set"},
      {shared_path("reference/mlip2/untrained_mtps/08.mtp") + " " + train_cfg + " --skip-preinit", "template"},
      {tpl + " " + train_cfg + " --skip-preinit --force-weight=0.1", "weight"},
      {tpl + " " + train_cfg + " --skip-preinit --optimizer=lbfgs", "optimiser"},
      {tpl + " " + train_cfg, "pre-training"}};
  for (const auto& [args, what] : others) {
    const auto r = run_command(mlp + args + " --max-iter=6 --resume=ck.mtp --trained-pot-name=resumed.mtp");
    EXPECT_NE(r.status, 0) << what << ": " << r.output;
    EXPECT_NE(r.output.find("another template, training set, weights or optimiser options"), std::string::npos)
        << what << ": " << r.output;
    EXPECT_FALSE(fs::exists(dir + "/resumed.mtp")) << what;
  }
  // The same inputs resume.
  const auto same = run_command(mlp + tpl + " " + train_cfg + " --skip-preinit --max-iter=6 --resume=ck.mtp --trained-pot-name=same.mtp");
  ASSERT_EQ(same.status, 0) << same.output;
  // One bit of one stored parameter flipped.
  std::string state = read_text(dir + "/ck.mtp.state");
  state[state.size() - 3] = char(state[state.size() - 3] ^ 0x10);
  {
    std::ofstream out(dir + "/ck.mtp.state", std::ios::binary);
    out << state;
  }
  const auto r = run_command(mlp + tpl + " " + train_cfg + " --skip-preinit --max-iter=6 --resume=ck.mtp --trained-pot-name=resumed.mtp");
  EXPECT_NE(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("ck.mtp.state: the checksum does not match"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir + "/resumed.mtp"));
}

TEST(TrainCli, Mlip3SpellingsAndCurrentPotentialFile) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("train-mlip3");
  const auto r = run_command("cd " + dir + " && " + mtp::test::mlp_binary() + " train " + shared_path(kB0 + "/06.mtp") + " " +
                             shared_path("reference/mlip2/test/examples/01.train/train.cfg") +
                             " --iteration_limit=4 --skip_preinit --log-detail=mlip2 --energy_weight=2 --force_weight=0.02 --stress_weight=0"
                             " --save_to=saved.mtp --curr-pot-name=current.mtp --valid-cfgs=" +
                             shared_path("reference/mlip2/test/examples/01.train/train.cfg"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(lines_matching(r.output, "BFGS iter ").size(), 4u) << r.output;
  EXPECT_NE(r.output.find("Energy weight: 2"), std::string::npos);
  EXPECT_NE(r.output.find("VALIDATION ERRORS"), std::string::npos);
  EXPECT_EQ(r.output.find("warning"), std::string::npos) << r.output;  // every option was understood
  EXPECT_TRUE(mtp::io::load_potential(dir + "/saved.mtp").trained);
  EXPECT_TRUE(mtp::io::load_potential(dir + "/current.mtp").trained);
}

// --type-order names the types of train.cfg: the trained potential records the names and nothing else
// changes; a count that does not fit the potential, or names disagreeing with recorded ones, are errors.
TEST(TrainCli, TypeOrderIsRecordedInTheTrainedPotential) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("train-type-order");
  const int species = mtp::io::load_potential(shared_path(kB0 + "/06.mtp")).species_count;
  std::string order, other;
  for (int t = 0; t < species; ++t) {
    order += std::string(t ? "," : "") + mtp::io::element_symbol(11 + t);
    other += std::string(t ? "," : "") + mtp::io::element_symbol(19 + t);
  }
  const std::string base = mtp::test::mlp_binary() + " train " + shared_path(kB0 + "/06.mtp") + " " +
                           shared_path("reference/mlip2/test/examples/01.train/train.cfg") +
                           " --max-iter=3 --skip-preinit --seed=5 --log=none ";
  ASSERT_EQ(run_command(base + "--trained-pot-name=" + dir + "/plain.mtp").status, 0);
  const auto r = run_command(base + "--type-order=" + order + " --trained-pot-name=" + dir + "/named.mtp");
  ASSERT_EQ(r.status, 0) << r.output;
  const mtp::Potential plain = mtp::io::load_potential(dir + "/plain.mtp");
  const mtp::Potential named = mtp::io::load_potential(dir + "/named.mtp");
  EXPECT_TRUE(plain.species_names.empty());
  EXPECT_EQ(mtp::io::SpeciesOrder(named.species_names).listed(), mtp::io::SpeciesOrder::parse(order).listed());
  EXPECT_EQ(named.parameters(), plain.parameters());
  // Retraining the named potential: an agreeing order is accepted, another refused.
  const std::string again = mtp::test::mlp_binary() + " train " + dir + "/named.mtp " +
                            shared_path("reference/mlip2/test/examples/01.train/train.cfg") +
                            " --max-iter=1 --skip-preinit --log=none --trained-pot-name=" + dir + "/again.mtp ";
  EXPECT_EQ(run_command(again + "--type-order=" + order).status, 0);
  const auto clash = run_command(again + "--type-order=" + other);
  EXPECT_NE(clash.status, 0);
  EXPECT_NE(clash.output.find("disagrees"), std::string::npos) << clash.output;
  const auto count = run_command(base + "--type-order=" + order + ",Ar --trained-pot-name=" + dir + "/x.mtp");
  EXPECT_NE(count.status, 0);
  EXPECT_NE(count.output.find("species_count"), std::string::npos) << count.output;
  EXPECT_FALSE(fs::exists(dir + "/x.mtp"));
}

TEST(TrainCli, BadOptionsAreErrors) {
  REQUIRE_SHARED();
  const std::string base = mtp::test::mlp_binary() + " train " + shared_path(kB0 + "/06.mtp") + " " +
                           shared_path("reference/mlip2/test/examples/01.train/train.cfg") + " --trained-pot-name= ";
  EXPECT_NE(run_command(base + "--weighting=atoms").status, 0);
  EXPECT_NE(run_command(base + "--init-params=zero").status, 0);
  EXPECT_NE(run_command(base + "--optimizer=adam").status, 0);
  EXPECT_NE(run_command(mtp::test::mlp_binary() + " train only-one-arg.mtp").status, 0);
  // Three species in the data, two in the potential: an error naming the configuration.
  const auto r = run_command(mtp::test::mlp_binary() + " train " + shared_path(kB0 + "/06.mtp") + " " +
                             shared_path("reference/mlip2/expected/b_train_LiTi2O4_L16_3sp/train.cfg") + " --trained-pot-name=");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("configuration 1 has atom type 2"), std::string::npos) << r.output;
}

// Feedback in files: a brief log (no per-iteration or per-candidate lines, a progress line with training and
// validation RMSE), the learning curve every --curve-every iterations, the parity table and, where
// /usr/bin/python3 has matplotlib, the two PNGs.
TEST(TrainCli, BriefLogLearningCurveAndPlots) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("train-plots");
  const std::string cfg = shared_path("reference/mlip2/test/examples/01.train/train.cfg");
  const auto r = run_command("cd " + dir + " && " + mtp::test::mlp_binary() + " train " + shared_path(kB0 + "/06.mtp") +
                             " " + cfg + " --skip-preinit --max-iter=6 --log-every=0 --curve-every=2 --valid-cfgs=" + cfg +
                             " --plots=plots --trained-pot-name=pot.mtp");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(lines_matching(r.output, "BFGS iter ").empty()) << r.output;
  EXPECT_EQ(r.output.find("condition number ="), std::string::npos) << r.output;
  EXPECT_EQ(lines_matching(r.output, "Rescaled: scaling ").size(), 1u) << r.output;  // the final Rescale
  const auto progress = lines_matching(r.output, "training iter ");
  ASSERT_EQ(progress.size(), 6u) << r.output;  // --log-every=0: every iteration
  EXPECT_NE(progress[0].find("meV/atom"), std::string::npos) << progress[0];
  EXPECT_NE(progress[0].find("valid E "), std::string::npos) << progress[0];
  const std::string curve = read_text(dir + "/plots/learning_curve.csv");
  EXPECT_EQ(lines_matching(curve, "training,").size(), 4u) << curve;  // iterations 1, 2, 4, 6
  const std::string parity = read_text(dir + "/plots/parity.csv");
  EXPECT_FALSE(lines_matching(parity, "train,force,").empty());
  EXPECT_EQ(lines_matching(parity, "train,energy_per_atom,").size(), lines_matching(parity, "valid,energy_per_atom,").size());
  if (run_command("/usr/bin/python3 -c 'import matplotlib'").status == 0) {
    EXPECT_GT(fs::file_size(dir + "/plots/learning_curve.png"), 10000u) << r.output;
    EXPECT_GT(fs::file_size(dir + "/plots/parity.png"), 10000u) << r.output;
  }
}

// --init-from: the upfitted L12 potential, untrained, has the trained Mo L08's errors to every printed digit;
// a few iterations from there lower them.
TEST(TrainCli, UpfitStartsFromTheLowerLevelsErrors) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("train-upfit");
  const std::string lower = shared_path("reference/mlip2/expected/c_train_Mo_L08/pot.mtp");
  const std::string cfg = shared_path("data/mlearn/Mo/train.cfg");
  const std::string l12 = mtp::test::source_path("untrained_mtps/12.mtp");
  const auto report = [](const std::string& out) { return out.substr(out.find("TRAIN ERRORS")); };
  const auto ref = run_command(mtp::test::mlp_binary() + " train " + lower + " " + cfg + " --max-iter=0 --trained-pot-name=");
  ASSERT_EQ(ref.status, 0) << ref.output;
  const auto up = run_command("cd " + dir + " && " + mtp::test::mlp_binary() + " train " + l12 + " " + cfg +
                              " --init-from=" + lower + " --max-iter=0 --trained-pot-name=up.mtp");
  ASSERT_EQ(up.status, 0) << up.output;
  EXPECT_NE(up.output.find("Upfitting from"), std::string::npos) << up.output;
  EXPECT_EQ(report(up.output), report(ref.output));
  EXPECT_EQ(mtp::io::load_potential(dir + "/up.mtp").moment_coeffs.size(), 29u);
  const auto trained = run_command("cd " + dir + " && " + mtp::test::mlp_binary() + " train " + l12 + " " + cfg +
                                   " --init-from=" + lower + " --max-iter=5 --trained-pot-name=up5.mtp");
  ASSERT_EQ(trained.status, 0) << trained.output;
  const double before = report_value(ref.output, "Forces", "RMS     absolute difference");
  const double after = report_value(trained.output, "Forces", "RMS     absolute difference");
  EXPECT_LT(after, before) << trained.output;
  EXPECT_NE(run_command(mtp::test::mlp_binary() + " train " + l12 + " " + cfg + " --init-from=" + lower +
                        " --resume=x.mtp --trained-pot-name=").status, 0);
}

// A Feature weight that is not a number >= 0 is an error naming the file and the configuration.
TEST(TrainCli, BadFeatureWeightNamesTheConfiguration) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("train-feature-weight");
  std::string text = read_text(shared_path("reference/mlip2/test/examples/01.train/train.cfg"));
  const std::size_t second = text.find("BEGIN_CFG", text.find("END_CFG"));
  text.insert(text.find("END_CFG", second), " Feature   weight  heavy\n");
  {
    std::ofstream out(dir + "/bad.cfg");
    out << text;
  }
  const auto r = run_command(mtp::test::mlp_binary() + " train " + shared_path(kB0 + "/06.mtp") + " " + dir +
                             "/bad.cfg --weight-feature=weight --max-iter=1 --trained-pot-name=" + dir + "/out.mtp");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("bad.cfg: configuration 2: Feature weight = 'heavy'"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir + "/out.mtp"));
}

// Energy-based weights change the fit and are reported with their range.
TEST(TrainCli, EnergyBasedWeightsAreReportedAndChangeTheFit) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("train-energy-weights");
  const std::string train = "cd " + dir + " && " + mtp::test::mlp_binary() + " train " + shared_path(kB0 + "/06.mtp") +
                            " " + shared_path("reference/mlip2/test/examples/01.train/train.cfg") + " --skip-preinit --max-iter=3 ";
  ASSERT_EQ(run_command(train + "--trained-pot-name=plain.mtp").status, 0);
  const auto r = run_command(train + "--energy-based-weights=0.05 --energy-weight-floor=0.2 --trained-pot-name=weighted.mtp");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto line = lines_matching(r.output, "Configuration weights from energies (DE = 0.05 eV/atom, floor 0.2): ");
  ASSERT_EQ(line.size(), 1u) << r.output;
  double lightest = 0, heaviest = 0;
  ASSERT_EQ(std::sscanf(line[0].c_str() + line[0].find("): ") + 3, "%lf to %lf", &lightest, &heaviest), 2) << line[0];
  EXPECT_LT(lightest, heaviest);
  EXPECT_GT(lightest, 0.0);
  EXPECT_NE(read_text(dir + "/plain.mtp"), read_text(dir + "/weighted.mtp"));
  EXPECT_NE(run_command(train + "--energy-based-weights=0.05 --energy-weight-floor=2 --trained-pot-name=").status, 0);
}

}  // namespace
