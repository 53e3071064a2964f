// The loss: its value by hand for each weighting, and its exact gradient against finite differences for every
// weighting (MLIP-2's names and MLIP-3's --weight_scaling / --weight_scaling_forces powers), with --scale-by-force,
// and with energy, forces or stresses missing; the radial penalty likewise.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>

#include "mtp/core/error.hpp"
#include "mtp/fit/loss.hpp"
#include "mtp/model/efs_parameter_gradient.hpp"
#include "unit/fit_stand_in_models.hpp"

namespace {

using mtp::fit::LossWeights;
using mtp::fit::Weighting;

void expect_gradient_matches_fd(mtp::EfsParameterGradient& model, const mtp::fit::TrainingSample& s,
                                const LossWeights& w) {
  const std::vector<double> theta = model.parameters();
  std::vector<double> g(theta.size(), 0.0);
  model.set_parameters(theta);
  mtp::fit::configuration_loss(model, s, w, &g);
  const double h = 1e-6;
  double gmax = 0.0;
  for (std::size_t p = 0; p < theta.size(); ++p) {
    std::vector<double> a = theta, b = theta;
    a[p] += h;
    b[p] -= h;
    model.set_parameters(a);
    const double fa = mtp::fit::configuration_loss(model, s, w, nullptr);
    model.set_parameters(b);
    const double fb = mtp::fit::configuration_loss(model, s, w, nullptr);
    const double fd = (fa - fb) / (2 * h);
    gmax = std::max(gmax, std::abs(fd));
    EXPECT_NEAR(g[p], fd, 2e-6 * std::max(1.0, std::abs(fd))) << "parameter " << p;
  }
  EXPECT_GT(gmax, 1e-3);  // the test exercises a non-trivial gradient
  model.set_parameters(theta);
}

struct Case {
  Weighting weighting;
  double scale_by_force;
  bool energy, forces, virial;
  std::optional<mtp::fit::AtomCountPowers> powers = std::nullopt;
};

class LossGradient : public ::testing::TestWithParam<Case> {};

TEST_P(LossGradient, MatchesFiniteDifferences) {
  const Case c = GetParam();
  mtp::EfsParameterGradient model(mtp::test::stand_in_potential(2, 21));
  mtp::Configuration cfg = mtp::test::stand_in_configuration(9, 2, 23);
  if (!c.energy) cfg.energy.reset();
  if (!c.forces) cfg.forces.clear();
  if (!c.virial) cfg.virial.reset();
  LossWeights w;
  w.energy = 1.0;
  w.force = 0.3;
  w.stress = 0.05;
  w.weighting = c.weighting;
  w.scale_by_force = c.scale_by_force;
  w.powers = c.powers;
  expect_gradient_matches_fd(model, mtp::fit::make_sample(cfg, model.potential().cutoff()), w);
}

INSTANTIATE_TEST_SUITE_P(AllWeightings, LossGradient,
                         ::testing::Values(Case{Weighting::Vibrations, 0.0, true, true, true},
                                           Case{Weighting::Molecules, 0.0, true, true, true},
                                           Case{Weighting::Structures, 0.0, true, true, true},
                                           Case{Weighting::Vibrations, 0.7, true, true, true},
                                           Case{Weighting::Vibrations, 0.0, false, true, true},
                                           Case{Weighting::Vibrations, 0.0, true, false, true},
                                           Case{Weighting::Vibrations, 0.0, true, true, false},
                                           Case{Weighting::Structures, 0.2, false, true, false},
                                           Case{Weighting::Vibrations, 0.0, true, true, true, mtp::fit::AtomCountPowers{0, 0}},
                                           Case{Weighting::Vibrations, 0.0, true, true, true, mtp::fit::AtomCountPowers{2, 1}},
                                           Case{Weighting::Vibrations, 0.4, true, true, true, mtp::fit::AtomCountPowers{1, 1}}));

TEST(Loss, ValueFollowsTheWeighting) {
  const mtp::EfsParameterGradient model(mtp::test::stand_in_potential(2, 5));
  const mtp::Configuration cfg = mtp::test::stand_in_configuration(8, 2, 6);
  const auto s = mtp::fit::make_sample(cfg, model.potential().cutoff());
  const auto efs = model.compute(s.nl, cfg.types.data(), cfg.size());
  const double dE2 = std::pow(efs.energy - *cfg.energy, 2);
  double dF2 = 0.0, dF2w = 0.0, dW2 = 0.0;
  for (std::size_t i = 0; i < cfg.size(); ++i) {
    const double d = mtp::norm2(efs.forces[i] - cfg.forces[i]);
    dF2 += d;
    dF2w += d * 0.5 / (mtp::norm2(cfg.forces[i]) + 0.5);
  }
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) dW2 += std::pow(efs.virial.m[a][b] - cfg.virial->m[a][b], 2);
  const double N = 8.0;
  LossWeights w;
  w.energy = 2.0;
  w.force = 0.1;
  w.stress = 0.01;
  const double vib = mtp::fit::configuration_loss(model, s, w, nullptr);
  EXPECT_NEAR(vib, 2.0 * dE2 / N + 0.1 * dF2 + 0.01 * dW2 / N, 1e-12 * vib);
  w.weighting = Weighting::Molecules;
  EXPECT_NEAR(mtp::fit::configuration_loss(model, s, w, nullptr), 2.0 * dE2 + 0.1 * dF2 + 0.01 * dW2, 1e-12 * vib * N);
  w.weighting = Weighting::Structures;
  EXPECT_NEAR(mtp::fit::configuration_loss(model, s, w, nullptr), 2.0 * dE2 / (N * N) + 0.1 * dF2 / N + 0.01 * dW2 / (N * N),
              1e-12 * vib);
  w.weighting = Weighting::Vibrations;
  w.scale_by_force = 0.5;
  EXPECT_NEAR(mtp::fit::configuration_loss(model, s, w, nullptr), 2.0 * dE2 / N + 0.1 * dF2w + 0.01 * dW2 / N, 1e-12 * vib);
  // MLIP-3's weight_scaling p_E and weight_scaling_forces p_F: w_E/N^p_E, w_F/N^p_F, and the stress always w_S/N
  // (unlike MLIP-2's molecules and structures); 1/0 is vibrations.
  w.scale_by_force = 0.0;
  w.powers = mtp::fit::AtomCountPowers{1, 0};
  EXPECT_NEAR(mtp::fit::configuration_loss(model, s, w, nullptr), vib, 1e-12 * vib);
  w.powers = mtp::fit::AtomCountPowers{0, 0};
  EXPECT_NEAR(mtp::fit::configuration_loss(model, s, w, nullptr), 2.0 * dE2 + 0.1 * dF2 + 0.01 * dW2 / N, 1e-12 * vib * N);
  w.powers = mtp::fit::AtomCountPowers{2, 1};
  EXPECT_NEAR(mtp::fit::configuration_loss(model, s, w, nullptr), 2.0 * dE2 / (N * N) + 0.1 * dF2 / N + 0.01 * dW2 / N,
              1e-12 * vib);
  w.powers = mtp::fit::AtomCountPowers{0, 1};
  EXPECT_NEAR(mtp::fit::configuration_loss(model, s, w, nullptr), 2.0 * dE2 + 0.1 * dF2 / N + 0.01 * dW2 / N,
              1e-12 * vib * N);
}

