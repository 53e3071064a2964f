// The optimisers on functions with known minima, and MLIP-2's rules: step cap on the first component, the
// every-50 re-fit hook, the stopping rules.
#include <gtest/gtest.h>

#include <cmath>

#include "mtp/fit/bfgs.hpp"

namespace {

using mtp::fit::BfgsHooks;
using mtp::fit::BfgsOptions;

double rosenbrock(const std::vector<double>& x, std::vector<double>& g) {
  double f = 0.0;
  g.assign(x.size(), 0.0);
  for (std::size_t i = 0; i + 1 < x.size(); ++i) {
    const double a = x[i + 1] - x[i] * x[i], b = 1.0 - x[i];
    f += 100.0 * a * a + b * b;
    g[i] += -400.0 * x[i] * a - 2.0 * b;
    g[i + 1] += 200.0 * a;
  }
  return f;
}

// The loss's diagnostics reach the progress hook with the point they were computed at (the line search
// evaluates trial points after the one it accepts; the loss here reports its own x and f), for both optimisers.
TEST(Bfgs, ProgressGetsTheAcceptedPointsOwnDiagnostics) {
  const mtp::fit::DiagnosedLossAndGradient loss = [](const std::vector<double>& x, std::vector<double>& g,
                                                     mtp::fit::LossDiagnostics& d) {
    const double f = rosenbrock(x, g);
    d = x;
    d.push_back(f);
    return f;
  };
  for (bool limited : {false, true}) {
    BfgsOptions o;
    o.max_iterations = 60;
    o.convergence_window = 0;
    int checked = 0;
    BfgsHooks h;
    h.progress = [&](int, double f, const std::vector<double>& x, const mtp::fit::LossDiagnostics& d) {
      EXPECT_EQ(d.size(), x.size() + 1);
      EXPECT_EQ(std::vector<double>(d.begin(), d.end() - 1), x);
      EXPECT_EQ(d.back(), f);
      ++checked;
      return true;
    };
    const auto r = limited ? mtp::fit::minimize_lbfgs(loss, {-1.2, 1.0, -0.5}, o, 5, h)
                           : mtp::fit::minimize_bfgs(loss, {-1.2, 1.0, -0.5}, o, h);
    EXPECT_EQ(checked, r.iterations);
    EXPECT_GT(r.evaluations, r.iterations + 1);  // trial points were evaluated besides the accepted ones
  }
}

TEST(Bfgs, MinimisesRosenbrock) {
  BfgsOptions o;
  o.max_iterations = 500;
  o.convergence_window = 0;
  o.first_component_cap = 0.0;
  const auto r = mtp::fit::minimize_bfgs(rosenbrock, {-1.2, 1.0, -0.5, 0.8}, o);
  for (double v : r.x) EXPECT_NEAR(v, 1.0, 1e-5);
  EXPECT_LT(r.f, 1e-10);
  EXPECT_LT(r.iterations, 200);
}

TEST(Lbfgs, MinimisesRosenbrock) {
  BfgsOptions o;
  o.max_iterations = 1000;
  o.convergence_window = 0;
  o.first_component_cap = 0.0;
  const auto r = mtp::fit::minimize_lbfgs(rosenbrock, {-1.2, 1.0, -0.5, 0.8}, o, 8);
  for (double v : r.x) EXPECT_NEAR(v, 1.0, 1e-5);
}

TEST(Bfgs, QuadraticIsSolvedInFewSteps) {
  // f = 1/2 x^T A x - b^T x with A = diag(1..6) + 0.1: BFGS with exact-ish line searches needs about n steps.
  const std::size_t n = 6;
  auto f = [&](const std::vector<double>& x, std::vector<double>& g) {
    double v = 0.0;
    g.assign(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      double ax = 0.0;
      for (std::size_t j = 0; j < n; ++j) ax += ((i == j ? double(i + 1) : 0.0) + 0.1) * x[j];
      v += 0.5 * x[i] * ax - double(i) * x[i];
      g[i] = ax - double(i);
    }
    return v;
  };
  BfgsOptions o;
  o.max_iterations = 100;
  o.convergence_window = 0;
  o.first_component_cap = 0.0;
  const auto r = mtp::fit::minimize_bfgs(f, std::vector<double>(n, 0.0), o);
  std::vector<double> g;
  f(r.x, g);
  for (double v : g) EXPECT_NEAR(v, 0.0, 1e-7);
  EXPECT_LT(r.iterations, 30);
}

TEST(Bfgs, StopsAtTheStepLimitAndReportsEveryIteration) {
  BfgsOptions o;
  o.max_iterations = 7;
  std::vector<int> seen;
  BfgsHooks h;
  h.progress = [&](int k, double, const std::vector<double>&, const mtp::fit::LossDiagnostics&) {
    seen.push_back(k);
    return true;
  };
  const auto r = mtp::fit::minimize_bfgs(rosenbrock, {-1.2, 1.0}, o, h);
  EXPECT_EQ(r.iterations, 7);
  EXPECT_EQ(r.stop_reason, "step limit reached");
  EXPECT_EQ(seen, (std::vector<int>{0, 1, 2, 3, 4, 5, 6}));
}

TEST(Bfgs, FirstComponentOfTheTrialStepIsCapped) {
  // A steep linear slope in x0: the very first trial point moves x0 by at most the cap.
  std::vector<double> first_trial;
  auto f = [&](const std::vector<double>& x, std::vector<double>& g) {
    if (first_trial.empty() && x[0] != 0.0) first_trial = x;
    g = {2.0 * (x[0] - 10.0), 2.0 * x[1]};
    return (x[0] - 10.0) * (x[0] - 10.0) + x[1] * x[1];
  };
  BfgsOptions o;
  o.max_iterations = 1;
  mtp::fit::minimize_bfgs(f, {0.0, 0.0}, o);
  ASSERT_FALSE(first_trial.empty());
  // -g_0 = 20: quartered twice to 1.25, once more to 0.3125 <= 0.5.
  EXPECT_DOUBLE_EQ(first_trial[0], 20.0 * 0.25 * 0.25 * 0.25);
}

TEST(Bfgs, RefitHookRunsEveryWindowAndConvergenceRuleStops) {
  int refits = 0;
  std::vector<int> refit_at;
  int current = -1;  // the last iteration reported; steps done = current + 1
  BfgsHooks h;
  h.progress = [&](int k, double, const std::vector<double>&, const mtp::fit::LossDiagnostics&) {
    current = k;
    return true;
  };
  h.refit = [&](std::vector<double>& x) {
    ++refits;
    refit_at.push_back(current + 1);
    x[0] = 1.0;  // the hook may move the point; the optimiser must re-evaluate
  };
  BfgsOptions o;
  o.max_iterations = 120;
  o.convergence_window = 10;
  o.convergence_tolerance = 1e-3;
  o.min_change = 0.0;
  o.first_component_cap = 0.0;
  // Slowly converging: f decreases by less than 0.1 % per 10 iterations after a while.
  auto f = [](const std::vector<double>& x, std::vector<double>& g) {
    g = {4.0 * std::pow(x[0] - 1.0, 3), 4.0 * std::pow(x[1] - 2.0, 3)};
    return std::pow(x[0] - 1.0, 4) + std::pow(x[1] - 2.0, 4) + 1.0;
  };
  const auto r = mtp::fit::minimize_bfgs(f, {3.0, 5.0}, o, h);
  EXPECT_EQ(r.stop_reason, "converged");
  EXPECT_EQ(r.iterations % 10, 0);
  EXPECT_GE(refits, 2);
  EXPECT_EQ(refit_at.front(), 0);  // MLIP-2 re-fits before the first step too
  for (int k : refit_at) EXPECT_EQ(k % 10, 0);
}

TEST(Bfgs, ProgressCanInterrupt) {
  BfgsHooks h;
  h.progress = [](int k, double, const std::vector<double>&, const mtp::fit::LossDiagnostics&) { return k < 3; };
  BfgsOptions o;
  const auto r = mtp::fit::minimize_bfgs(rosenbrock, {-1.2, 1.0}, o, h);
  EXPECT_EQ(r.stop_reason, "interrupted");
  EXPECT_EQ(r.iterations, 4);  // reported 0..3 after steps 1..4; the report of step 4 said stop
}

TEST(Bfgs, StopsWhenTheLossStopsChanging) {
  BfgsOptions o;
  o.max_iterations = 1000;
  o.convergence_window = 0;
  o.min_change = 1e-13;
  auto f = [](const std::vector<double>& x, std::vector<double>& g) {
    g = {2.0 * x[0]};
    return x[0] * x[0];
  };
  const auto r = mtp::fit::minimize_bfgs(f, {0.3}, o);
  EXPECT_LT(r.iterations, 1000);
  EXPECT_NE(r.stop_reason, "step limit reached");
  EXPECT_LT(r.f, 1e-12);
}

}  // namespace
