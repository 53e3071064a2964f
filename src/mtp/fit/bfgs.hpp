#pragma once
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace mtp::fit {

// f(x) and its gradient; fills `gradient` (same size as x) and returns f.
using LossAndGradient = std::function<double(const std::vector<double>& x, std::vector<double>& gradient)>;
// Numbers a loss evaluation reports besides f (the trainer's: training-set errors at x). The optimiser keeps
// them with the point they belong to and hands the accepted point's to BfgsHooks::progress, since the line
// search may evaluate other points after the one it accepts; it never reads them.
using LossDiagnostics = std::vector<double>;
// f(x), its gradient and its diagnostics at x.
using DiagnosedLossAndGradient =
    std::function<double(const std::vector<double>& x, std::vector<double>& gradient, LossDiagnostics& diagnostics)>;

// MLIP-2's optimiser settings (spec 3.5).
struct BfgsOptions {
  int max_iterations = 1000;           // --max-iter: accepted steps
  double convergence_tolerance = 1e-3; // --bfgs-conv-tol: relative decrease over 50 iterations
  int convergence_window = 50;         // the check and the re-fit hook run every this many iterations
  double min_change = 1e-13;           // stop when |f_prev - f| falls below this
  double wolfe_c1 = 0.1;               // sufficient decrease
  double wolfe_c2 = 0.5;               // curvature
  double first_component_cap = 0.5;    // trial steps are quartered while |dx_0| exceeds this (0 = off)
  int max_line_search_evaluations = 30;
};

// Where a run stands after an accepted step: enough to continue it exactly as if it had not stopped (the loss
// is re-evaluated at x, which gives the same numbers).
struct OptimizerState {
  int iteration = 0;  // accepted steps so far
  // The convergence rule's memory: f at the start of the current window and the previous window's decrease.
  double window_start = 0.0;
  double last_window_decrease = std::numeric_limits<double>::infinity();
  std::vector<double> x;
  // BFGS: the inverse Hessian, row-major n x n. L-BFGS: its (s, y) pairs, oldest first, s then y, 2n each.
  std::vector<double> memory;
};

struct BfgsHooks {
  // Called before the first step and every convergence_window steps with the current point; may change it
  // (MLIP-2 re-fits the linear coefficients there). The optimiser re-evaluates f and keeps its inverse Hessian.
  std::function<void(std::vector<double>& x)> refit;
  // Called after every accepted step with (iteration, f, x, the loss's diagnostics at x; empty for a loss
  // without), iterations numbered from 0 (MLIP-2's "BFGS iter k: f" is the loss after step k + 1); return
  // false to stop (a signal, a time limit).
  std::function<bool(int iteration, double f, const std::vector<double>& x, const LossDiagnostics& diagnostics)>
      progress;
  // Called (after progress) with the state that continues the run, after every state_every-th accepted step
  // and after the step at which progress asked to stop; building it copies the optimiser's memory.
  std::function<void(const OptimizerState&)> state;
  int state_every = 1;
};

struct BfgsResult {
  std::vector<double> x;
  double f = 0.0;
  int iterations = 0;
  int evaluations = 0;
  std::string stop_reason;  // "step limit reached", "converged", "loss stopped changing", "interrupted", ...
};

// BFGS with a dense inverse Hessian (initially the identity) and a Wolfe line search (bracketing, then cubic or
// bisection zoom). With `resume` (a state a hook saw) it continues that run from there; x is then ignored, and
// max_iterations still counts from the run's first step.
BfgsResult minimize_bfgs(const DiagnosedLossAndGradient& loss, std::vector<double> x, const BfgsOptions& options,
                         const BfgsHooks& hooks = {}, const OptimizerState* resume = nullptr);
BfgsResult minimize_bfgs(const LossAndGradient& loss, std::vector<double> x, const BfgsOptions& options,
                         const BfgsHooks& hooks = {}, const OptimizerState* resume = nullptr);

// A cheaper alternative for comparison (L-BFGS with the same line search and hooks; memory `history` pairs).
BfgsResult minimize_lbfgs(const DiagnosedLossAndGradient& loss, std::vector<double> x, const BfgsOptions& options,
                          int history, const BfgsHooks& hooks = {}, const OptimizerState* resume = nullptr);
BfgsResult minimize_lbfgs(const LossAndGradient& loss, std::vector<double> x, const BfgsOptions& options,
                          int history, const BfgsHooks& hooks = {}, const OptimizerState* resume = nullptr);

}  // namespace mtp::fit
