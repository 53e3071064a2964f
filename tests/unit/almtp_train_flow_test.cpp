// MLIP-3's .almtp training flow against MLIP-3's own outputs (../shared/reference/mlip3/expected/
// almtp_train_flow, made by MLIP-3 7fe598d; its README section 4 says how): the selection state built from a
// trained potential (A, A^-1 and the row owners of pot_cfg.almtp and pot_nbh.almtp), the training loss with
// --weight_scaling / --weight_scaling_forces at MLIP-3's potentials, calculate_grade and select_add on MLIP-3's
// potentials, and `mlp train ... --save_to=x.almtp --al_mode=cfg|nbh` end to end. Tests that read ../shared
// skip with a message where it is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "mtp/active/select_add.hpp"
#include "mtp/active/training_selection.hpp"
#include "mtp/core/error.hpp"
#include "mtp/fit/communicator.hpp"
#include "mtp/fit/trainer.hpp"
#include "mtp/io/almtp_file.hpp"
#include "mtp/io/cfg_text.hpp"
#include "support/files.hpp"
#include "support/paths.hpp"
#include "support/run_command.hpp"

namespace {

namespace fs = std::filesystem;
using mtp::test::quoted;
using mtp::test::read_cfg_file;
using mtp::test::read_file;
using mtp::test::run_mlp;
using mtp::test::shared_path;

std::string flow(const std::string& name) {
  return shared_path("reference/mlip3/expected/almtp_train_flow/" + name);
}

// max |a - b| / max(1, |b|) over the entries of two matrices.
double relative_difference(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  double d = 0.0;
  for (Eigen::Index i = 0; i < a.rows(); ++i)
    for (Eigen::Index j = 0; j < a.cols(); ++j) d = std::max(d, std::abs(a(i, j) - b(i, j)) / std::max(1.0, std::abs(b(i, j))));
  return d;
}

// The selection state MLIP-3's `train` stored in `file`, rebuilt here from the potential of that file and the
// training set with the file's selection weights: same rows of A (same owners and equations), same A and A^-1.
void expect_same_selection_state(const std::string& file, std::size_t filled_rows) {
  const mtp::io::AlmtpContents theirs = mtp::io::load_almtp(flow(file));
  ASSERT_TRUE(theirs.active_set.has_value());
  const auto train = read_cfg_file(flow("train.cfg"));
  const mtp::active::ActiveSet ours = mtp::active::select_training_set(
      theirs.potential, theirs.active_set->weights(), mtp::active::stream_of(train), {});
  const auto& a = ours.maxvol().matrix();
  const auto& b = theirs.active_set->maxvol().matrix();
  ASSERT_EQ(a.rows(), 22);
  ASSERT_EQ(b.rows(), 22);
  EXPECT_EQ(ours.filled_rows(), filled_rows);
  EXPECT_EQ(theirs.active_set->filled_rows(), filled_rows);
  for (std::size_t r = 0; r < 22; ++r) {
    EXPECT_EQ(ours.owners()[r].cfg, theirs.active_set->owners()[r].cfg) << "row " << r;
    EXPECT_EQ(ours.owners()[r].equation, theirs.active_set->owners()[r].equation) << "row " << r;
  }
  // The rows are gradients of E/N (cfg) or of site energies (nbh); MLIP-3 stores them as binary doubles.
  EXPECT_LT(relative_difference(Eigen::MatrixXd(a), Eigen::MatrixXd(b)), 1e-10);
  const Eigen::MatrixXd& ia = ours.maxvol().inverse();
  const Eigen::MatrixXd& ib = theirs.active_set->maxvol().inverse();
  const double scale = ib.cwiseAbs().maxCoeff();
  EXPECT_LT((ia - ib).cwiseAbs().maxCoeff() / scale, 1e-8);
  EXPECT_EQ(ours.configurations().size(), theirs.active_set->configurations().size());
}

TEST(AlmtpTrainFlow, ConfigurationModeStateEqualsMlip3s) {
  REQUIRE_SHARED();
  expect_same_selection_state("pot_cfg.almtp", 2);  // README: 2 of 22 rows filled
}

TEST(AlmtpTrainFlow, NeighborhoodModeStateEqualsMlip3s) {
  REQUIRE_SHARED();
  expect_same_selection_state("pot_nbh.almtp", 19);  // README: 19 of 22 rows filled
}

TEST(AlmtpTrainFlow, RetrainedStateEqualsMlip3s) {
  REQUIRE_SHARED();
  expect_same_selection_state("pot_cfg_retrained.almtp", 2);
}

// The training loss as MLIP-3 prints it (f = sum over configurations / count + penalty) at a given potential.
double mlip3_loss(const mtp::Potential& potential, const mtp::fit::AtomCountPowers& powers) {
  std::vector<mtp::fit::TrainingSample> samples;
  for (const auto& cfg : read_cfg_file(flow("train.cfg"))) samples.push_back(mtp::fit::make_sample(cfg, potential.cutoff()));
  mtp::fit::TrainerOptions o;
  o.weights.powers = powers;
  o.weights.penalty = 1e-6;  // MLIP-3's penalty_weight
  mtp::fit::Trainer trainer(potential, std::move(samples), o, mtp::fit::Communicator::serial());
  return trainer.loss(potential.parameters());
}

// retrain_cfg.log: re-training pot_cfg.almtp (weights 1, 0.01, 0.001, --weight_scaling 1, --weight_scaling_forces 0)
// starts with "BFGS iter 0: f=0.0011592", the loss at pot_cfg.almtp's potential (its min_dist is already the
// updated one). Printed to 5 significant digits.
TEST(AlmtpTrainFlow, LossAtMlip3sPotentialEqualsItsPrintedLoss) {
  REQUIRE_SHARED();
  const mtp::Potential pot = mtp::io::load_almtp(flow("pot_cfg.almtp")).potential;
  EXPECT_NEAR(mlip3_loss(pot, {1, 0}), 0.0011592, 5e-8);
}

// train_ws0/ws2/wsf1.log end with the loss of BFGS iteration 49; MLIP-3 then refits the linear coefficients and
// rescales, which changes the loss a little: the saved potentials' losses under their own scaling lie within 1 %
// of those printed values.
TEST(AlmtpTrainFlow, LossesAtMlip3sTrainedPotentialsNearTheirLastPrintedLoss) {
  REQUIRE_SHARED();
  struct Case {
    const char* file;
    const char* log;
    mtp::fit::AtomCountPowers powers;
  };
  for (const Case& c : {Case{"pot_ws0.almtp", "train_ws0.log", {0, 0}}, Case{"pot_ws2.almtp", "train_ws2.log", {2, 0}},
                        Case{"pot_wsf1.almtp", "train_wsf1.log", {1, 1}}, Case{"pot_cfg.almtp", "train_cfg.log", {1, 0}}}) {
    std::ifstream log(flow(c.log));
    std::string line, last;
    while (std::getline(log, line))
      if (line.rfind("BFGS iter 49: f=", 0) == 0) last = line.substr(16);
    ASSERT_FALSE(last.empty()) << c.log;
    const double printed = std::stod(last);
    const mtp::Potential pot = mtp::io::load_almtp(flow(c.file)).potential;
    EXPECT_NEAR(mlip3_loss(pot, c.powers), printed, 0.01 * printed) << c.file;
  }
}

// The first loss MLIP-3 prints ("BFGS iter 0", pre-training, after min_dist update, linear fit and Rescale from
// the template 06.almtp) for each scaling. With the default scaling (1/0) ours equals it to 3e-6 relative (ours prints 6 digits); with
// --weight_scaling=0, =2 and --weight_scaling_forces=1 ours lies within 2 % of MLIP-3's (the remaining difference
// is not explained: docs/DIFFERENCES.md) and more than 10 % from every other scaling's value, so each option acts
// as MLIP-3's does on the loss's scale.
TEST(AlmtpTrainFlow, FirstPretrainingLossPerWeightScaling) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("flow-first-loss");
  struct Case {
    const char* options;
    double mlip3;  // train_*.log: first "BFGS iter 0: f="
    double tolerance;
  };
  const Case cases[] = {{"", 0.02888096, 3e-6},  // ours is printed to 6 digits: 0.0288809
                        {"--weight_scaling=0", 0.038128141, 0.02},
                        {"--weight_scaling=2", 0.021196451, 0.02},
                        {"--weight_scaling_forces=1", 0.00040778293, 0.02}};
  for (const Case& c : cases) {
    const auto r = run_mlp("train " + quoted(flow("06.almtp")) + " " + quoted(flow("train.cfg")) + " --save_to=" +
                           quoted(dir + "/x.almtp") + " --iteration_limit=1 --log-detail=mlip2 " + c.options);
    ASSERT_EQ(r.status, 0) << r.output;
    const std::size_t at = r.output.find("BFGS iter 0: f=");
    ASSERT_NE(at, std::string::npos) << r.output;
    const double f = std::stod(r.output.substr(at + 15));
    EXPECT_NEAR(f, c.mlip3, c.tolerance * c.mlip3) << c.options;
    for (const Case& other : cases)
      if (&other != &c) EXPECT_GT(std::abs(f - other.mlip3), 0.1 * other.mlip3) << c.options << " vs " << other.options;
  }
}

