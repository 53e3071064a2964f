// `mlp train` of MLIP-3's untrained magnetic template on its magnetic training set (reads
// ../shared/reference/mlip3/expected/magnetic_train; skips without it): the trained potential is about as
// accurate as MLIP-3's own (energy RMS 0.00127 eV/atom, force RMS 0.34 eV/A after 75 + 20 iterations), and a
// training set with magmom_y/z refuses to train, as MLIP-3's does, leaving no potential.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "mtp/io/almtp_file.hpp"
#include "mtp/model/evaluator.hpp"
#include "support/files.hpp"
#include "support/paths.hpp"
#include "support/run_command.hpp"

namespace {

using mtp::test::quoted;
using mtp::test::run_mlp;

std::string case_dir() { return mtp::test::shared_path("reference/mlip3/expected/magnetic_train"); }

struct Rms {
  double energy_per_atom = 0.0, force = 0.0;
};

// MLIP-3's check_errors measures: RMS of per-atom energy errors over configurations, RMS of force-vector
// errors over atoms.
Rms errors(const mtp::Potential& pot, const std::vector<mtp::Configuration>& cfgs) {
  const mtp::Evaluator ev(pot);
  double e2 = 0.0, f2 = 0.0;
  std::size_t atoms = 0;
  for (const auto& cfg : cfgs) {
    const mtp::EfsResults r = ev.compute(cfg);
    const double de = (r.energy - *cfg.energy) / double(cfg.size());
    e2 += de * de;
    for (std::size_t i = 0; i < cfg.size(); ++i) f2 += mtp::norm2(r.forces[i] - cfg.forces[i]);
    atoms += cfg.size();
  }
  return {std::sqrt(e2 / double(cfgs.size())), std::sqrt(f2 / double(atoms))};
}

TEST(TrainMagnetic, ReachesMlip3sAccuracyOnItsMagneticCase) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("train-magnetic");
  const std::string out = dir + "/trained.almtp";
  const auto r = run_mlp("train " + quoted(case_dir() + "/fe_mag_template.mtp") + " " +
                         quoted(case_dir() + "/train_mag.cfg") + " --save_to=" + quoted(out) +
                         " --iteration_limit=20 --log=" + quoted(dir + "/train.log"));
  ASSERT_EQ(r.status, 0) << r.output;
  const mtp::Potential trained = mtp::io::load_almtp(out).potential;
  ASSERT_TRUE(trained.is_magnetic());
  const auto train = mtp::test::read_cfg_file(case_dir() + "/train_mag.cfg");
  const Rms ours = errors(trained, train);
  const Rms theirs = errors(mtp::io::load_almtp(case_dir() + "/run1/trained.almtp").potential, train);
  EXPECT_NEAR(theirs.energy_per_atom, 0.00126806, 1e-6);  // MLIP-3's check_errors_train.txt
  EXPECT_NEAR(theirs.force, 0.340487, 1e-5);
  // Started from MLIP-3's load defaults of a magnetic template, 75 + 20 iterations give forces far closer than
  // MLIP-3's and energies within 15 % of its RMS (docs/TRAINING.md).
  std::printf("trained: energy RMS %.6g eV/atom, force RMS %.6g eV/A\n", ours.energy_per_atom, ours.force);
  EXPECT_LE(ours.energy_per_atom, 1.15 * theirs.energy_per_atom);
  EXPECT_LE(ours.force, theirs.force);

  // With MLIP-2's random start of the radial coefficients (--init_random=true, seed 0) the same 20 iterations
  // beat MLIP-3's trained potential on both measures.
  const std::string random_start = dir + "/random_start.almtp";
  const auto r2 = run_mlp("train " + quoted(case_dir() + "/fe_mag_template.mtp") + " " +
                          quoted(case_dir() + "/train_mag.cfg") + " --save_to=" + quoted(random_start) +
                          " --iteration_limit=20 --init_random=true --log=none");
  ASSERT_EQ(r2.status, 0) << r2.output;
  const Rms random = errors(mtp::io::load_almtp(random_start).potential, train);
  std::printf("random start: energy RMS %.6g eV/atom, force RMS %.6g eV/A\n", random.energy_per_atom, random.force);
  EXPECT_LE(random.energy_per_atom, theirs.energy_per_atom);
  EXPECT_LE(random.force, theirs.force);
}

TEST(TrainMagnetic, RefusesMomentsWithYOrZComponents) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("train-magnetic-yz");
  const std::string out = dir + "/never.almtp";
  const auto r = run_mlp("train " + quoted(case_dir() + "/fe_mag_template.mtp") + " " +
                         quoted(case_dir() + "/refused_yz/train_with_yz.cfg") + " --save_to=" + quoted(out) +
                         " --iteration_limit=1");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("train_with_yz.cfg: configuration"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("y or z component"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
