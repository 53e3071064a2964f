// The active-learning loop end to end, with a trained MTP (the mlearn Cu potential) as the oracle and the
// in-process MD engine, so the test needs neither LAMMPS nor an ab initio code.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "mtp/core/error.hpp"
#include "mtp/io/almtp_file.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/learn/loop.hpp"
#include "mtp/learn/molecular_dynamics.hpp"
#include "mtp/learn/mtp_oracle.hpp"
#include "mtp/learn/origin_weights.hpp"
#include "mtp/learn/retrain.hpp"
#include "mtp/learn/work_directory.hpp"
#include "support/pair_potential.hpp"
#include "support/paths.hpp"

namespace mtp::learn {
namespace {

const double kTemperature = 500.0;

// Counts calls; optionally ends the whole program's work (as a kill would) on call number `kill_at`.
struct Killed {};
class CountingOracle : public oracle::Oracle {
 public:
  explicit CountingOracle(const Potential& teacher, long kill_at = -1) : teacher_(teacher), kill_at_(kill_at) {}
  std::string name() const override { return "teacher"; }
  void compute(Configuration& cfg, const std::string& workdir) const override {
    if (calls_++ == kill_at_) throw Killed{};
    teacher_.compute(cfg, workdir);
    ++completed_;
  }
  long completed() const { return completed_; }

 private:
  MtpOracle teacher_;
  long kill_at_;
  mutable std::atomic<long> calls_{0};
  mutable std::atomic<long> completed_{0};
};

class LearnLoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_SHARED();
    teacher_ = io::load_potential(test::shared_path("data/mlearn/Cu/maml_fitted.mtp"));
    dir_ = test::scratch_dir("learn-loop");
    Configuration vacancy = test::fcc_cell(3.62, 2);
    vacancy.positions.erase(vacancy.positions.begin() + 5);
    vacancy.types.erase(vacancy.types.begin() + 5);
    save_configurations(dir_ + "/starts.cfg", {test::fcc_cell(3.62, 2), vacancy});
  }
  LearnSettings settings(const std::string& work) const {
    std::ostringstream t;
    t << "work_dir = '" << work << "'\nspecies = ['Cu']\nmasses = [63.546]\nmax_iterations = 8\nthreads = 1\n"
      << "[potential]\nlevel = 8\nmin_dist = 1.8\nmax_dist = 3.9\n"
      << "[train]\nmax_iterations = 150\nrattle_amplitude = 0.08\n"
      << "[explore]\nstructures = ['" << dir_ << "/starts.cfg']\ntemperatures = [" << kTemperature << "]\n"
      << "steps = 300\ngrade_every = 5\nthreshold_save = 2\nthreshold_break = 10\n"
      << "[select]\nlimit = 6\n[oracle]\nkind = 'mtp'\nparallel = 2\n[holdout]\nrattle = 2\n[report]\nplots = false\n";
    return parse_settings(t.str(), dir_ + "/settings.toml");
  }
  Potential teacher_;
  std::string dir_;
};

std::string iter(const std::string& work, int i, const std::string& rel) {
  char name[32];
  std::snprintf(name, sizeof name, "/iter_%03d/", i);
  return work + name + rel;
}

bool same_geometry(const Configuration& a, const Configuration& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    for (int k = 0; k < 3; ++k)
      if (a.positions[i][k] != b.positions[i][k]) return false;
  return true;
}

