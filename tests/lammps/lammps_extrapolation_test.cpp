// Extrapolation control through lmp_openmtp: grades equal the library's (per atom and per configuration),
// configurations above the save threshold are appended with their grade, and the break threshold stops the
// run with a clear message. States are built here with the library from the mlearn Cu training set.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "lammps_support.hpp"
#include "mtp/active/active_set.hpp"
#include "mtp/io/almtp_file.hpp"
#include "mtp/io/als_file.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mtp_file.hpp"

namespace mtp::test {
namespace {

// Active sets for the Cu potential: neighbourhood mode from the first 30 training configurations (about
// 3,000 atom rows for 329 parameters) and configuration mode from all 262 (fewer rows than parameters, so
// some rows keep MLIP-2's placeholder and grades run high, as they do in MLIP-2 with small sets).
class LammpsExtrapolation : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!have_shared()) return;
    dir_ = new std::string(scratch_dir("extrapolation-states"));
    const Potential potential = io::load_potential(cu_potential());
    active::SelectionWeights nbh;
    nbh.site_energy = 1.0;
    nbh.energy = 0.0;
    active::ActiveSet by_neighborhood(potential, nbh, 1e-5);
    active::ActiveSet by_configuration(potential, active::SelectionWeights{}, 1e-5);
    auto reader = io::make_cfg_reader(shared_path("data/mlearn/Cu/train.cfg"));
    Configuration cfg;
    for (int k = 0; reader->next(cfg); ++k) {
      if (k < 30) by_neighborhood.queue(cfg);
      by_configuration.queue(cfg);
    }
    by_neighborhood.select(1.001, 1.001);
    by_configuration.select(1.001, 1.001);
    io::save_als(*dir_ + "/nbh.als", by_neighborhood);
    io::save_als(*dir_ + "/cfg.als", by_configuration);
    by_neighborhood.set_weights(active::SelectionWeights::mlip3_neighborhood_mode());
    io::save_almtp(*dir_ + "/nbh.almtp", by_neighborhood);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string state(const std::string& name) { return *dir_ + "/" + name; }

  // Runs in.cu_md with grades on: the frames (every `every` steps) and the thermo rows.
  struct Run {
    CommandResult result;
    std::vector<DumpFrame> frames;
    std::vector<std::map<std::string, double>> thermo;
  };
  static Run run_md(const std::string& dir, const std::string& vars, int ranks = 1) {
    Run r;
    r.result = run_lammps(dir, example_input("in.cu_md"), "-var grades yes " + vars, ranks);
    r.frames = read_dump(dir + "/md.dump");
    r.thermo = read_thermo(dir + "/log.lammps");
    return r;
  }
  static void write_ini(const std::string& dir, const std::string& als, double save, double brk) {
    std::ofstream ini(dir + "/mlip.ini");
    ini << "mtp-filename " << cu_potential() << "\n"
        << "select TRUE\n"
        << "select:threshold " << save << "\n"
        << "select:threshold-break " << brk << "\n"
        << "select:save-selected preselected.cfg\n"
        << "select:load-state " << als << "\n"
        << "select:every 10\n";
  }
  static std::vector<Configuration> read_cfgs(const std::string& path) {
    std::vector<Configuration> out;
    std::ifstream probe(path);
    if (!probe) return out;
    auto reader = io::make_cfg_reader(path);
    Configuration cfg;
    while (reader->next(cfg)) out.push_back(cfg);
    return out;
  }

  // Every dumped frame's grades against the library's ActiveSet::grade on the same positions.
  static void expect_library_grades(const Run& run, const std::string& als, bool per_atom) {
    const active::ActiveSet set = io::load_als(als);
    ASSERT_EQ(run.frames.size(), run.thermo.size());
    for (std::size_t k = 0; k < run.frames.size(); ++k) {
      const Configuration cfg = configuration_of(run.frames[k]);
      std::vector<double> atom_grades;
      const double grade = set.grade(cfg, &atom_grades);
      EXPECT_NEAR(run.thermo[k].at("c_g"), grade, 1e-8 * grade) << "step " << run.frames[k].step;
      // compute pair reports the same grade (summed over ranks, so only once).
      EXPECT_EQ(run.thermo[k].at("c_pg[1]"), run.thermo[k].at("c_g")) << "step " << run.frames[k].step;
      for (std::size_t i = 0; i < cfg.size(); ++i) {
        const double expected = per_atom ? atom_grades[i] : grade;
        EXPECT_NEAR(run.frames[k].value(i, "c_g"), expected, 1e-8 * grade)
            << "atom " << i + 1 << " at step " << run.frames[k].step;
      }
    }
  }