// calculate_grade with MLIP-3's stored states: every configuration's MV_grade (%f) and, in nbh mode, the per-atom
// grades (%15.5f) as MLIP-3 printed them.
void expect_grades_as_mlip3(const std::string& pot, const std::string& expected) {
  const std::string dir = mtp::test::scratch_dir("flow-grade-" + pot);
  const auto r = run_mlp("calculate_grade " + quoted(flow(pot)) + " " + quoted(flow("grade_in.cfg")) + " " + quoted(dir + "/graded.cfg"));
  ASSERT_EQ(r.status, 0) << r.output;
  const auto got = read_cfg_file(dir + "/graded.cfg");
  const auto want = read_cfg_file(flow(expected));
  ASSERT_EQ(got.size(), 9u);
  ASSERT_EQ(want.size(), 9u);
  for (std::size_t k = 0; k < 9; ++k) {
    EXPECT_EQ(got[k].features.at("ID"), want[k].features.at("ID"));
    const double g = std::stod(got[k].features.at("MV_grade")), w = std::stod(want[k].features.at("MV_grade"));
    // %f: 6 decimals; the cfg-mode grades of 1e4-1e5 come from near-singular A (init_value 1e-6 rows), so
    // compare those to 1e-7 relative.
    EXPECT_NEAR(g, w, std::max(1.5e-6, 1e-7 * w)) << "configuration " << k + 1;
    ASSERT_EQ(got[k].nbh_grades.size(), want[k].nbh_grades.size());
    for (std::size_t i = 0; i < got[k].nbh_grades.size(); ++i)
      EXPECT_NEAR(got[k].nbh_grades[i], want[k].nbh_grades[i], 1.5e-5) << "configuration " << k + 1 << " atom " << i + 1;
  }
  // The "Sampling" log lines: one per configuration, with MLIP-3's 6 significant digits.
  std::istringstream expected_log(read_file(flow(pot == "pot_cfg.almtp" ? "grade_cfg.stdout" : "grade_nbh.stdout")));
  std::string line;
  int lines = 0;
  while (std::getline(expected_log, line))
    if (line.rfind("Sampling: cfg# ", 0) == 0) {
      EXPECT_NE(r.output.find(line + "\n"), std::string::npos) << line << "\n" << r.output;
      ++lines;
    }
  EXPECT_EQ(lines, 9);
}