TEST_F(LearnLoopTest, ConvergesGrowsOnlyBySelectionAndPredictsHotterMd) {
  const std::string work = dir_ + "/run";
  CountingOracle oracle(teacher_);
  const LoopResult r = run_active_learning(settings(work), oracle, &std::cout);
  EXPECT_TRUE(r.converged);
  ASSERT_GE(r.iterations, 2);

  // Each iteration's training set is the previous one plus exactly the selected configurations the oracle
  // computed, in order, with the oracle's values.
  Evaluator teacher(teacher_);
  for (int i = 1; i < r.iterations; ++i) {
    const auto before = load_configurations(iter(work, i - 1, "train/train.cfg"));
    const auto after = load_configurations(iter(work, i, "train/train.cfg"));
    const auto selected = load_configurations(iter(work, i, "select/selected.cfg"));
    ASSERT_EQ(after.size(), before.size() + selected.size()) << "iteration " << i;
    EXPECT_LE(selected.size(), 6u);
    for (std::size_t k = 0; k < before.size(); ++k) EXPECT_TRUE(same_geometry(before[k], after[k]));
    for (std::size_t k = 0; k < selected.size(); ++k) {
      const Configuration& added = after[before.size() + k];
      EXPECT_TRUE(same_geometry(selected[k], added));
      Configuration check = selected[k];
      teacher.compute_into(check);
      EXPECT_DOUBLE_EQ(*check.energy, *added.energy);
    }
  }
  // Every training configuration records its origin: the starting copies their structure, each selection the
  // exploration run whose collected configurations hold it.
  for (const Configuration& c : load_configurations(iter(work, 0, "train/train.cfg")))
    EXPECT_TRUE(c.features.at("origin") == "start_000" || c.features.at("origin") == "start_001");
  for (int i = 1; i < r.iterations; ++i)
    for (const Configuration& c : load_configurations(iter(work, i, "select/selected.cfg"))) {
      const std::string origin = c.features.at("origin");
      ASSERT_TRUE(origin == "run_000" || origin == "run_001") << origin;
      bool found = false;
      for (const char* sub : {"explore/", "confirm/"})
        if (exists(iter(work, i, sub + origin + "/collected.cfg")))
          for (const Configuration& x : load_configurations(iter(work, i, sub + origin + "/collected.cfg")))
            found = found || same_geometry(x, c);
      EXPECT_TRUE(found) << "iteration " << i << ", " << origin;
    }

  // The converged iteration explored and found nothing above the save threshold.
  EXPECT_EQ(r.summaries.back().collected, 0u);
  EXPECT_LE(r.summaries.back().max_grade, 2.0);

  // MD with the oracle itself at 1.2 times the exploration temperature: configurations never seen.
  const Potential learned = io::load_almtp(r.potential).potential;
  std::vector<Configuration> hot;
  MdParameters p;
  p.masses = {63.546};
  p.temperature = 1.2 * kTemperature;
  p.steps = 400;
  p.seed = 99;
  p.observe_every = 40;
  run_md(test::fcc_cell(3.62, 2), [&](Configuration& c) { teacher.compute_into(c); }, p,
         [&](const Configuration& c, int step) {
           if (step > 0) hot.push_back(c);
           return true;
         });
  ASSERT_EQ(hot.size(), 10u);
  const FitErrors e = fit_errors(learned, hot);
  std::cout << "hot MD: energy MAE " << e.energy_mae << " max " << e.energy_max << " eV/atom; force component RMSE "
            << e.force_component_rmse << " max " << e.force_component_max << " eV/A\n";
  EXPECT_LT(e.energy_mae, 0.010);
  EXPECT_LT(e.energy_max, 0.020);
  EXPECT_LT(e.force_component_rmse, 0.15);
  EXPECT_LT(e.force_component_max, 0.6);
}

// continue_from_last: from the second iteration on, every MD run starts where the same run of the previous
// iteration ended (the progress line says how many did). confirm_steps: an exploration that finds nothing is
// repeated with longer runs before the loop stops, so the converged iteration has a clean confirmation, and any
// iteration whose confirmation found something went on to select from it.
TEST_F(LearnLoopTest, ContinuesRunsAndConfirmsConvergenceWithLongerMd) {
  const std::string work = dir_ + "/continue";
  LearnSettings s = settings(work);
  s.explore.continue_from_last = true;
  s.explore.confirm_steps = 900;
  s.max_iterations = 15;
  s.train.origin_balance = 1.0;  // runs through the loop here; its effect: learn_origin_weights_test
  s.select.min_per_run = 3;
  CountingOracle oracle(teacher_);
  std::ostringstream progress;
  const LoopResult r = run_active_learning(s, oracle, &progress);
  std::cout << progress.str();
  ASSERT_TRUE(r.converged);
  ASSERT_GE(r.iterations, 2);
  const std::string text = progress.str();
  for (int i = 2; i <= r.iterations; ++i)
    EXPECT_NE(text.find("[iter " + std::to_string(i) + "] explore: 2 runs (2 continued from the last iteration)"),
              std::string::npos)
        << "iteration " << i;
  EXPECT_EQ(text.find("[iter 1] explore: 2 runs (2 continued"), std::string::npos);
  // The converged iteration: a clean exploration, then a clean confirmation of 900 steps.
  EXPECT_TRUE(exists(iter(work, r.iterations, "confirm/run_000/done.json")));
  EXPECT_TRUE(exists(iter(work, r.iterations, "confirm/run_001/done.json")));
  EXPECT_NE(text.find("[iter " + std::to_string(r.iterations) + "] confirm: 2 runs of 900 steps, 0 stopped at the "
                      "break threshold, 0 configurations above 2"),
            std::string::npos);
  EXPECT_NE(load_text(iter(work, 1, "train/log.txt")).find("weights by origin: "), std::string::npos);
  // min_per_run: an iteration that selects adds where a run ended exactly when that run would otherwise have
  // fewer than three training configurations, so the counts grow by one a time up to three at least.
  auto counts = [&](int i) { return count_by_origin(load_configurations(iter(work, i, "train/train.cfg"))); };
  int topped_up = 0;
  for (int i = 1; i < r.iterations; ++i) {
    if (!exists(iter(work, i, "train/train.cfg"))) continue;
    const auto before = counts(i - 1), after = counts(i);
    const auto selected = load_configurations(iter(work, i, "select/selected.cfg"));
    for (const std::string origin : {"run_000", "run_001"}) {
      const std::size_t had = before.count(origin) ? before.at(origin) : 0;
      const std::size_t has = after.count(origin) ? after.at(origin) : 0;
      EXPECT_GE(has, std::min<std::size_t>(3, had + 1)) << "iteration " << i << ", " << origin;
      // The run's end, as the run left it (the confirmation's run when there was one).
      const std::string sub = exists(iter(work, i, "confirm/" + origin + "/final.cfg")) ? "confirm/" : "explore/";
      const Configuration end = load_configurations(iter(work, i, sub + origin + "/final.cfg")).at(0);
      bool found = false;
      for (const Configuration& c : selected)
        found = found || (same_geometry(c, end) && c.features.at("origin") == origin);
      if (found) {
        EXPECT_LT(had, 3u) << "iteration " << i << ", " << origin;
        ++topped_up;
      } else {
        EXPECT_GE(has, 3u) << "iteration " << i << ", " << origin;
      }
    }
  }
  EXPECT_GT(topped_up, 0);
  EXPECT_NE(text.find(" run with fewer than 3 training configurations ended"), std::string::npos);
  for (int i = 1; i < r.iterations; ++i) {
    if (exists(iter(work, i, "confirm/run_000/done.json"))) {
      EXPECT_TRUE(exists(iter(work, i, "select/selected.cfg"))) << "iteration " << i << " confirmed, then selected";
    }
  }
}

