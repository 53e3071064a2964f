// The training kernel: forces and virial are derivatives of the energy, the linear rows reproduce E/F/W, and the
// exact parameter gradient of E + v.F + U:W agrees with central finite differences.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "mtp/core/neighbor_list.hpp"
#include "mtp/model/efs_parameter_gradient.hpp"
#include "unit/fit_stand_in_models.hpp"

namespace {

using mtp::Configuration;
using mtp::EfsParameterGradient;
using mtp::Mat3;
using mtp::NeighborList;
using mtp::Vec3;

mtp::ConfigurationEfs efs(const EfsParameterGradient& k, const Configuration& cfg) {
  const NeighborList nl = NeighborList::build(cfg, k.potential().cutoff());
  return k.compute(nl, cfg.types.data(), cfg.size());
}

TEST(EfsParameterGradient, ForcesAndVirialAreEnergyDerivatives) {
  const EfsParameterGradient k(mtp::test::stand_in_potential(2, 3));
  Configuration cfg = mtp::test::stand_in_configuration(12, 2, 5);
  const auto ref = efs(k, cfg);
  const double h = 1e-5;
  double worst = 0.0, scale = 0.0;
  for (std::size_t i = 0; i < cfg.size(); ++i)
    for (int d = 0; d < 3; ++d) {
      Configuration a = cfg, b = cfg;
      a.positions[i][d] += h;
      b.positions[i][d] -= h;
      const double fd = -(efs(k, a).energy - efs(k, b).energy) / (2 * h);
      worst = std::max(worst, std::abs(fd - ref.forces[i][d]));
      scale = std::max(scale, std::abs(ref.forces[i][d]));
    }
  EXPECT_GT(scale, 1e-3);
  EXPECT_LT(worst, 1e-7 * std::max(1.0, scale));
  // W = -dE/d(strain): strain the cell and every position by (I + e).
  for (int a = 0; a < 3; ++a)
    for (int c = 0; c < 3; ++c) {
      auto strained = [&](double e) {
        Configuration s = cfg;
        auto apply = [&](const Vec3& x) {
          Vec3 y = x;
          y[a] += e * x[c];
          return y;
        };
        for (int r = 0; r < 3; ++r) s.lattice.rows.set_row(r, apply(cfg.lattice.rows.row(r)));
        for (auto& x : s.positions) x = apply(x);
        return efs(k, s).energy;
      };
      const double fd = -(strained(h) - strained(-h)) / (2 * h);
      EXPECT_NEAR(fd, ref.virial.m[a][c], 1e-7 * std::max(1.0, std::abs(ref.virial.m[a][c])));
    }
}

TEST(EfsParameterGradient, LinearRowsReproduceEnergyForcesVirial) {
  const EfsParameterGradient k(mtp::test::stand_in_potential(3, 7));
  const Configuration cfg = mtp::test::stand_in_configuration(20, 3, 11);
  const NeighborList nl = NeighborList::build(cfg, k.potential().cutoff());
  const auto ref = k.compute(nl, cfg.types.data(), cfg.size());
  const auto rows = k.linear_rows(nl, cfg.types.data(), cfg.size(), true, true);
  std::vector<double> lin(k.potential().species_coeffs);
  lin.insert(lin.end(), k.potential().moment_coeffs.begin(), k.potential().moment_coeffs.end());
  ASSERT_EQ(rows.columns, lin.size());
  auto row_dot = [&](const std::vector<double>& m, std::size_t r) {
    double s = 0.0;
    for (std::size_t c = 0; c < lin.size(); ++c) s += m[r * lin.size() + c] * lin[c];
    return s;
  };
  EXPECT_NEAR(row_dot(rows.energy, 0), ref.energy, 1e-10 * std::abs(ref.energy));
  for (std::size_t i = 0; i < cfg.size(); ++i)
    for (int d = 0; d < 3; ++d) EXPECT_NEAR(row_dot(rows.forces, 3 * i + std::size_t(d)), ref.forces[i][d], 1e-10);
  for (int a = 0; a < 3; ++a)
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(row_dot(rows.virial, std::size_t(3 * a + c)), ref.virial.m[a][c], 1e-9);
}

TEST(EfsParameterGradient, BasisDegreesDescribeScaling) {
  mtp::Potential p = mtp::test::stand_in_potential(1, 2);
  const Configuration cfg = mtp::test::stand_in_configuration(8, 1, 4);
  EfsParameterGradient k(p);
  const std::vector<int> expected{1, 1, 2, 2, 3, 2};
  ASSERT_EQ(k.basis_degrees(), expected);
  const NeighborList nl = NeighborList::build(cfg, p.cutoff());
  const auto r1 = k.linear_rows(nl, cfg.types.data(), cfg.size(), false, false);
  k.set_scaling(p.scaling * 1.3);
  const auto r2 = k.linear_rows(nl, cfg.types.data(), cfg.size(), false, false);
  for (std::size_t a = 0; a < expected.size(); ++a)
    EXPECT_NEAR(r2.energy[1 + a], r1.energy[1 + a] * std::pow(1.3, expected[a]), 1e-12 * std::abs(r2.energy[1 + a]));
}

// One species and two: the training kernel sums a single species pair's radial block over the neighbours as
// vectors, and scatters by neighbour species otherwise.
class CombinationGradient : public ::testing::TestWithParam<int> {};

TEST_P(CombinationGradient, MatchesFiniteDifferences) {
  const int species = GetParam();
  EfsParameterGradient k(mtp::test::stand_in_potential(species, 13));
  const Configuration cfg = mtp::test::stand_in_configuration(10, species, 17);
  const NeighborList nl = NeighborList::build(cfg, k.potential().cutoff());
  std::mt19937 rng(1);
  std::uniform_real_distribution<double> U(-1.0, 1.0);
  std::vector<Vec3> v(cfg.size());
  for (Vec3& x : v) x = Vec3{U(rng), U(rng), U(rng)};
  Mat3 W;
  for (int a = 0; a < 3; ++a)
    for (int c = 0; c < 3; ++c) W.m[a][c] = U(rng);
  const double ew = 0.37;
  auto J = [&](const std::vector<double>& theta) {
    k.set_parameters(theta);
    const auto r = k.compute(nl, cfg.types.data(), cfg.size());
    double j = ew * r.energy;
    for (std::size_t i = 0; i < cfg.size(); ++i) j += mtp::dot(v[i], r.forces[i]);
    for (int a = 0; a < 3; ++a)
      for (int c = 0; c < 3; ++c) j += W.m[a][c] * r.virial.m[a][c];
    return j;
  };
  const std::vector<double> theta = k.parameters();
  std::vector<double> grad(theta.size(), 0.0);
  k.set_parameters(theta);
  k.add_combination_gradient(nl, cfg.types.data(), cfg.size(), ew, v, W, grad);
  const double h = 1e-6;
  for (std::size_t p = 0; p < theta.size(); ++p) {
    std::vector<double> a = theta, b = theta;
    a[p] += h;
    b[p] -= h;
    const double fd = (J(a) - J(b)) / (2 * h);
    EXPECT_NEAR(grad[p], fd, 1e-6 * std::max(1.0, std::abs(fd))) << "parameter " << p;
  }
}
INSTANTIATE_TEST_SUITE_P(EfsParameterGradient, CombinationGradient, ::testing::Values(1, 2),
                         [](const ::testing::TestParamInfo<int>& i) { return std::to_string(i.param) + "Species"; });

}  // namespace