TEST(AlmtpTrainFlow, CalculateGradeConfigurationModeAsMlip3) {
  REQUIRE_SHARED();
  expect_grades_as_mlip3("pot_cfg.almtp", "graded_cfg.cfg");
}

TEST(AlmtpTrainFlow, CalculateGradeNeighborhoodModeAsMlip3) {
  REQUIRE_SHARED();
  expect_grades_as_mlip3("pot_nbh.almtp", "graded_nbh.cfg");
}

// select_add with MLIP-3's stored states selects the same 7 candidates (compared by their positions), and the
// --log holds MLIP-3's selection lines.
void expect_selection_as_mlip3(const std::string& mode) {
  const std::string dir = mtp::test::scratch_dir("flow-select-" + mode);
  const auto r = run_mlp("select_add " + quoted(flow("pot_" + mode + ".almtp")) + " " + quoted(flow("train.cfg")) + " " +
                         quoted(flow("grade_in.cfg")) + " " + quoted(dir + "/selected.cfg") + " --log=" + quoted(dir + "/select.log"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("Training set was increased by 7 configurations"), std::string::npos) << r.output;
  auto key = [](const std::vector<mtp::Configuration>& cfgs) {
    std::vector<std::vector<long long>> out;
    for (const auto& c : cfgs) {
      std::vector<long long> v;
      for (const auto& p : c.positions)
        for (double x : {p.x, p.y, p.z}) v.push_back(std::llround(x * 1e5));
      out.push_back(v);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  const auto got = read_cfg_file(dir + "/selected.cfg");
  const auto want = read_cfg_file(flow("selected_" + mode + ".cfg"));
  ASSERT_EQ(got.size(), 7u);
  EXPECT_EQ(key(got), key(want));
  for (const auto& c : got) EXPECT_TRUE(c.features.count("selected_eqn_inds"));
  const std::string log = read_file(dir + "/select.log");
  std::istringstream expected(read_file(flow("select_add_" + mode + ".log")));
  std::string line;
  std::size_t lines = 0, found = 0;
  while (std::getline(expected, line)) {
    ++lines;
    if (log.find(line + "\n") != std::string::npos) ++found;
  }
  // Every "added for selection" and "selecting" line; the "evaluated" lines too (grade, swaps, set size).
  EXPECT_EQ(found, lines) << log;
}

TEST(AlmtpTrainFlow, SelectAddConfigurationModeAsMlip3) {
  REQUIRE_SHARED();
  expect_selection_as_mlip3("cfg");
}

TEST(AlmtpTrainFlow, SelectAddNeighborhoodModeAsMlip3) {
  REQUIRE_SHARED();
  expect_selection_as_mlip3("nbh");
}

// calculate_efs reads a trained .almtp (the selection state is skipped) and gives MLIP-3's energies and forces.
TEST(AlmtpTrainFlow, CalculateEfsOfATrainedAlmtpAsMlip3) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("flow-efs");
  const auto r = run_mlp("calculate_efs " + quoted(flow("pot_nbh.almtp")) + " " + quoted(flow("grade_in.cfg")) +
                         " --output_filename=" + quoted(dir + "/efs.cfg"));
  ASSERT_EQ(r.status, 0) << r.output;
  const auto got = read_cfg_file(dir + "/efs.cfg");
  const auto want = read_cfg_file(flow("efs_pot_nbh__grade_in.cfg"));
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t k = 0; k < got.size(); ++k) {
    EXPECT_NEAR(*got[k].energy, *want[k].energy, 1e-11 * std::max(1.0, std::abs(*want[k].energy)));
    for (std::size_t i = 0; i < got[k].size(); ++i)
      for (int a = 0; a < 3; ++a) EXPECT_NEAR(got[k].forces[i][a], want[k].forces[i][a], 1.5e-6);
  }
}

// The 5 weight lines of an .almtp's selection state.
std::map<std::string, std::string> selection_header(const std::string& path) {
  std::map<std::string, std::string> out;
  const std::string text = read_file(path);
  const std::size_t at = text.find("\n#MVS_v1.1\n");
  if (at == std::string::npos) return out;
  std::istringstream in(text.substr(at + 11));
  for (int k = 0; k < 5; ++k) {
    std::string key, value;
    in >> key >> value;
    out[key] = value;
  }
  return out;
}

// `mlp train` on MLIP-3's template: the .almtp written holds the selection state (cfg or nbh rows), calculate_grade
// works on it at once (the training configurations grade 1), and re-training keeps the stored mode whatever
// --al_mode says (and says so).
TEST(AlmtpTrainFlow, TrainWritesTheSelectionStateAndRetrainingKeepsIt) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("flow-train");
  const std::string train = quoted(flow("train.cfg"));
  for (const std::string mode : {"cfg", "nbh"}) {
    const std::string pot = dir + "/pot_" + mode + ".almtp";
    const auto r = run_mlp("train " + quoted(flow("06.almtp")) + " " + train + " --save_to=" + quoted(pot) +
                           " --al_mode=" + mode + " --iteration_limit=5 --log=" + quoted(dir + "/train_" + mode + ".log"));
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(r.output.find("warning"), std::string::npos) << r.output;
    const auto header = selection_header(pot);
    ASSERT_EQ(header.size(), 5u) << "no selection state in " << pot;
    EXPECT_EQ(std::stod(header.at("energy_weight")), mode == "cfg" ? 1.0 : 0.0);
    EXPECT_EQ(std::stod(header.at("site_en_weight")), mode == "cfg" ? 0.0 : 1.0);
    EXPECT_EQ(header.at("weight_scaling"), "2");
    const std::string log = read_file(dir + "/train_" + mode + ".log");
    EXPECT_NE(log.find("Selection data was not found"), std::string::npos) << log;
    // min_dist is updated by default in MLIP-3's flow: 0.99 x 2.39245 (the training set's smallest distance).
    const auto contents = mtp::io::load_almtp(pot);
    EXPECT_NEAR(contents.potential.radial.min_dist, 0.99 * 2.39245, 1e-5);
    ASSERT_TRUE(contents.active_set.has_value());
    // cfg mode: one row per configuration (2 of 22); nbh mode: site-energy rows of 256 atoms fill more.
    if (mode == "cfg") EXPECT_EQ(contents.active_set->filled_rows(), 2u);
    else EXPECT_GT(contents.active_set->filled_rows(), 2u);
    const auto g = run_mlp("calculate_grade " + quoted(pot) + " " + train + " " + quoted(dir + "/graded_" + mode + ".cfg"));
    ASSERT_EQ(g.status, 0) << g.output;
    for (const auto& c : read_cfg_file(dir + "/graded_" + mode + ".cfg"))
      EXPECT_LE(std::stod(c.features.at("MV_grade")), 1.001 + 1e-6);
  }
  const std::string retrained = dir + "/retrained.almtp";
  const auto r = run_mlp("train " + quoted(dir + "/pot_cfg.almtp") + " " + train + " --save_to=" + quoted(retrained) +
                         " --al_mode=nbh --iteration_limit=3");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("--al_mode=nbh is ignored"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("Pre-training started"), std::string::npos) << r.output;  // already trained
  const auto header = selection_header(retrained);
  ASSERT_EQ(header.size(), 5u);
  EXPECT_EQ(std::stod(header.at("energy_weight")), 1.0);
  EXPECT_EQ(std::stod(header.at("site_en_weight")), 0.0);
}