TEST(Loss, ParsesWeightingNames) {
  EXPECT_EQ(mtp::fit::parse_weighting("molecules"), Weighting::Molecules);
  EXPECT_EQ(mtp::fit::parse_weighting("structures"), Weighting::Structures);
  EXPECT_EQ(mtp::fit::parse_weighting("vibrations"), Weighting::Vibrations);
  EXPECT_THROW(mtp::fit::parse_weighting("atoms"), mtp::Error);
}

TEST(RadialPenalty, ValueAndGradient) {
  const mtp::Potential p = mtp::test::stand_in_potential(2, 9);
  std::vector<double> theta(p.radial_coeffs);
  theta.insert(theta.end(), p.species_coeffs.begin(), p.species_coeffs.end());
  theta.insert(theta.end(), p.moment_coeffs.begin(), p.moment_coeffs.end());
  // By hand: two radial functions over 4 pairs x 6 coefficients.
  double n0 = 0, n1 = 0, c01 = 0;
  for (std::size_t pair = 0; pair < 4; ++pair)
    for (std::size_t x = 0; x < 6; ++x) {
      const double a = theta[(pair * 2 + 0) * 6 + x], b = theta[(pair * 2 + 1) * 6 + x];
      n0 += a * a;
      n1 += b * b;
      c01 += a * b;
    }
  std::vector<double> g(theta.size(), 0.0);
  const double P = mtp::fit::radial_penalty(p, theta, 2.0, &g);
  EXPECT_NEAR(P, (n0 - 1) * (n0 - 1) + (n1 - 1) * (n1 - 1) + c01 * c01, 1e-12);
  const double h = 1e-6;
  for (std::size_t k = 0; k < theta.size(); ++k) {
    auto a = theta, b = theta;
    a[k] += h;
    b[k] -= h;
    const double fd = 2.0 * (mtp::fit::radial_penalty(p, a, 1.0, nullptr) - mtp::fit::radial_penalty(p, b, 1.0, nullptr)) / (2 * h);
    EXPECT_NEAR(g[k], fd, 1e-7);
  }
}

}  // namespace

namespace {

TEST(Loss, TrainingRefusesGhostAtoms) {
  mtp::Configuration cfg;
  cfg.positions = {{0, 0, 0}, {2, 0, 0}};
  cfg.types = {0, 0};
  cfg.energy = -1.0;
  cfg.ghost = {false, true};
  try {
    mtp::fit::make_sample(cfg, 5.0);
    FAIL() << "accepted a configuration with a ghost atom";
  } catch (const mtp::Error& e) {
    EXPECT_NE(std::string(e.what()).find("1 ghost atoms"), std::string::npos) << e.what();
  }
}

}  // namespace
