// Molecular dynamics through lmp_openmtp with the Cu MTP: the same trajectory on 1 and 2 MPI ranks, and
// energy conservation in NVE on 4,000 atoms.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "lammps_support.hpp"

namespace mtp::test {
namespace {

// 100 steps of 1 fs from 600 K on 108 atoms, dumped every 10 steps: positions and velocities on 2 ranks
// agree with 1 rank to 1e-9 (A, A/ps). Forces differ only in summation order (ghost forces reach their
// owners by reverse communication), so the trajectories separate by rounding only.
TEST(LammpsMd, SameTrajectoryOnOneAndTwoRanks) {
  REQUIRE_SHARED();
  std::vector<DumpFrame> runs[2];
  for (int ranks : {1, 2}) {
    const std::string dir = scratch_dir("md-np" + std::to_string(ranks));
    const auto run = run_lammps(dir, example_input("in.cu_md"),
                                "-var pot " + cu_potential() + " -var steps 100 -var every 10", ranks);
    ASSERT_EQ(run.status, 0) << run.output;
    EXPECT_NE(run.output.find(std::to_string(ranks) + " MPI tasks"), std::string::npos) << run.output;
    runs[ranks - 1] = read_dump(dir + "/md.dump");
  }
  ASSERT_EQ(runs[0].size(), 11u);
  ASSERT_EQ(runs[1].size(), 11u);
  ASSERT_EQ(runs[0][0].rows.size(), 108u);
  ASSERT_EQ(runs[1][0].rows.size(), 108u);
  // create_atoms numbers atoms by rank: pair them up by their starting lattice site.
  std::vector<std::size_t> partner(108);
  for (std::size_t i = 0; i < 108; ++i) {
    std::size_t found = 108;
    for (std::size_t j = 0; j < 108; ++j) {
      double d = 0.0;
      for (const char* c : {"x", "y", "z"}) d = std::max(d, std::abs(runs[0][0].value(i, c) - runs[1][0].value(j, c)));
      if (d < 1e-9) found = j;
    }
    ASSERT_LT(found, 108u) << "atom " << i + 1 << " has no partner on 2 ranks";
    partner[i] = found;
  }
  double moved = 0.0;
  for (std::size_t k = 0; k < runs[0].size(); ++k) {
    const DumpFrame& a = runs[0][k];
    const DumpFrame& b = runs[1][k];
    ASSERT_EQ(a.step, b.step);
    ASSERT_EQ(b.rows.size(), 108u);
    for (std::size_t i = 0; i < a.rows.size(); ++i)
      for (const char* c : {"x", "y", "z", "vx", "vy", "vz"}) {
        EXPECT_NEAR(a.value(i, c), b.value(partner[i], c), 1e-9) << c << " of atom " << i + 1 << " at step " << a.step;
        if (c[0] != 'v') moved = std::max(moved, std::abs(a.value(i, c) - runs[0][0].value(i, c)));
      }
  }
  EXPECT_GT(moved, 0.05);  // the atoms did move: the comparison is not of a static lattice
}

// NVE on 4,000 atoms (10x10x10 fcc cells) from 300 K, 100 steps of 1 fs: the total energy stays within
// 2e-5 eV/atom of its start while about 0.03 eV/atom moves between kinetic and potential energy.
TEST(LammpsMd, NveConservesEnergyOn4000Atoms) {
  REQUIRE_SHARED();
  const std::string dir = scratch_dir("md-nve");
  const auto run = run_lammps(dir, example_input("in.cu_md"),
                              "-var pot " + cu_potential() + " -var n 10 -var temp 300 -var steps 100 -var every 10");
  ASSERT_EQ(run.status, 0) << run.output;
  const auto thermo = read_thermo(dir + "/log.lammps");
  ASSERT_EQ(thermo.size(), 11u) << run.output;
  constexpr double kAtoms = 4000;
  const double e0 = thermo.front().at("TotEng");
  double worst = 0.0, ke_min = thermo.front().at("KinEng"), ke_max = ke_min;
  for (const auto& row : thermo) {
    worst = std::max(worst, std::abs(row.at("TotEng") - e0) / kAtoms);
    ke_min = std::min(ke_min, row.at("KinEng"));
    ke_max = std::max(ke_max, row.at("KinEng"));
  }
  EXPECT_LT(worst, 2e-5) << "total energy drift, eV/atom";
  EXPECT_GT((ke_max - ke_min) / kAtoms, 0.01) << "kinetic energy exchanged, eV/atom";
}

}  // namespace
}  // namespace mtp::test