TEST(AlmtpTrainFlow, PlainMtpTrainingWritesNoSelectionState) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("flow-plain");
  const auto r = run_mlp("train " + quoted(flow("06.almtp")) + " " + quoted(flow("train.cfg")) + " --save_to=" +
                         quoted(dir + "/pot.mtp") + " --iteration_limit=2 --skip_preinit --init_random=false");
  // The template is an .almtp: MLIP-3's flow, so the state is written even to a .mtp name.
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(mtp::io::has_mlip3_state(dir + "/pot.mtp"));
  const std::string mtp2 = shared_path("reference/mlip2/test/examples/01.train/06.mtp");
  if (!fs::exists(mtp2)) GTEST_SKIP() << "no MLIP-2 template at " << mtp2;
  const auto plain = run_mlp("train " + quoted(mtp2) + " " + quoted(flow("train.cfg")) + " --save_to=" +
                             quoted(dir + "/plain.mtp") + " --iteration_limit=2 --skip_preinit");
  ASSERT_EQ(plain.status, 0) << plain.output;
  EXPECT_FALSE(mtp::io::has_mlip3_state(dir + "/plain.mtp"));
}

TEST(AlmtpTrainFlow, RefusedOptionsSayWhy) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("flow-refused");
  const std::string base = "train " + quoted(flow("06.almtp")) + " " + quoted(flow("train.cfg")) + " --save_to=" +
                           quoted(dir + "/x.almtp") + " --iteration_limit=1 ";
  struct Case {
    const char* options;
    const char* message;
  };
  for (const Case& c : {Case{"--al_mode=atoms", "--al_mode must be one of cfg, nbh"},
                        Case{"--select_factor=2", "--select_factor other than 1"},
                        Case{"--auto-minmax-magmom", "--auto-minmax-magmom is not supported"},
                        Case{"--weight_scaling=1 --weighting=molecules", "give one of them"},
                        Case{"--weight_scaling_forces=-1", "--weight_scaling_forces must be 0 to 64"}}) {
    const auto r = run_mlp(base + c.options);
    EXPECT_NE(r.status, 0) << c.options;
    EXPECT_NE(r.output.find(c.message), std::string::npos) << c.options << ": " << r.output;
    EXPECT_FALSE(fs::exists(dir + "/x.almtp")) << c.options;
  }
}

