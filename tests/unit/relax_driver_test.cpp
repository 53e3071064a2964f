// Relaxation driver (src/mtp/relax/relaxation.hpp) on a Morse stand-in and on the mlearn Cu MTP: stresses and
// forces reach their tolerances, accepted steps never raise the enthalpy, fixed cell / fixed positions hold,
// pressure moves the volume the right way, failures (break, min-dist) are reported, threads change nothing.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "mtp/io/mtp_file.hpp"
#include "mtp/model/evaluator.hpp"
#include "mtp/relax/extrapolation_control.hpp"
#include "mtp/relax/relaxation.hpp"
#include "mtp/relax/relaxation_batch.hpp"
#include "support/pair_potential.hpp"
#include "support/paths.hpp"

namespace {

using mtp::Configuration;
using mtp::RelaxationSettings;
using mtp::RelaxationStatus;

// A 2x2x2 fcc cell, sheared and stretched away from the Morse equilibrium, atoms displaced.
Configuration strained_cell(unsigned seed = 7) {
  Configuration cfg = mtp::test::fcc_cell(3.75, 2);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-0.08, 0.08);
  for (auto& p : cfg.positions) p += mtp::Vec3{u(rng), u(rng), u(rng)};
  cfg.lattice.rows(0, 1) = 0.25;
  cfg.lattice.rows(2, 0) = -0.15;
  cfg.lattice.rows(1, 1) *= 1.03;
  return cfg;
}

mtp::EfsFunction morse() { return mtp::test::MorsePotential{}; }

void expect_non_increasing(const std::vector<double>& h) {
  ASSERT_GE(h.size(), 3u);
  for (std::size_t k = 1; k < h.size(); ++k) EXPECT_LE(h[k], h[k - 1] + 1e-12) << "accepted step " << k;
}

TEST(RelaxDriver, StrainedCellRelaxesToZeroStressAndForce) {
  RelaxationSettings s;
  const auto r = mtp::relax_configuration(strained_cell(), morse(), s);
  ASSERT_EQ(r.status, RelaxationStatus::Converged) << r.failure;
  mtp::Configuration check = r.configuration;
  mtp::test::MorsePotential{}(check);  // recompute independently of what the driver stored
  EXPECT_LT(mtp::max_force(check), s.force_tolerance);
  EXPECT_LT(mtp::max_stress_deviation_gpa(check, 0.0), s.stress_tolerance);
  EXPECT_EQ(r.configuration.features.at("from"), "relaxation_OK");
  EXPECT_NEAR(std::stod(r.configuration.features.at("min_dist")), r.configuration.min_distance(), 1e-6);
  expect_non_increasing(r.accepted_enthalpies);
  // The start was far from equilibrium: the relaxation lowered the energy substantially.
  Configuration start = strained_cell();
  mtp::test::MorsePotential{}(start);
  EXPECT_LT(*r.configuration.energy, *start.energy - 0.1);
}

TEST(RelaxDriver, FixedCellKeepsTheLatticeAndRelaxesAtoms) {
  RelaxationSettings s;
  s.stress_tolerance = 0.0;
  const Configuration in = strained_cell();
  const auto r = mtp::relax_configuration(in, morse(), s);
  ASSERT_EQ(r.status, RelaxationStatus::Converged) << r.failure;
  EXPECT_EQ(r.configuration.lattice, in.lattice);
  EXPECT_LT(mtp::max_force(r.configuration), s.force_tolerance);
  EXPECT_GT(mtp::max_stress_deviation_gpa(r.configuration, 0.0), 0.1);  // the strain is still there
  expect_non_increasing(r.accepted_enthalpies);
}

