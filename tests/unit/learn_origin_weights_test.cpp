// Training weights by origin (train.origin_balance): groups of configurations of one origin weighted by a power
// of their size, and the retraining honours them.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <sstream>

#include "mtp/core/error.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/learn/loop.hpp"
#include "mtp/learn/mtp_oracle.hpp"
#include "mtp/learn/origin_weights.hpp"
#include "mtp/learn/retrain.hpp"
#include "mtp/model/evaluator.hpp"
#include "support/pair_potential.hpp"
#include "support/paths.hpp"

namespace mtp::learn {
namespace {

Configuration with_origin(const char* origin) {
  Configuration c;
  if (origin) mark_origin(c, origin);
  return c;
}

TEST(OriginWeights, BalanceOneGivesEveryOriginTheSameWeightAndTheMeanIsOne) {
  // N = 6 in G = 3 groups: three of "run_000", two of "start_000", one without the Feature.
  const std::vector<Configuration> set = {with_origin("run_000"), with_origin("start_000"), with_origin("run_000"),
                                          with_origin(nullptr),   with_origin("run_000"),   with_origin("start_000")};
  const std::vector<double> w = origin_weights(set, 1.0);
  ASSERT_EQ(w.size(), 6u);
  EXPECT_DOUBLE_EQ(w[0], 6.0 / (3 * 3));
  EXPECT_DOUBLE_EQ(w[1], 6.0 / (3 * 2));
  EXPECT_DOUBLE_EQ(w[3], 6.0 / (3 * 1));
  EXPECT_DOUBLE_EQ(w[0] * 3, w[1] * 2);
  EXPECT_DOUBLE_EQ(std::accumulate(w.begin(), w.end(), 0.0) / 6.0, 1.0);
  // Balance 0: every configuration 1 (the unweighted fit).
  for (double x : origin_weights(set, 0.0)) EXPECT_DOUBLE_EQ(x, 1.0);
  // Balance 0.5: w proportional to 1 / sqrt(n_g), mean 1: 6 / (sqrt 3 + sqrt 2 + 1) / sqrt(n_g).
  const std::vector<double> h = origin_weights(set, 0.5);
  const double scale = 6.0 / (std::sqrt(3.0) + std::sqrt(2.0) + 1.0);
  EXPECT_DOUBLE_EQ(h[0], scale / std::sqrt(3.0));
  EXPECT_DOUBLE_EQ(h[5], scale / std::sqrt(2.0));
  EXPECT_DOUBLE_EQ(h[3], scale);
  EXPECT_NEAR(std::accumulate(h.begin(), h.end(), 0.0), 6.0, 1e-12);
  // One origin: every weight 1 whatever the balance.
  for (double x : origin_weights({with_origin("a"), with_origin("a")}, 0.7)) EXPECT_DOUBLE_EQ(x, 1.0);
  // An origin already recorded is kept.
  Configuration c = with_origin("initial");
  mark_origin(c, "run_004");
  EXPECT_EQ(c.features.at(kOriginFeature), "initial");
}

TEST(OriginWeights, TheSettingsAreCheckedWhenRead) {
  const std::string head = "masses=[1]\nspecies=['Cu']\n[explore]\nstructures=['a.cfg']\n";
  EXPECT_EQ(parse_settings(head, "/x/s.toml").train.origin_balance, 0.0);
  EXPECT_EQ(parse_settings(head + "[train]\norigin_balance = 0.5\n", "/x/s.toml").train.origin_balance, 0.5);
  EXPECT_THROW(parse_settings(head + "[train]\norigin_balance = 1.5\n", "/x/s.toml"), Error);
  EXPECT_THROW(parse_settings(head + "[train]\norigin_balance = -0.1\n", "/x/s.toml"), Error);
  EXPECT_THROW(parse_settings(head + "[train]\norigin_balance = nan\n", "/x/s.toml"), Error);
  EXPECT_THROW(parse_settings(head + "[train]\norigin_balance = true\n", "/x/s.toml"), Error);
  EXPECT_EQ(parse_settings(head + "[select]\nmin_per_run = 2\n", "/x/s.toml").select.min_per_run, 2);
  EXPECT_THROW(parse_settings(head + "[select]\nmin_per_run = -1\n", "/x/s.toml"), Error);
  EXPECT_THROW(parse_settings(head + "[select]\nmin_per_run = 100000\n", "/x/s.toml"), Error);
}

// Contradictory data show the weights plainly: twelve rattled crystals labelled by a teacher (origin
// "start_000"), and two of the same geometries again with the teacher's forces times 1.5 ("run_002"). Where the
// two disagree, an exact fit would predict the weighted mean of the two labels: unweighted, halfway (1 : 1); by
// origin, 3.5 : 0.58 towards the second (w = N / (G n_g) = 14 / (2 * 2) and 14 / (2 * 12)), 0.86 of the way.
// A level-6 potential cannot fit either exactly (forces times 1.5 at unchanged energies are not conservative),
// so the test asks for the move: by origin, the fit goes at least a fifth of the difference further towards
// the stronger forces than unweighted (measured: 0.19 -> 0.53). Same start and seed both times.
TEST(OriginWeights, RetrainingFollowsTheWeights) {
  REQUIRE_SHARED();
  const Potential cu = io::load_potential(test::shared_path("data/mlearn/Cu/maml_fitted.mtp"));
  const MtpOracle teacher(cu);
  std::vector<Configuration> train;
  for (int k = 0; k < 12; ++k) {
    Configuration c = rattle(test::fcc_cell(3.62, 2), 0.08, 0.01, 100 + k);
    teacher.compute(c, "");
    mark_origin(c, "start_000");
    train.push_back(c);
  }
  std::vector<Configuration> stronger;
  for (int k = 0; k < 2; ++k) {
    Configuration c = train[std::size_t(k)];
    for (Vec3& f : c.forces) f *= 1.5;
    c.features[kOriginFeature] = "run_002";
    stronger.push_back(c);
    train.push_back(c);
  }

  LearnSettings s = parse_settings("masses=[63.546]\nspecies=['Cu']\n[potential]\nlevel=6\nmin_dist=1.8\n"
                                   "max_dist=4.2\n[train]\nmax_iterations=400\ntolerance=1e-6\n[explore]\n"
                                   "structures=['a.cfg']\n",
                                   test::scratch_dir("origin-weights") + "/s.toml");
  const Potential start = starting_potential(s);
  const Potential plain = retrain(s, start, train, true, nullptr);
  s.train.origin_balance = 1.0;
  std::ostringstream log;
  const Potential weighted = retrain(s, start, train, true, &log);
  EXPECT_NE(log.str().find("weights by origin: 0.583333 to 3.5"), std::string::npos) << log.str();

  // The share of the way from the teacher's forces to the stronger ones that each fit predicts, on the two
  // geometries: sum (F_fit - F_teacher) . (F_strong - F_teacher) / sum |F_strong - F_teacher|^2.
  auto share = [&](const Potential& p) {
    Evaluator ev(p);
    double num = 0, den = 0;
    for (int k = 0; k < 2; ++k) {
      const EfsResults r = ev.compute(train[std::size_t(k)]);
      for (std::size_t i = 0; i < r.forces.size(); ++i) {
        const Vec3 d = stronger[std::size_t(k)].forces[i] - train[std::size_t(k)].forces[i];
        num += dot(r.forces[i] - train[std::size_t(k)].forces[i], d);
        den += dot(d, d);
      }
    }
    return num / den;
  };
  const double plain_share = share(plain), weighted_share = share(weighted);
  std::cout << "share towards the stronger forces: unweighted " << plain_share << ", by origin " << weighted_share
            << " (an exact fit: 0.5 and 0.857)\n";
  EXPECT_GT(weighted_share, plain_share + 0.2);
  EXPECT_LT(plain_share, 0.5);
  EXPECT_LT(weighted_share, 3.5 / (3.5 + 14.0 / 24.0));
}

}  // namespace
}  // namespace mtp::learn
