// Exploration MD is NVT at zero pressure and NPT otherwise, also when the settings list both: the 0 GPa run
// keeps its starting cell exactly, the 5 GPa run compresses it (the Cu teacher MTP of ../shared/data/mlearn;
// skipped where ../shared is absent).
#include <gtest/gtest.h>

#include "mtp/io/mtp_file.hpp"
#include "mtp/learn/explore.hpp"
#include "mtp/model/evaluator.hpp"
#include "support/paths.hpp"

namespace mtp::learn {
namespace {

Configuration fcc_cu_cell(double a) {
  Configuration c;
  c.lattice = Lattice::periodic(Mat3::identity() * (2 * a));
  const Vec3 basis[4] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j)
      for (int k = 0; k < 2; ++k)
        for (const Vec3& b : basis) {
          c.positions.push_back((Vec3{double(i), double(j), double(k)} + b) * a);
          c.types.push_back(0);
        }
  return c;
}

// Volume of the cell at the end of the run described by `run`.
double final_volume(const LearnSettings& s, const Evaluator& ev, const Configuration& start, const ExplorationRun& run) {
  double volume = 0;
  EfsFunction efs = [&](Configuration& c) { ev.compute_into(c); };
  run_md(start, efs, md_parameters(s, run), [&](const Configuration& c, int) {
    volume = c.lattice.volume();
    return true;
  });
  return volume;
}

TEST(LearnExplorationEnsemble, NvtAtZeroPressureNptElsewhere) {
  REQUIRE_SHARED();
  const Evaluator ev(io::load_potential(test::shared_path("data/mlearn/Cu/maml_fitted.mtp")));
  const LearnSettings s = parse_settings(
      "masses=[63.546]\n[explore]\nstructures=['x.cfg']\ntemperatures=[300]\npressures=[0, 5]\nsteps=200\n"
      "barostat_damping=100\n",
      "/tmp/s.toml");
  const std::vector<ExplorationRun> runs = plan_exploration(s, 1, 1);
  ASSERT_EQ(runs.size(), 2u);
  const Configuration start = fcc_cu_cell(3.62);
  const double v0 = start.lattice.volume();
  for (const ExplorationRun& run : runs) {
    ASSERT_FALSE(run.relaxation);
    EXPECT_EQ(run.constant_pressure(), run.pressure != 0.0);
    const double v = final_volume(s, ev, start, run);
    if (run.pressure == 0.0) EXPECT_EQ(v, v0) << "0 GPa: NVT, the cell is not touched";
    else EXPECT_LT(v, 0.995 * v0) << "5 GPa: NPT compresses the cell (about 1 % in 200 fs here)";
  }
}

}  // namespace
}  // namespace mtp::learn