TEST_F(LearnLoopTest, KilledMidOracleResumesToTheSameTrainingSet) {
  const std::string straight = dir_ + "/straight", resumed = dir_ + "/resumed";
  CountingOracle full(teacher_);
  const LoopResult a = run_active_learning(settings(straight), full, nullptr);

  // Killed during the first exploration iteration's oracle calls (after the hold-out and starting set).
  const long before_iteration_1 = long(load_configurations(straight + "/holdout/holdout.cfg").size() +
                                       load_configurations(iter(straight, 0, "train/train.cfg")).size());
  CountingOracle killer(teacher_, before_iteration_1 + 2);
  EXPECT_THROW(run_active_learning(settings(resumed), killer, nullptr), Killed);
  EXPECT_FALSE(std::filesystem::exists(iter(resumed, 1, "train/train.cfg")));
  CountingOracle rest(teacher_);
  const LoopResult b = run_active_learning(settings(resumed), rest, nullptr);

  EXPECT_EQ(a.iterations, b.iterations);
  EXPECT_EQ(a.converged, b.converged);
  // No finished oracle call was repeated.
  EXPECT_EQ(killer.completed() + rest.completed(), full.completed());
  const auto ta = load_configurations(a.training_set), tb = load_configurations(b.training_set);
  ASSERT_EQ(ta.size(), tb.size());
  for (std::size_t k = 0; k < ta.size(); ++k) {
    EXPECT_TRUE(same_geometry(ta[k], tb[k])) << k;
    EXPECT_EQ(*ta[k].energy, *tb[k].energy) << k;
  }
  EXPECT_EQ(load_text(a.potential), load_text(b.potential));
}

TEST(LearnSettings, RejectsUnknownKeysAndResolvesPaths) {
  EXPECT_THROW(parse_settings("masses=[1]\n[explore]\nstructures=['a.cfg']\nstepz = 3\n", "/x/s.toml"), Error);
  const LearnSettings s = parse_settings("masses=[1]\nspecies=['Cu']\n[explore]\nstructures=['a.cfg']\n[oracle]\nkind='lammps'\npair_style='eam'\n", "/x/s.toml");
  EXPECT_EQ(s.explore.structures.at(0), "/x/a.cfg");
  EXPECT_EQ(s.work_dir, (std::filesystem::current_path() / "al_work").lexically_normal().string());  // default: here
  EXPECT_EQ(s.oracle.settings.at("pair_style"), "eam");
  EXPECT_EQ(s.oracle.settings.at("species"), "Cu");
  EXPECT_EQ(s.select.limit, 10);
}

// The settings' species is the run's species order: a generated starting potential records it, a starting
// potential without names gets it, one that records other names is refused.
TEST(LearnSettings, SpeciesAreRecordedInTheStartingPotential) {
  const std::string dir = mtp::test::scratch_dir("learn-species");
  LearnSettings s = parse_settings("masses=[22.99, 35.45]\nspecies=['Na', 'Cl']\n[explore]\nstructures=['a.cfg']\n",
                                   dir + "/s.toml");
  s.potential.level = 6;
  const Potential generated = starting_potential(s);
  EXPECT_EQ(generated.species_count, 2);
  EXPECT_EQ(generated.species_names, (std::vector<std::string>{"Na", "Cl"}));
  Potential nameless = generated;
  nameless.species_names.clear();
  io::save_potential(dir + "/start.mtp", nameless);
  s.potential.start = dir + "/start.mtp";
  EXPECT_EQ(starting_potential(s).species_names, (std::vector<std::string>{"Na", "Cl"}));
  Potential other = generated;
  other.species_names = {"K", "Br"};
  io::save_potential(dir + "/start.mtp", other);
  EXPECT_THROW(starting_potential(s), Error);
}

}  // namespace
}  // namespace mtp::learn