  static std::string* dir_;
};
std::string* LammpsExtrapolation::dir_ = nullptr;

TEST_F(LammpsExtrapolation, NeighborhoodGradesEqualLibrary) {
  REQUIRE_SHARED();
  const std::string dir = scratch_dir("grades-nbh");
  write_ini(dir, state("nbh.als"), 1e9, 0);
  const Run run = run_md(dir, "-var style mlip -var steps 30 -var every 10");
  ASSERT_EQ(run.result.status, 0) << run.result.output;
  ASSERT_EQ(run.frames.size(), 4u);
  expect_library_grades(run, state("nbh.als"), true);
}

TEST_F(LammpsExtrapolation, ConfigurationGradesEqualLibraryOnTwoRanks) {
  REQUIRE_SHARED();
  const std::string dir = scratch_dir("grades-cfg");
  write_ini(dir, state("cfg.als"), 1e30, 0);
  const Run run = run_md(dir, "-var style mlip -var steps 20 -var every 10", 2);
  ASSERT_EQ(run.result.status, 0) << run.result.output;
  ASSERT_EQ(run.frames.size(), 3u);
  expect_library_grades(run, state("cfg.als"), false);
}

// Save threshold: exactly the graded configurations above it are appended, each with its grade, species,
// the cell of the run and per-atom grades; then the break threshold stops the run at the first grade above it.
TEST_F(LammpsExtrapolation, SaveAndBreakThresholds) {
  REQUIRE_SHARED();
  // First the grades of the run, with nothing saved.
  const std::string dir0 = scratch_dir("thresholds-probe");
  write_ini(dir0, state("nbh.als"), 1e9, 0);
  const Run probe = run_md(dir0, "-var style mlip -var steps 60 -var every 10 -var temp 1200");
  ASSERT_EQ(probe.result.status, 0) << probe.result.output;
  ASSERT_EQ(probe.thermo.size(), 7u);
  std::vector<double> grades;
  for (const auto& row : probe.thermo) grades.push_back(row.at("c_g"));
  std::vector<double> sorted = grades;
  std::sort(sorted.begin(), sorted.end());
  ASSERT_LT(sorted.front() * 1.01, sorted.back()) << "the grades should vary over the run";
  ASSERT_GT(sorted.back(), 1.0) << "MLIP-2 breaks only above 1: the test needs grades above it";

  // Save above the median grade.
  const double save = 0.5 * (sorted[3] + sorted[4]);
  const std::string dir1 = scratch_dir("thresholds-save");
  write_ini(dir1, state("nbh.als"), save, 0);
  const Run saved = run_md(dir1, "-var style mlip -var steps 60 -var every 10 -var temp 1200");
  ASSERT_EQ(saved.result.status, 0) << saved.result.output;
  const std::vector<Configuration> cfgs = read_cfgs(dir1 + "/preselected.cfg");
  std::vector<std::size_t> expected;
  for (std::size_t k = 0; k < grades.size(); ++k)
    if (grades[k] > save) expected.push_back(k);
  ASSERT_EQ(cfgs.size(), expected.size());
  for (std::size_t c = 0; c < cfgs.size(); ++c) {
    const Configuration& cfg = cfgs[c];
    ASSERT_EQ(cfg.size(), 108u);
    EXPECT_EQ(cfg.lattice.periodic_dims, 3);
    EXPECT_NEAR(cfg.lattice.volume(), probe.frames[0].cell(0, 0) * probe.frames[0].cell(1, 1) * probe.frames[0].cell(2, 2),
                1e-6);
    ASSERT_TRUE(cfg.features.count("MV_grade"));
    EXPECT_NEAR(std::stod(cfg.features.at("MV_grade")), grades[expected[c]], 2e-6);
    ASSERT_TRUE(cfg.has_nbh_grades());
    EXPECT_NEAR(*std::max_element(cfg.nbh_grades.begin(), cfg.nbh_grades.end()), grades[expected[c]],
                1e-5 + 1e-5 * grades[expected[c]]);
    // Positions: those of the dump at that step (atoms in ID order, cell origin at 0).
    const Configuration dumped = configuration_of(probe.frames[expected[c]]);
    for (std::size_t i = 0; i < cfg.size(); ++i) EXPECT_NEAR(norm(cfg.positions[i] - dumped.positions[i]), 0.0, 1e-5);
  }

  // Break between the first grade above 1 that is exceeded later... simplest: just below the largest grade
  // after step 0; the run stops at the first graded step above it, after saving that configuration.
  std::size_t first = grades.size();
  const double brk = std::max(1.0 + 1e-9, sorted[5] * (1 - 1e-9));
  for (std::size_t k = 0; k < grades.size(); ++k)
    if (grades[k] > brk) {
      first = k;
      break;
    }
  ASSERT_LT(first, grades.size());
  const std::string dir2 = scratch_dir("thresholds-break");
  write_ini(dir2, state("nbh.als"), save, brk);
  const Run broke = run_md(dir2, "-var style mlip -var steps 60 -var every 10 -var temp 1200");
  EXPECT_NE(broke.result.status, 0);
  EXPECT_NE(broke.result.output.find("Breaking threshold exceeded"), std::string::npos) << broke.result.output;
  std::size_t saved_before = 0;
  for (std::size_t k = 0; k <= first; ++k) saved_before += grades[k] > save;
  EXPECT_EQ(read_cfgs(dir2 + "/preselected.cfg").size(), saved_before);
  EXPECT_EQ(broke.thermo.size(), first) << "thermo rows printed before the step that broke";
}

