#include "mtp/fit/bfgs.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>

#include "mtp/core/error.hpp"

namespace mtp::fit {
namespace {

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0.0;
  for (std::size_t k = 0; k < a.size(); ++k) s += a[k] * b[k];
  return s;
}

struct Trial {
  double a = 0.0, f = 0.0, d = 0.0;  // step length, f, directional derivative
  std::vector<double> x, g;
  LossDiagnostics diagnostics;  // the loss's, at x
};

// Strong-Wolfe line search along p from (x0, f0, g0): bracketing by doubling, then a safeguarded cubic zoom.
// Returns false when no point with sufficient decrease was found within the evaluation budget.
class LineSearch {
 public:
  LineSearch(const DiagnosedLossAndGradient& loss, const BfgsOptions& o, int& evaluations)
      : loss_(loss), o_(o), evaluations_(evaluations) {}

  bool run(const std::vector<double>& x0, double f0, double d0, const std::vector<double>& p, double a0,
           Trial& out) {
    x0_ = &x0;
    p_ = &p;
    f0_ = f0;
    d0_ = d0;
    budget_ = o_.max_line_search_evaluations;
    Trial prev;
    prev.a = 0.0;
    prev.f = f0;
    prev.d = d0;
    double a = a0;
    for (int i = 0; budget_ > 0; ++i) {
      Trial cur = evaluate(a);
      if (!std::isfinite(cur.f) || cur.f > f0 + o_.wolfe_c1 * cur.a * d0 || (i > 0 && cur.f >= prev.f))
        return zoom(prev, cur, out);
      if (std::abs(cur.d) <= -o_.wolfe_c2 * d0) {
        out = std::move(cur);
        return true;
      }
      if (cur.d >= 0.0) return zoom(cur, prev, out);
      prev = std::move(cur);
      a *= 2.0;
    }
    return false;
  }

 private:
  Trial evaluate(double a) {
    Trial t;
    t.a = a;
    t.x = *x0_;
    for (std::size_t k = 0; k < t.x.size(); ++k) t.x[k] += a * (*p_)[k];
    t.g.assign(t.x.size(), 0.0);
    t.f = loss_(t.x, t.g, t.diagnostics);
    ++evaluations_;
    --budget_;
    t.d = std::isfinite(t.f) ? dot(t.g, *p_) : std::numeric_limits<double>::quiet_NaN();
    return t;
  }

  bool sufficient(const Trial& t) const { return std::isfinite(t.f) && t.f <= f0_ + o_.wolfe_c1 * t.a * d0_; }

  bool zoom(Trial lo, Trial hi, Trial& out) {
    while (budget_ > 0) {
      const double lo_a = std::min(lo.a, hi.a), hi_a = std::max(lo.a, hi.a), width = hi_a - lo_a;
      double a = 0.5 * (lo.a + hi.a);
      double sigma = 0.1;  // keep trial points this fraction of the interval away from its ends
      if (lo.a == 0.0 && hi.a > 0.0 && std::isfinite(hi.f) && hi.f > lo.f) {
        // Still backtracking from the start: the minimiser of the quadratic through f0, f'(0) and f(hi), kept
        // within [0.1, 0.5] of hi, or [0.01, 0.5] when f(hi) is wildly above the linear model (a far too long
        // trial step: MTP losses grow like high powers of the radial coefficients).
        const double excess = hi.f - lo.f - lo.d * hi.a;
        const double q = -lo.d * hi.a * hi.a / (2.0 * excess);
        a = std::isfinite(q) ? q : 0.5 * hi.a;
        sigma = 0.0;
        const double floor = excess > -1e3 * lo.d * hi.a ? 0.01 : 0.1;
        a = std::clamp(a, floor * hi.a, 0.5 * hi.a);
      } else if (std::isfinite(hi.f) && std::isfinite(hi.d)) {
        // Minimiser of the cubic through both ends' values and slopes.
        const double d1 = lo.d + hi.d - 3.0 * (lo.f - hi.f) / (lo.a - hi.a);
        const double disc = d1 * d1 - lo.d * hi.d;
        if (disc >= 0.0) {
          const double d2 = std::copysign(std::sqrt(disc), hi.a - lo.a);
          const double c = hi.a - (hi.a - lo.a) * (hi.d + d2 - d1) / (hi.d - lo.d + 2.0 * d2);
          if (std::isfinite(c)) a = c;
        }
      }
      if (sigma > 0.0) a = std::clamp(a, lo_a + sigma * width, hi_a - sigma * width);
      Trial cur = evaluate(a);
      if (!sufficient(cur) || cur.f >= lo.f) {
        hi = std::move(cur);
      } else {
        if (std::abs(cur.d) <= -o_.wolfe_c2 * d0_) {
          out = std::move(cur);
          return true;
        }
        if (cur.d * (hi.a - lo.a) >= 0.0) hi = lo;
        lo = std::move(cur);
      }
      if (width < 1e-16 * std::max(1.0, hi_a)) break;
    }
    // Out of budget: accept the best point with sufficient decrease, if any.
    if (lo.a > 0.0) {
      out = std::move(lo);
      return true;
    }
    return false;
  }