// calculate_grade's sampler settings: threshold_save filters, threshold_break stops with no output left behind,
// add_grade_feature=false leaves MV_grade out, --log=none silences the Sampling lines.
TEST(AlmtpTrainFlow, CalculateGradeSamplerSettings) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("flow-sampler");
  const std::string head = "calculate_grade " + quoted(flow("pot_nbh.almtp")) + " " + quoted(flow("grade_in.cfg")) + " ";
  auto r = run_mlp(head + quoted(dir + "/above2.cfg") + " --threshold_save=2 --log=none");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output.find("Sampling:"), std::string::npos) << r.output;
  const auto above = read_cfg_file(dir + "/above2.cfg");
  // README: nbh grades 1, 1, 1.19, 11.78, 4.29, 1.017, 3.92, 6.29, 1.38.
  ASSERT_EQ(above.size(), 4u);
  for (const auto& c : above) EXPECT_GT(std::stod(c.features.at("MV_grade")), 2.0);
  r = run_mlp(head + quoted(dir + "/break.cfg") + " --threshold_save=2 --threshold_break=10");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("breaking threshold exceeded"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir + "/break.cfg"));
  r = run_mlp(head + quoted(dir + "/nofeature.cfg") + " --add_grade_feature=false");
  ASSERT_EQ(r.status, 0) << r.output;
  // The input's own features are kept: the two training configurations carry an old MV_grade, the others none.
  const auto input = read_cfg_file(flow("grade_in.cfg"));
  const auto without = read_cfg_file(dir + "/nofeature.cfg");
  ASSERT_EQ(without.size(), input.size());
  for (std::size_t k = 0; k < input.size(); ++k) {
    ASSERT_EQ(without[k].features.count("MV_grade"), input[k].features.count("MV_grade")) << "configuration " << k + 1;
    if (input[k].features.count("MV_grade"))
      EXPECT_EQ(without[k].features.at("MV_grade"), input[k].features.at("MV_grade"));
  }
}

}  // namespace