// Against the library's Evaluator on a real template (level 16, 2 species) and real configurations.
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/model/evaluator.hpp"
#include "support/paths.hpp"

namespace {

// The training passes (own moment code) against the library's Evaluator: the linear rows times the linear
// coefficients must give the Evaluator's energy, forces and virial; the combination gradient's energy part
// (no force or virial weights) must give the Evaluator's dE/dtheta.
TEST(EfsParameterGradient, AgreesWithTheEvaluatorOnLevel16) {
  REQUIRE_SHARED();
  mtp::Potential p = mtp::io::load_potential(mtp::test::shared_path("reference/mlip2/untrained_mtps/16.mtp"));
  p.species_count = 2;
  p.set_untrained_defaults();
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> U(-1.0, 1.0);
  for (double& c : p.radial_coeffs) c = 0.3 * U(rng);
  for (double& c : p.moment_coeffs) c = U(rng);
  p.scaling = 0.4;
  const mtp::Evaluator ev(p);
  const EfsParameterGradient k(p);
  auto reader = mtp::io::make_cfg_reader(mtp::test::source_path("tests/data/mlearn_Cu_sample.cfg"));
  mtp::Configuration cfg;
  int seen = 0;
  while (reader->next(cfg)) {
    for (std::size_t i = 0; i < cfg.size(); i += 2) cfg.types[i] = 1;  // make it two-species
    const auto a = ev.compute(cfg);
    const NeighborList nl = NeighborList::build(cfg, p.cutoff());
    const auto rows = k.linear_rows(nl, cfg.types.data(), cfg.size(), true, true);
    std::vector<double> lin(p.species_coeffs);
    lin.insert(lin.end(), p.moment_coeffs.begin(), p.moment_coeffs.end());
    auto row_dot = [&](const std::vector<double>& m, std::size_t r) {
      double s = 0.0;
      for (std::size_t c = 0; c < lin.size(); ++c) s += m[r * lin.size() + c] * lin[c];
      return s;
    };
    EXPECT_NEAR(row_dot(rows.energy, 0), a.energy, 1e-9 * std::max(1.0, std::abs(a.energy)));
    for (std::size_t i = 0; i < cfg.size(); ++i)
      for (int d = 0; d < 3; ++d)
        EXPECT_NEAR(row_dot(rows.forces, 3 * i + std::size_t(d)), a.forces[i][d], 1e-9 * std::max(1.0, std::abs(a.forces[i][d])));
    for (int x = 0; x < 3; ++x)
      for (int y = 0; y < 3; ++y)
        EXPECT_NEAR(row_dot(rows.virial, std::size_t(3 * x + y)), a.virial.m[x][y], 1e-9 * std::max(1.0, std::abs(a.virial.m[x][y])));
    std::vector<double> g(p.parameter_count(), 0.0);
    k.add_combination_gradient(nl, cfg.types.data(), cfg.size(), 1.0, {}, Mat3{}, g);
    const std::vector<double> ref = ev.energy_parameter_gradient(nl, cfg.types.data());
    for (std::size_t q = 0; q < g.size(); ++q) EXPECT_NEAR(g[q], ref[q], 1e-9 * std::max(1.0, std::abs(ref[q]))) << q;
    ++seen;
  }
  EXPECT_EQ(seen, 5);
}

}  // namespace
