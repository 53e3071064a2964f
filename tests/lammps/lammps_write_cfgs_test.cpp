// MLIP-2's mlip.ini write-cfgs through `pair_style mlip`: each (write-cfgs:skip + 1)-th evaluation appends the
// whole cell with its energy, forces and stress, equal to what LAMMPS computed (thermo and dump), on 1 and 2 MPI
// ranks.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "lammps_support.hpp"
#include "mtp/io/cfg_text.hpp"
#include "support/files.hpp"

namespace mtp::test {
namespace {

// One snapshot (run 0: one evaluation): the written configuration is LAMMPS's cell with LAMMPS's energy and forces.
TEST(LammpsWriteCfgs, SnapshotAsLammpsComputedIt) {
  REQUIRE_SHARED();
  for (int ranks : {1, 2}) {
    const std::string dir = scratch_dir("write-cfgs-np" + std::to_string(ranks));
    std::ofstream(dir + "/mlip.ini") << "mtp-filename " << cu_potential() << "\nwrite-cfgs written.cfg\n";
    const auto run = run_lammps(dir, example_input("in.cu_snapshot"), "-var style mlip", ranks);
    ASSERT_EQ(run.status, 0) << run.output;
    const auto written = read_cfg_file(dir + "/written.cfg");
    ASSERT_EQ(written.size(), 1u);
    const Configuration& c = written[0];
    const auto frames = read_dump(dir + "/snapshot.dump");
    ASSERT_EQ(frames.size(), 1u);
    const auto thermo = read_thermo(dir + "/log.lammps");
    ASSERT_EQ(thermo.size(), 1u);
    ASSERT_EQ(c.size(), 108u);
    ASSERT_TRUE(c.has_energy() && c.has_forces() && c.has_virial());
    EXPECT_NEAR(*c.energy, thermo[0].at("PotEng"), 1e-9);  // the .cfg prints 12 decimals
    for (std::size_t i = 0; i < c.size(); ++i) {
      EXPECT_NEAR(c.positions[i].x, frames[0].value(i, "x") - frames[0].origin.x, 1e-6);
      EXPECT_NEAR(c.forces[i].x, frames[0].value(i, "fx"), 1e-6);
      EXPECT_NEAR(c.forces[i].y, frames[0].value(i, "fy"), 1e-6);
      EXPECT_NEAR(c.forces[i].z, frames[0].value(i, "fz"), 1e-6);
    }
  }
}

// MD: setup plus 20 steps are 21 evaluations; write-cfgs:skip 4 keeps evaluations 1, 6, 11, 16, 21.
TEST(LammpsWriteCfgs, SkipKeepsEveryFifthEvaluation) {
  REQUIRE_SHARED();
  const std::string dir = scratch_dir("write-cfgs-md");
  std::ofstream(dir + "/mlip.ini") << "mtp-filename " << cu_potential() << "\nwrite-cfgs written.cfg\nwrite-cfgs:skip 4\n";
  std::ofstream(dir + "/written.cfg") << "left from an earlier run\n";  // replaced, not appended to
  const auto run = run_lammps(dir, example_input("in.cu_md"), "-var style mlip -var steps 20 -var every 5");
  ASSERT_EQ(run.status, 0) << run.output;
  const auto written = read_cfg_file(dir + "/written.cfg");
  ASSERT_EQ(written.size(), 5u);
  const auto thermo = read_thermo(dir + "/log.lammps");  // steps 0, 5, 10, 15, 20
  ASSERT_EQ(thermo.size(), 5u);
  for (std::size_t k = 0; k < 5; ++k) EXPECT_NEAR(*written[k].energy, thermo[k].at("PotEng"), 1e-9) << "step " << 5 * k;
}

}  // namespace
}  // namespace mtp::test
