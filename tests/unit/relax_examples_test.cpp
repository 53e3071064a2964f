// MLIP-2's examples 06.relax and 07.relax-active-learning through the library, against the original's
// sample outputs (../shared/reference/mlip2/test/examples/*/sample_out).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <set>

#include "mtp/io/als_file.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/relax/extrapolation_control.hpp"
#include "mtp/relax/relaxation_batch.hpp"
#include "support/paths.hpp"

namespace {

using mtp::Configuration;

std::vector<Configuration> load_all(const std::string& path) {
  std::vector<Configuration> out;
  auto reader = mtp::io::make_cfg_reader(path);
  Configuration cfg;
  while (reader->next(cfg)) out.push_back(cfg);
  return out;
}

std::vector<mtp::RelaxationJob> jobs_from(const std::string& path) {
  std::vector<mtp::RelaxationJob> jobs;
  long index = 0;
  for (Configuration& c : load_all(path)) {
    mtp::RelaxationJob job;
    job.input = std::move(c);
    job.index = ++index;
    jobs.push_back(std::move(job));
  }
  return jobs;
}

std::string example(const std::string& rel) { return mtp::test::shared_path("reference/mlip2/test/examples/" + rel); }

// Relaxed energies: the trajectory is chaotic at the last bits (the relaxation stops at |F| < 1e-4 eV/A,
// where the energy is flat to ~1e-8 eV), so two codes whose forces differ in the last bits stop at slightly
// different points of the same minimum. 24 of the 25 agree with MLIP-2 to 1e-7 eV (|dE| <= 6.5e-8 seen);
// configuration 23 goes to a different local minimum (MLIP-2 reports three line-search restarts for it).
void expect_relaxed_energies_match(const std::vector<const Configuration*>& ours,
                                   const std::vector<Configuration>& theirs, std::size_t& matched) {
  ASSERT_EQ(ours.size(), theirs.size());
  matched = 0;
  for (std::size_t k = 0; k < ours.size(); ++k) {
    const double d = *ours[k]->energy - *theirs[k].energy;
    if (std::fabs(d) < 1e-7) ++matched;
    else std::printf("relaxed cfg %zu: ours %.12f, MLIP-2 %.12f\n", k + 1, *ours[k]->energy, *theirs[k].energy);
    // Same features as MLIP-2 writes: input ones kept, from and min_dist added.
    EXPECT_EQ(ours[k]->features.at("from"), "relaxation_OK");
    EXPECT_EQ(ours[k]->features.count("min_dist"), 1u);
    EXPECT_EQ(ours[k]->features.at("EFS_by"), theirs[k].features.at("EFS_by"));
  }
}

TEST(RelaxExamples, Example06RelaxedEnergies) {
  REQUIRE_SHARED();
  const mtp::Evaluator ev(mtp::io::load_potential(example("06.relax/pot.mtp")));
  auto jobs = jobs_from(example("06.relax/to-relax.cfg"));
  ASSERT_EQ(jobs.size(), 25u);
  mtp::relax_all(jobs, mtp::plain_efs(ev), mtp::RelaxationSettings{}, 2);
  std::vector<const Configuration*> ours;
  for (const auto& j : jobs) {
    ASSERT_EQ(j.result.status, mtp::RelaxationStatus::Converged) << "cfg " << j.index << ": " << j.result.failure;
    ours.push_back(&j.result.configuration);
  }
  const auto theirs = load_all(example("06.relax/sample_out/relaxed.cfg_0"));
  std::size_t matched = 0;
  expect_relaxed_energies_match(ours, theirs, matched);
  EXPECT_GE(matched, 24u);
}

TEST(RelaxExamples, Example07BreaksTheSameRelaxations) {
  REQUIRE_SHARED();
  const std::string dir = "07.relax-active-learning/";
  mtp::active::ActiveSet set = mtp::io::load_als(example(dir + "state.als"), 1e-7);
  mtp::ExtrapolationControl control;
  control.set = &set;
  control.save_threshold = 3.0;
  control.break_threshold = 10.0;
  auto jobs = jobs_from(example(dir + "to-relax.cfg"));
  mtp::relax_all(
      jobs, [&](std::vector<Configuration>* out) { return control.efs_function(out); }, mtp::RelaxationSettings{}, 2);

  std::set<long> broken;
  std::vector<const Configuration*> relaxed;
  std::size_t saved = 0;
  for (const auto& j : jobs) {
    if (j.result.status == mtp::RelaxationStatus::Failed) {
      broken.insert(j.index);
      EXPECT_EQ(j.result.failure.rfind("Breaking threshold exceeded (MV-grade: ", 0), 0u) << j.result.failure;
    } else {
      relaxed.push_back(&j.result.configuration);
    }
    for (const Configuration& c : j.extrapolative) {
      const double g = std::stod(c.features.at("MV_grade"));
      EXPECT_GT(g, 3.0);
      ++saved;
    }
  }
  // MLIP-2's stdout.log: relaxations 2, 10, 11, 13, 19, 20, 22, 23 broke.
  EXPECT_EQ(broken, (std::set<long>{2, 10, 11, 13, 19, 20, 22, 23}));
  // Configuration 13 breaks on its very first evaluation, before any step: the grade is MLIP-2's exactly.
  EXPECT_EQ(jobs[12].result.failure, "Breaking threshold exceeded (MV-grade: 11.423947)");

  const auto theirs = load_all(example(dir + "sample_out/relaxed.cfg_0"));
  std::size_t matched = 0;
  expect_relaxed_energies_match(relaxed, theirs, matched);
  EXPECT_EQ(matched, relaxed.size());
  // Grades of the relaxed configurations agree with MLIP-2's to the precision the end point allows.
  for (std::size_t k = 0; k < relaxed.size(); ++k)
    EXPECT_NEAR(std::stod(relaxed[k]->features.at("MV_grade")), std::stod(theirs[k].features.at("MV_grade")), 2e-4);

  // Unrelaxed file: the inputs of the broken relaxations, unchanged.
  const auto unrelaxed = load_all(example(dir + "sample_out/unrelaxed.cfg_0"));
  ASSERT_EQ(unrelaxed.size(), broken.size());
  std::size_t u = 0;
  for (long index : broken) EXPECT_EQ(*unrelaxed[u++].energy, *jobs[static_cast<std::size_t>(index - 1)].input.energy);

  // Preselected: every saved configuration is above the threshold; the count depends on the trajectory
  // (MLIP-2 saved 556; see docs/RELAX.md for what matches).
  EXPECT_GT(saved, 100u);
}

}  // namespace
