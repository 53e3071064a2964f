// The exploration schedule: temperature ramps (extra runs whose thermostat heats them), where a run ended (so
// that the next iteration continues from it), the default starting set (spread over volumes, sized by the
// selection mode) and the work folder's default. MD uses the Cu teacher MTP of ../shared/data/mlearn (those
// tests are skipped where ../shared is absent).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "mtp/active/active_set.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/learn/explore.hpp"
#include "mtp/learn/loop.hpp"
#include "mtp/learn/retrain.hpp"
#include "mtp/model/evaluator.hpp"
#include "support/pair_potential.hpp"
#include "support/paths.hpp"

namespace mtp::learn {
namespace {

// A 2 x 2 x 2 fcc cell of Cu (32 atoms).
Configuration fcc_cu_cell(double a) { return test::fcc_cell(a, 2); }

const char* kSettings =
    "masses=[63.546]\n[explore]\nstructures=['x.cfg']\ntemperatures=[300, 600]\npressures=[0, 5]\n"
    "temperature_ramps=[[300, 3000]]\nsteps=600\nthermostat_damping=20\nbarostat_damping=100\nrelax=true\n";

TEST(LearnExplorationSchedule, RampsAreExtraRunsAfterTheConstantTemperatureOnes) {
  const LearnSettings s = parse_settings(kSettings, "/tmp/s.toml");
  const std::vector<ExplorationRun> runs = plan_exploration(s, 2, 1);
  // 2 structures x (2 temperatures x 2 pressures), then 2 x (1 ramp x 2 pressures), then 2 x 2 relaxations.
  ASSERT_EQ(runs.size(), 8u + 4u + 4u);
  for (std::size_t k = 0; k < 8; ++k) EXPECT_EQ(runs[k].temperature, runs[k].end_temperature) << k;
  for (std::size_t k = 8; k < 12; ++k) {
    EXPECT_FALSE(runs[k].relaxation);
    EXPECT_EQ(runs[k].temperature, 300.0);
    EXPECT_EQ(runs[k].end_temperature, 3000.0);
    EXPECT_EQ(runs[k].structure, (k - 8) / 2);
    EXPECT_NE(runs[k].describe().find("from 300 K to 3000 K"), std::string::npos) << runs[k].describe();
  }
  for (std::size_t k = 12; k < 16; ++k) EXPECT_TRUE(runs[k].relaxation);
  // The same list every iteration (run k continues run k), with other seeds.
  const std::vector<ExplorationRun> next = plan_exploration(s, 2, 2);
  ASSERT_EQ(next.size(), runs.size());
  for (std::size_t k = 0; k < runs.size(); ++k) {
    EXPECT_EQ(next[k].structure, runs[k].structure);
    EXPECT_EQ(next[k].end_temperature, runs[k].end_temperature);
    EXPECT_NE(next[k].seed, runs[k].seed);
  }
}

TEST(LearnExplorationSchedule, BadRampsAndVolumeRangesAreRefused) {
  const std::string head = "masses=[1]\n[explore]\nstructures=['a.cfg']\n";
  EXPECT_THROW(parse_settings(head + "temperature_ramps=[300, 3000]\n", "/x/s.toml"), Error);
  EXPECT_THROW(parse_settings(head + "temperature_ramps=[[300]]\n", "/x/s.toml"), Error);
  EXPECT_THROW(parse_settings(head + "temperature_ramps=[[300, -1]]\n", "/x/s.toml"), Error);
  EXPECT_THROW(parse_settings(head + "[train]\nvolume_range=-0.1\n", "/x/s.toml"), Error);
  EXPECT_THROW(parse_settings(head + "continue_from_last=1\n", "/x/s.toml"), Error);
  const LearnSettings s = parse_settings(head + "continue_from_last=true\ntemperature_ramps=[[1500, 3000.5]]\n",
                                         "/x/s.toml");
  EXPECT_TRUE(s.explore.continue_from_last);
  ASSERT_EQ(s.explore.temperature_ramps.size(), 1u);
  EXPECT_EQ(s.explore.temperature_ramps[0][1], 3000.5);
}

// Without work_dir the work folder is al_work in the current folder (not beside the settings file, which may
// be in the source tree); a work_dir the file names is relative to the file.
TEST(LearnExplorationSchedule, WorkFolderDefaultsToTheCurrentFolder) {
  const std::string head = "masses=[1]\n[explore]\nstructures=['a.cfg']\n";
  EXPECT_EQ(parse_settings(head, "/x/s.toml").work_dir,
            (std::filesystem::current_path() / "al_work").lexically_normal().string());
  EXPECT_EQ(parse_settings("work_dir='w'\n" + head, "/x/s.toml").work_dir, "/x/w");
}

// Mean potential energy per atom over the last `tail` steps of an MD run.
double final_energy_per_atom(const Evaluator& ev, const LearnSettings& s, const ExplorationRun& run,
                             const Configuration& start, int tail) {
  double sum = 0;
  int count = 0;
  EfsFunction efs = [&](Configuration& c) { ev.compute_into(c); };
  run_md(start, efs, md_parameters(s, run), [&](const Configuration& c, int step) {
    if (step > s.explore.steps - tail) sum += *c.energy / double(c.size()), ++count;
    return true;
  });
  return sum / count;
}

TEST(LearnExplorationSchedule, ARampHeatsTheRun) {
  REQUIRE_SHARED();
  const Evaluator ev(io::load_potential(test::shared_path("data/mlearn/Cu/maml_fitted.mtp")));
  const LearnSettings s = parse_settings(kSettings, "/tmp/s.toml");
  const std::vector<ExplorationRun> runs = plan_exploration(s, 1, 1);
  const ExplorationRun& constant = runs[0];  // 300 K, 0 GPa
  const ExplorationRun& ramp = runs[4];      // 300 -> 3000 K, 0 GPa
  ASSERT_EQ(ramp.end_temperature, 3000.0);
  const Configuration start = fcc_cu_cell(3.62);
  const double e300 = final_energy_per_atom(ev, s, constant, start, 100);
  const double ramped = final_energy_per_atom(ev, s, ramp, start, 100);
  // Equipartition: 3/2 kT of potential energy per atom is 0.04 eV at 300 K and 0.3 eV at 2500 K (the mean of the
  // last sixth of the ramp), melting adds more; a thermostat that ignored the ramp would give no difference.
  EXPECT_GT(ramped - e300, 0.2) << "300 K: " << e300 << " eV/atom, end of the ramp: " << ramped << " eV/atom";
}

// explore() reports where an MD run ended (an NPT run at 5 GPa: in a compressed cell), and a run started from
// there stays in that state.
TEST(LearnExplorationSchedule, ARunEndsWhereTheNextContinues) {
  REQUIRE_SHARED();
  const Potential teacher = io::load_potential(test::shared_path("data/mlearn/Cu/maml_fitted.mtp"));
  const Configuration start = fcc_cu_cell(3.62);
  LearnSettings s = parse_settings(kSettings, "/tmp/s.toml");
  s.explore.steps = 200;
  s.explore.threshold_save = 1e6;  // the teacher's own training set is not at hand: nothing is collected
  s.explore.threshold_break = 2e6;
  s.select.mode = SelectMode::Neighborhood;  // 12 x 32 rows: a full set
  std::vector<Configuration> set_cfgs;
  for (int r = 0; r < 12; ++r) set_cfgs.push_back(rattle(start, 0.1, 0.03, 100 + r));
  const active::ActiveSet set = build_active_set(s, teacher, set_cfgs);
  const ExplorationRun compress = plan_exploration(s, 1, 1)[1];  // 300 K, 5 GPa
  ASSERT_TRUE(compress.constant_pressure());
  const ExplorationResult first = explore(s, set, "", start, compress, "");
  ASSERT_FALSE(first.broke);
  ASSERT_TRUE(first.last.has_value());
  EXPECT_FALSE(first.last->has_energy()) << "geometry only";
  const double v0 = start.lattice.volume(), v1 = first.last->lattice.volume();
  EXPECT_LT(v1, 0.997 * v0);
  // Two more steps from there stay near v1 (two steps from the starting structure move 0.1 of the way).
  s.explore.steps = 2;
  const ExplorationResult second = explore(s, set, "", *first.last, compress, "");
  ASSERT_TRUE(second.last.has_value());
  s.explore.steps = 200;
  EXPECT_LT(std::abs(second.last->lattice.volume() - v1), 0.3 * (v0 - v1))
      << "the second run continues at the compressed volume: " << v0 << " -> " << v1 << " -> " << second.last->lattice.volume();

  // A run that breaks ends at its most extrapolative configuration at or below the break threshold.
  const ExplorationRun hot = plan_exploration(s, 1, 1)[4];  // the ramp to 3000 K
  const double g_start = set.grade(start);
  s.explore.threshold_save = 1.0 + 0.5 * (g_start - 1.0);
  s.explore.threshold_break = std::max(g_start, 1.0) * 3.0;
  const ExplorationResult broke = explore(s, set, "", start, hot, "");
  ASSERT_TRUE(broke.broke) << "largest grade " << broke.max_grade;
  ASSERT_TRUE(broke.last.has_value());
  const double g_last = set.grade(*broke.last);
  EXPECT_LE(g_last, s.explore.threshold_break * (1 + 1e-12));
  EXPECT_GE(g_last, g_start * (1 - 1e-12)) << "the most extrapolative one below the threshold, not the start";
}

TEST(LearnExplorationSchedule, DefaultStartingSetSizeFollowsTheSelectionMode) {
  const std::vector<Configuration> two{fcc_cu_cell(3.62), fcc_cu_cell(3.7)};  // 32 atoms each
  EXPECT_EQ(starting_copies(61, two, SelectMode::Configuration), 31);           // one row per configuration
  EXPECT_EQ(starting_copies(61, two, SelectMode::Neighborhood), 3);             // 64 rows each: three at least
  EXPECT_EQ(starting_copies(400, two, SelectMode::Neighborhood), 7);            // ceil(400 / 64)
}

}  // namespace
}  // namespace mtp::learn