  const DiagnosedLossAndGradient& loss_;
  const BfgsOptions& o_;
  int& evaluations_;
  const std::vector<double>* x0_ = nullptr;
  const std::vector<double>* p_ = nullptr;
  double f0_ = 0.0, d0_ = 0.0;
  int budget_ = 0;
};

// The loop both optimisers share; `direction` computes the search direction from the gradient and `update`
// learns from an accepted step (s, y); `reset` forgets the curvature; `memory` exports the curvature for a saved
// state (the caller has already imported a resumed one).
template <class Direction, class Update, class Reset, class Memory>
BfgsResult run_quasi_newton(const DiagnosedLossAndGradient& loss, std::vector<double> x, const BfgsOptions& o,
                            const BfgsHooks& hooks, const OptimizerState* resume, Direction direction, Update update,
                            Reset reset, Memory memory) {
  BfgsResult r;
  if (resume) x = resume->x;
  const std::size_t n = x.size();
  std::vector<double> g(n, 0.0);
  LossDiagnostics diagnostics;
  double f = loss(x, g, diagnostics);
  r.evaluations = 1;
  if (!std::isfinite(f)) throw Error("the loss is not finite at the starting point");
  double f_window_start = f, last_window_decrease = std::numeric_limits<double>::infinity();
  LineSearch search(loss, o, r.evaluations);
  int k = 0;
  if (resume) {
    k = resume->iteration;
    f_window_start = resume->window_start;
    last_window_decrease = resume->last_window_decrease;
  }
  OptimizerState saved;
  for (;; ) {
    if (k >= o.max_iterations) {
      r.stop_reason = "step limit reached";
      break;
    }
    if (o.convergence_window > 0 && k % o.convergence_window == 0) {
      if (k > 0) {
        const double decrease = (f_window_start - f) / f;
        if (decrease < o.convergence_tolerance && decrease < last_window_decrease) {
          r.stop_reason = "converged";
          break;
        }
        last_window_decrease = decrease;
      }
      if (hooks.refit) {
        hooks.refit(x);
        f = loss(x, g, diagnostics);
        ++r.evaluations;
      }
      f_window_start = f;
    }
    std::vector<double> p = direction(g);
    double d0 = dot(p, g);
    if (!(d0 < 0.0)) {
      reset();
      p = g;
      for (double& v : p) v = -v;
      d0 = dot(p, g);
    }
    if (d0 == 0.0) {
      r.stop_reason = "zero gradient";
      break;
    }
    double a0 = 1.0;
    if (o.first_component_cap > 0.0 && n > 0)
      while (std::abs(a0 * p[0]) > o.first_component_cap) a0 *= 0.25;
    Trial t;
    if (!search.run(x, f, d0, p, a0, t)) {
      // Retry once along steepest descent with the curvature forgotten.
      reset();
      p = g;
      for (double& v : p) v = -v;
      d0 = dot(p, g);
      a0 = 1.0;
      if (o.first_component_cap > 0.0 && n > 0)
        while (std::abs(a0 * p[0]) > o.first_component_cap) a0 *= 0.25;
      if (!search.run(x, f, d0, p, a0, t)) {
        r.stop_reason = "line search failed";
        break;
      }
    }
    std::vector<double> s(n), y(n);
    for (std::size_t i = 0; i < n; ++i) {
      s[i] = t.x[i] - x[i];
      y[i] = t.g[i] - g[i];
    }
    update(s, y);
    const double f_prev = f;
    x = std::move(t.x);
    g = std::move(t.g);
    f = t.f;
    diagnostics = std::move(t.diagnostics);
    ++k;
    // Numbered from 0 after each accepted step, as MLIP-2 prints "BFGS iter k".
    const bool go_on = !hooks.progress || hooks.progress(k - 1, f, x, diagnostics);
    if (hooks.state && (!go_on || (hooks.state_every > 0 && k % hooks.state_every == 0))) {
      saved.iteration = k;
      saved.window_start = f_window_start;
      saved.last_window_decrease = last_window_decrease;
      saved.x = x;
      memory(saved.memory);
      hooks.state(saved);
    }
    if (!go_on) {
      r.stop_reason = "interrupted";
      break;
    }
    if (std::abs(f_prev - f) < o.min_change) {
      r.stop_reason = "loss stopped changing";
      break;
    }
  }
  r.x = std::move(x);
  r.f = f;
  r.iterations = k;
  return r;
}

// A loss without diagnostics reports none.
DiagnosedLossAndGradient without_diagnostics(const LossAndGradient& loss) {
  return [&loss](const std::vector<double>& x, std::vector<double>& g, LossDiagnostics&) { return loss(x, g); };
}

}  // namespace

BfgsResult minimize_bfgs(const LossAndGradient& loss, std::vector<double> x, const BfgsOptions& options,
                         const BfgsHooks& hooks, const OptimizerState* resume) {
  return minimize_bfgs(without_diagnostics(loss), std::move(x), options, hooks, resume);
}

