#include <gtest/gtest.h>

#include <random>

#include "mtp/relax/relaxation_objective.hpp"
#include "support/pair_potential.hpp"

namespace {

mtp::Configuration distorted_cell() {
  mtp::Configuration cfg = mtp::test::fcc_cell(3.7, 2);
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(-0.1, 0.1);
  for (auto& p : cfg.positions) p += mtp::Vec3{u(rng), u(rng), u(rng)};
  cfg.lattice.rows(0, 1) = 0.3;
  cfg.lattice.rows(2, 0) = -0.2;
  return cfg;
}

// dH/du against central differences, for every combination of relaxed degrees of freedom and a pressure.
TEST(RelaxationObjective, GradientMatchesFiniteDifferences) {
  const mtp::test::MorsePotential morse;
  for (int mode = 0; mode < 3; ++mode) {
    const bool positions = mode != 1, cell = mode != 0;
    const mtp::RelaxationObjective obj(distorted_cell(), morse, 5.0, positions, cell);
    std::vector<double> u = obj.initial_variables();
    // Move off the reference so D != 0 enters the chain rule.
    for (std::size_t k = 0; k < u.size(); ++k) u[k] += 0.01 * std::sin(1.0 + k);
    std::vector<double> g, scratch;
    mtp::Configuration c;
    obj.evaluate(u, g, c);
    const double h = 1e-5;
    for (std::size_t k = 0; k < u.size(); k += (u.size() > 30 ? 5 : 1)) {
      std::vector<double> up = u, dn = u;
      up[k] += h;
      dn[k] -= h;
      const double fd = (obj.evaluate(up, scratch, c) - obj.evaluate(dn, scratch, c)) / (2 * h);
      EXPECT_NEAR(g[k], fd, 1e-6 * std::max(1.0, std::fabs(fd))) << "mode " << mode << " variable " << k;
    }
  }
}

TEST(RelaxationObjective, FixedCellKeepsLatticeAndFixedPositionsKeepFractions) {
  const mtp::test::MorsePotential morse;
  const mtp::Configuration ref = distorted_cell();
  const mtp::RelaxationObjective positions_only(ref, morse, 0.0, true, false);
  std::vector<double> u = positions_only.initial_variables();
  u[0] += 0.2;
  EXPECT_EQ(positions_only.configuration_at(u).lattice, ref.lattice);

  const mtp::RelaxationObjective cell_only(ref, morse, 0.0, false, true);
  std::vector<double> d(cell_only.size(), 0.0);
  d[0] = 0.3;  // stretch along x
  const mtp::Configuration c = cell_only.configuration_at(d);
  for (std::size_t i = 0; i < ref.size(); ++i) {
    const mtp::Vec3 f0 = ref.lattice.to_fractional(ref.positions[i]);
    const mtp::Vec3 f1 = c.lattice.to_fractional(c.positions[i]);
    for (int a = 0; a < 3; ++a) EXPECT_NEAR(f0[a], f1[a], 1e-12);
  }
}

}  // namespace