TEST(RelaxDriver, FixedPositionsKeepFractionalCoordinates) {
  RelaxationSettings s;
  s.force_tolerance = 0.0;
  const Configuration in = mtp::test::fcc_cell(3.75, 2);  // forces vanish by symmetry; only the cell relaxes
  Configuration sheared = in;
  sheared.lattice.rows(0, 1) = 0.2;
  for (auto& p : sheared.positions) p = sheared.lattice.to_cartesian(in.lattice.to_fractional(p));
  const auto r = mtp::relax_configuration(sheared, morse(), s);
  ASSERT_EQ(r.status, RelaxationStatus::Converged) << r.failure;
  EXPECT_LT(mtp::max_stress_deviation_gpa(r.configuration, 0.0), s.stress_tolerance);
  for (std::size_t i = 0; i < in.size(); ++i) {
    const mtp::Vec3 a = sheared.lattice.to_fractional(sheared.positions[i]);
    const mtp::Vec3 b = r.configuration.lattice.to_fractional(r.configuration.positions[i]);
    for (int k = 0; k < 3; ++k) {
      double d = a[k] - b[k];
      d -= std::round(d);
      EXPECT_NEAR(d, 0.0, 1e-12) << "atom " << i;
    }
  }
  EXPECT_FALSE(r.configuration.lattice == sheared.lattice);
}

TEST(RelaxDriver, PressureShrinksAndTensionExpandsTheCell) {
  auto volume_at = [](double p) {
    RelaxationSettings s;
    s.pressure_gpa = p;
    const auto r = mtp::relax_configuration(strained_cell(), morse(), s);
    EXPECT_EQ(r.status, RelaxationStatus::Converged) << r.failure;
    EXPECT_LT(mtp::max_stress_deviation_gpa(r.configuration, p), s.stress_tolerance) << "pressure " << p;
    expect_non_increasing(r.accepted_enthalpies);
    return r.configuration.lattice.volume();
  };
  const double v0 = volume_at(0.0), vp = volume_at(5.0), vn = volume_at(-2.0);
  EXPECT_LT(vp, v0 * 0.99);
  EXPECT_GT(vn, v0 * 1.005);
}

TEST(RelaxDriver, ClusterRelaxesPositionsOnly) {
  Configuration cfg;  // a distorted 13-atom icosahedron-like cluster: centre and 12 fcc neighbours
  const Configuration bulk = mtp::test::fcc_cell(3.7, 2);
  const mtp::Vec3 centre = bulk.positions[0] + mtp::Vec3{3.7, 3.7, 3.7};
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> u(-0.1, 0.1);
  cfg.positions.push_back(centre);
  cfg.types.push_back(0);
  for (int dx = -1; dx <= 1; ++dx)
    for (int dy = -1; dy <= 1; ++dy)
      for (int dz = -1; dz <= 1; ++dz)
        if ((dx + dy + dz) % 2 == 0 && std::abs(dx) + std::abs(dy) + std::abs(dz) == 2) {
          cfg.positions.push_back(centre + mtp::Vec3{dx * 1.85 + u(rng), dy * 1.85 + u(rng), dz * 1.85 + u(rng)});
          cfg.types.push_back(0);
        }
  ASSERT_EQ(cfg.size(), 13u);
  const auto r = mtp::relax_configuration(cfg, morse(), RelaxationSettings{});
  ASSERT_EQ(r.status, RelaxationStatus::Converged) << r.failure;
  EXPECT_EQ(r.configuration.lattice.periodic_dims, 0);
  EXPECT_GT(r.iterations, 5);
  EXPECT_LT(mtp::max_force(r.configuration), 1e-4);
  expect_non_increasing(r.accepted_enthalpies);
}

TEST(RelaxDriver, BreakingEvaluationFailsTheRelaxation) {
  int calls = 0;
  const mtp::test::MorsePotential m;
  const mtp::EfsFunction breaking = [&](Configuration& cfg) {
    if (++calls == 5) throw mtp::ExtrapolationBreak(12.5, "12.500000");
    m(cfg);
  };
  const auto r = mtp::relax_configuration(strained_cell(), breaking, RelaxationSettings{});
  EXPECT_EQ(r.status, RelaxationStatus::Failed);
  EXPECT_EQ(r.failure, "Breaking threshold exceeded (MV-grade: 12.500000)");
  EXPECT_EQ(r.evaluations, 5);
}