BfgsResult minimize_lbfgs(const LossAndGradient& loss, std::vector<double> x, const BfgsOptions& options,
                          int history, const BfgsHooks& hooks, const OptimizerState* resume) {
  return minimize_lbfgs(without_diagnostics(loss), std::move(x), options, history, hooks, resume);
}

BfgsResult minimize_bfgs(const DiagnosedLossAndGradient& loss, std::vector<double> x, const BfgsOptions& options,
                         const BfgsHooks& hooks, const OptimizerState* resume) {
  const std::size_t n = resume ? resume->x.size() : x.size();
  std::vector<double> H;
  auto reset = [&] {
    H.assign(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i) H[i * n + i] = 1.0;
  };
  if (resume) {
    if (resume->memory.size() != n * n) throw Error("saved BFGS state: the inverse Hessian does not match the parameters");
    H = resume->memory;
  } else {
    reset();
  }
  std::vector<double> Hy(n);
  auto direction = [&](const std::vector<double>& g) {
    std::vector<double> p(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      double s = 0.0;
      const double* row = &H[i * n];
      for (std::size_t j = 0; j < n; ++j) s += row[j] * g[j];
      p[i] = -s;
    }
    return p;
  };
  auto update = [&](const std::vector<double>& s, const std::vector<double>& y) {
    const double sy = dot(s, y);
    if (!(sy > 1e-12 * std::sqrt(dot(s, s) * dot(y, y)))) return;  // curvature condition failed: keep H
    const double rho = 1.0 / sy;
    for (std::size_t i = 0; i < n; ++i) {
      double v = 0.0;
      const double* row = &H[i * n];
      for (std::size_t j = 0; j < n; ++j) v += row[j] * y[j];
      Hy[i] = v;
    }
    const double yHy = dot(y, Hy);
    const double c = rho * rho * yHy + rho;
    // H+ = H - rho (Hy s^T + s (Hy)^T) + (rho^2 y^T H y + rho) s s^T (H symmetric).
    for (std::size_t i = 0; i < n; ++i) {
      double* row = &H[i * n];
      for (std::size_t j = 0; j < n; ++j) row[j] += -rho * (Hy[i] * s[j] + s[i] * Hy[j]) + c * s[i] * s[j];
    }
  };
  auto memory = [&](std::vector<double>& out) { out = H; };
  return run_quasi_newton(loss, std::move(x), options, hooks, resume, direction, update, reset, memory);
}

BfgsResult minimize_lbfgs(const DiagnosedLossAndGradient& loss, std::vector<double> x, const BfgsOptions& options,
                          int history, const BfgsHooks& hooks, const OptimizerState* resume) {
  std::deque<std::pair<std::vector<double>, std::vector<double>>> pairs;
  auto reset = [&] { pairs.clear(); };
  if (resume) {
    const std::size_t n = resume->x.size();
    if (n == 0 || resume->memory.size() % (2 * n) != 0)
      throw Error("saved L-BFGS state: the stored pairs do not match the parameters");
    for (std::size_t at = 0; at < resume->memory.size(); at += 2 * n)
      pairs.emplace_back(std::vector<double>(resume->memory.begin() + long(at), resume->memory.begin() + long(at + n)),
                         std::vector<double>(resume->memory.begin() + long(at + n), resume->memory.begin() + long(at + 2 * n)));
  }
  auto direction = [&](const std::vector<double>& g) {
    std::vector<double> q = g;
    std::vector<double> alpha(pairs.size());
    for (std::size_t k = pairs.size(); k-- > 0;) {
      const auto& [s, y] = pairs[k];
      alpha[k] = dot(s, q) / dot(s, y);
      for (std::size_t i = 0; i < q.size(); ++i) q[i] -= alpha[k] * y[i];
    }
    if (!pairs.empty()) {
      const auto& [s, y] = pairs.back();
      const double gamma = dot(s, y) / dot(y, y);
      for (double& v : q) v *= gamma;
    }
    for (std::size_t k = 0; k < pairs.size(); ++k) {
      const auto& [s, y] = pairs[k];
      const double beta = dot(y, q) / dot(s, y);
      for (std::size_t i = 0; i < q.size(); ++i) q[i] += (alpha[k] - beta) * s[i];
    }
    for (double& v : q) v = -v;
    return q;
  };
  auto update = [&](const std::vector<double>& s, const std::vector<double>& y) {
    if (!(dot(s, y) > 1e-12 * std::sqrt(dot(s, s) * dot(y, y)))) return;
    pairs.emplace_back(s, y);
    if (int(pairs.size()) > std::max(1, history)) pairs.pop_front();
  };
  auto memory = [&](std::vector<double>& out) {
    out.clear();
    for (const auto& [s, y] : pairs) {
      out.insert(out.end(), s.begin(), s.end());
      out.insert(out.end(), y.begin(), y.end());
    }
  };
  return run_quasi_newton(loss, std::move(x), options, hooks, resume, direction, update, reset, memory);
}

}  // namespace mtp::fit