// MLIP-3's `pair_style mlip load_from=... extrapolation_control=true ...` and ML-MTP's
// `pair_style mtp/extrapolation mlip3_style out.cfg select break` with an .almtp grade as the .als does.
TEST_F(LammpsExtrapolation, Mlip3AndMlMtpSyntaxesGradeAlike) {
  REQUIRE_SHARED();
  std::vector<double> by_style[2];
  const char* styles[2] = {"mlip3", "mtpx"};
  for (int s = 0; s < 2; ++s) {
    const std::string dir = scratch_dir(std::string("syntax-") + styles[s]);
    const Run run = run_md(dir, std::string("-var style ") + styles[s] + " -var pot " + state("nbh.almtp") +
                                    " -var steps 20 -var every 1 -var save 1e9 -var break 2e9");
    ASSERT_EQ(run.result.status, 0) << run.result.output;
    ASSERT_EQ(run.thermo.size(), 21u);
    for (const auto& row : run.thermo) by_style[s].push_back(row.at("c_g"));
    if (s == 0) expect_library_grades(run, state("nbh.als"), true);
  }
  ASSERT_EQ(by_style[0].size(), by_style[1].size());
  for (std::size_t k = 0; k < by_style[0].size(); ++k) EXPECT_EQ(by_style[0][k], by_style[1][k]) << "step " << k;
}

// ML-MTP's thresholds: every graded configuration above `select` is appended (with per-atom grades), and the
// run stops at the first grade above `break`.
TEST_F(LammpsExtrapolation, MlMtpSaveAndBreak) {
  REQUIRE_SHARED();
  const std::string vars = "-var style mtpx -var pot " + state("nbh.almtp") +
                           " -var steps 60 -var every 10 -var gevery 10 -var temp 1200";
  const std::string dir0 = scratch_dir("mtpx-probe");
  const Run probe = run_md(dir0, vars + " -var save 1e9 -var break 2e9");
  ASSERT_EQ(probe.result.status, 0) << probe.result.output;
  ASSERT_EQ(probe.thermo.size(), 7u);
  std::vector<double> grades;
  for (const auto& row : probe.thermo) grades.push_back(row.at("c_g"));
  const double top = *std::max_element(grades.begin(), grades.end());
  const double low = *std::min_element(grades.begin(), grades.end());
  ASSERT_LT(low * 1.01, top);

  const std::string dir = scratch_dir("mtpx-break");
  const double brk = top * (1 - 1e-9);
  std::size_t first = 0;
  while (!(grades[first] > brk)) ++first;
  char thresholds[128];
  std::snprintf(thresholds, sizeof thresholds, " -var save %.17g -var break %.17g", low * 0.5, brk);
  const Run broke = run_md(dir, vars + thresholds);
  EXPECT_NE(broke.result.status, 0);
  EXPECT_NE(broke.result.output.find("Breaking threshold exceeded"), std::string::npos) << broke.result.output;
  const std::vector<Configuration> cfgs = read_cfgs(dir + "/preselected.cfg");
  ASSERT_EQ(cfgs.size(), first + 1);
  for (std::size_t k = 0; k < cfgs.size(); ++k) {
    ASSERT_TRUE(cfgs[k].has_nbh_grades());
    EXPECT_NEAR(std::stod(cfgs[k].features.at("MV_grade")), grades[k], 2e-6);
  }
}

}  // namespace
}  // namespace mtp::test