TEST(RelaxDriver, AtomsCloserThanMinDistFailAtTheStart) {
  Configuration cfg = mtp::test::fcc_cell(3.75, 2);
  cfg.positions[1] = cfg.positions[0] + mtp::Vec3{0.9, 0.0, 0.0};
  RelaxationSettings s;
  s.min_dist = 1.0;
  const auto r = mtp::relax_configuration(cfg, morse(), s);
  EXPECT_EQ(r.status, RelaxationStatus::Failed);
  EXPECT_NE(r.failure.find("Minimal distance in initial configuration is too short. 0.900000"), std::string::npos)
      << r.failure;
}

TEST(RelaxDriver, IterationLimitReportsNotConverged) {
  RelaxationSettings s;
  s.iteration_limit = 3;
  const auto r = mtp::relax_configuration(strained_cell(), morse(), s);
  EXPECT_EQ(r.status, RelaxationStatus::NotConverged);
  EXPECT_EQ(r.configuration.features.at("from"), "relaxation_NOT_CONVERGED");
  EXPECT_EQ(r.iterations, 3);
}

TEST(RelaxDriver, InvalidSettingsAreRejected) {
  RelaxationSettings s;
  s.force_tolerance = 0.0;
  s.stress_tolerance = 0.0;
  EXPECT_THROW(mtp::relax_configuration(strained_cell(), morse(), s), mtp::Error);
  s = RelaxationSettings{};
  s.wolfe_c1 = 0.9;
  EXPECT_THROW(mtp::relax_configuration(strained_cell(), morse(), s), mtp::Error);
}

TEST(RelaxDriver, ThreadCountDoesNotChangeResults) {
  std::vector<mtp::RelaxationJob> a(6), b;
  for (std::size_t k = 0; k < a.size(); ++k) {
    a[k].input = strained_cell(static_cast<unsigned>(k + 1));
    a[k].index = static_cast<long>(k + 1);
  }
  b = a;
  const mtp::EfsFactory efs = [](std::vector<Configuration>*) { return morse(); };
  mtp::relax_all(a, efs, RelaxationSettings{}, 1);
  mtp::relax_all(b, efs, RelaxationSettings{}, 3);
  for (std::size_t k = 0; k < a.size(); ++k) {
    ASSERT_EQ(a[k].result.status, RelaxationStatus::Converged);
    EXPECT_EQ(*a[k].result.configuration.energy, *b[k].result.configuration.energy);
    EXPECT_EQ(a[k].result.iterations, b[k].result.iterations);
  }
}

// The mlearn Cu MTP: a strained 2x2x2 fcc Cu cell relaxes to zero stress; the lattice constant lands near
// Cu's (the potential was fitted to DFT Cu, a ~ 3.6 A).
TEST(RelaxDriver, MlearnCuMtpRelaxesStrainedFccCell) {
  REQUIRE_SHARED();
  const mtp::Evaluator ev(mtp::io::load_potential(mtp::test::shared_path("data/mlearn/Cu/maml_fitted.mtp")));
  Configuration cfg = mtp::test::fcc_cell(3.75, 2);
  cfg.lattice.rows(0, 1) = 0.2;
  cfg.positions[3] += mtp::Vec3{0.05, -0.04, 0.03};
  const mtp::EfsFunction efs = [&ev](Configuration& c) { ev.compute_into(c); };
  RelaxationSettings s;
  const auto r = mtp::relax_configuration(cfg, efs, s);
  ASSERT_EQ(r.status, RelaxationStatus::Converged) << r.failure;
  Configuration check = r.configuration;
  ev.compute_into(check);
  EXPECT_LT(mtp::max_force(check), s.force_tolerance);
  EXPECT_LT(mtp::max_stress_deviation_gpa(check, 0.0), s.stress_tolerance);
  expect_non_increasing(r.accepted_enthalpies);
  const double a = std::cbrt(r.configuration.lattice.volume() / 8.0);
  EXPECT_GT(a, 3.5);
  EXPECT_LT(a, 3.7);
}

}  // namespace
