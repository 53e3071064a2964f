// Per-configuration weights: the Feature weight and the energy-based weights by their formula, the training
// loss equal to the weighted sum computed by hand from energies, forces and virials, and the linear fit's
// normal equations with a weight 2 equal to those with the configuration given twice.
#include <gtest/gtest.h>

#include <cmath>

#include "mtp/core/error.hpp"
#include "mtp/fit/configuration_weights.hpp"
#include "mtp/fit/linear_fit.hpp"
#include "mtp/fit/trainer.hpp"
#include "unit/fit_stand_in_models.hpp"

namespace {

using mtp::fit::TrainingSample;

std::vector<TrainingSample> samples_of(const std::vector<mtp::Configuration>& cfgs, double cutoff) {
  std::vector<TrainingSample> out;
  for (const auto& c : cfgs) out.push_back(mtp::fit::make_sample(c, cutoff));
  return out;
}

TEST(ConfigurationWeights, FeatureWeightIsReadAndChecked) {
  mtp::Configuration cfg = mtp::test::stand_in_configuration(4, 1, 3);
  EXPECT_EQ(mtp::fit::feature_weight(cfg, "weight"), 1.0);  // absent: 1
  cfg.features["weight"] = "2.5";
  EXPECT_EQ(mtp::fit::feature_weight(cfg, "weight"), 2.5);
  cfg.features["weight"] = " 0 ";
  EXPECT_EQ(mtp::fit::feature_weight(cfg, "weight"), 0.0);
  for (const char* bad : {"abc", "-1", "nan", "inf", "2x", ""}) {
    cfg.features["weight"] = bad;
    try {
      mtp::fit::feature_weight(cfg, "weight");
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const mtp::Error& e) {
      EXPECT_NE(std::string(e.what()).find("Feature weight"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(">= 0"), std::string::npos) << e.what();
    }
  }
}

TEST(ConfigurationWeights, EnergyBasedWeightsFollowTheFormulaAndAverageOne) {
  // Energies per atom -3.0, -2.9, -2.5 and one configuration without an energy.
  std::vector<mtp::Configuration> cfgs;
  const double e_per_atom[3] = {-3.0, -2.9, -2.5};
  for (int k = 0; k < 4; ++k) {
    cfgs.push_back(mtp::test::stand_in_configuration(5 + k, 1, 10 + unsigned(k)));
    if (k < 3) cfgs.back().energy = e_per_atom[k] * double(cfgs.back().size());
    else cfgs.back().energy.reset();
  }
  std::vector<TrainingSample> s = samples_of(cfgs, 4.6);
  s[1].weight = 3.0;  // as a Feature weight would have set it: multiplied, not replaced
  mtp::fit::ConfigurationWeighting w;
  w.energy_scale = 0.2;
  w.floor = 0.25;
  mtp::fit::apply_energy_based_weights(s, w, mtp::fit::Communicator::serial());
  double u[4];
  for (int k = 0; k < 3; ++k) u[k] = 0.25 + 0.75 * std::exp(-(e_per_atom[k] + 3.0) / 0.2);
  u[3] = 1.0;
  const double mean = (u[0] + u[1] + u[2] + u[3]) / 4.0;
  EXPECT_NEAR(s[0].weight, 1.0 / mean, 1e-14);  // the lowest configuration: exp(0) = 1
  EXPECT_NEAR(s[1].weight, 3.0 * u[1] / mean, 1e-14);
  EXPECT_NEAR(s[2].weight, u[2] / mean, 1e-14);
  EXPECT_NEAR(s[3].weight, 1.0 / mean, 1e-14);
  EXPECT_GT(s[0].weight, s[2].weight);  // nearer the ground state weighs more
  w.floor = 1.5;
  EXPECT_THROW(mtp::fit::apply_energy_based_weights(s, w, mtp::fit::Communicator::serial()), mtp::Error);
}

TEST(ConfigurationWeights, LossIsTheWeightedSumComputedByHand) {
  const mtp::Potential pot = mtp::test::stand_in_potential(2, 7);
  std::vector<mtp::Configuration> cfgs;
  for (int k = 0; k < 3; ++k) cfgs.push_back(mtp::test::stand_in_configuration(6 + 2 * k, 2, 30 + unsigned(k)));
  std::vector<TrainingSample> s = samples_of(cfgs, pot.cutoff());
  const double weights[3] = {0.5, 2.0, 0.0};
  for (int k = 0; k < 3; ++k) s[std::size_t(k)].weight = weights[k];
  mtp::fit::TrainerOptions o;
  o.weights.energy = 1.0;
  o.weights.force = 0.3;
  o.weights.stress = 0.05;
  o.weights.penalty = 0.0;
  mtp::fit::Trainer trainer(pot, s, o, mtp::fit::Communicator::serial());
  const double loss = trainer.loss(pot.parameters());
  // By hand (vibrations: energy / N, forces, stress / N), from the evaluator's E, F and virial.
  const mtp::Evaluator ev(pot);
  double expected = 0.0;
  for (int k = 0; k < 3; ++k) {
    const mtp::Configuration& c = cfgs[std::size_t(k)];
    const mtp::EfsResults r = ev.compute(c);
    const double n = double(c.size());
    double term = 1.0 / n * std::pow(r.energy - *c.energy, 2);
    for (std::size_t i = 0; i < c.size(); ++i)
      for (int d = 0; d < 3; ++d) term += 0.3 * std::pow(r.forces[i][d] - c.forces[i][d], 2);
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) term += 0.05 / n * std::pow(r.virial.m[a][b] - c.virial->m[a][b], 2);
    expected += weights[k] * term;
  }
  expected /= 3.0;
  EXPECT_NEAR(loss, expected, 1e-12 * expected);
  EXPECT_GT(expected, 1e-3);
  // Unweighted, the same sum is different: the weights took effect.
  std::vector<TrainingSample> plain = samples_of(cfgs, pot.cutoff());
  mtp::fit::Trainer unweighted(pot, plain, o, mtp::fit::Communicator::serial());
  EXPECT_GT(std::abs(unweighted.loss(pot.parameters()) - loss), 1e-6 * loss);
}

TEST(ConfigurationWeights, WeightTwoInTheLinearFitEqualsTheConfigurationTwice) {
  const mtp::Potential pot = mtp::test::stand_in_potential(2, 9);
  const mtp::EfsParameterGradient model(pot);
  const auto a = mtp::test::stand_in_configuration(7, 2, 41), b = mtp::test::stand_in_configuration(8, 2, 42);
  std::vector<TrainingSample> weighted = samples_of({a, b}, pot.cutoff());
  weighted[1].weight = 2.0;
  const std::vector<TrainingSample> twice = samples_of({a, b, b}, pot.cutoff());
  const mtp::fit::LossWeights w;
  const auto x = mtp::fit::linear_normal_equations(model, weighted, w, 1).values();
  const auto y = mtp::fit::linear_normal_equations(model, twice, w, 1).values();
  ASSERT_EQ(x.size(), y.size());
  for (std::size_t k = 0; k < x.size(); ++k) EXPECT_NEAR(x[k], y[k], 1e-12 * (1.0 + std::abs(y[k]))) << k;
}

}  // namespace
