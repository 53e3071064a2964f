#pragma once

namespace mtp {

// The one-dimensional search MLIP-2's relaxation runs along each BFGS direction, driven from outside
// ("reverse communication"): the caller evaluates f and its slope at step(), passes them to next(), and
// evaluates again at the new step(). It brackets a minimum between a left point (lower value, falling
// slope) and a right point, with a log-parabola fit while the value rises too much and secants otherwise.
// Matching MLIP-2's trajectories (and so its relaxed structures and its preselected configurations)
// requires the same trial steps, so the arithmetic below keeps MLIP-2's order of operations.
class StepSearch {
 public:
  // Starts a new search whose first trial step is `first_step` (after the call at step 0).
  void reset(double first_step = 1.0);
  double step() const { return step_; }
  // Moves the trial step towards the previous one: previous + ratio * (step - previous).
  void shrink(double ratio);
  // Takes f and df/dstep at step() and chooses the next trial step. Returns false when the search cannot
  // go on (a rising start, or a repeated step).
  bool next(double value, double slope);

 private:
  struct Point {
    double step = 0.0;
    double value = 0.0;
    double slope = 0.0;
  };
  // MLIP-2's "not evaluated yet" value for the right point. It is large and positive, so an unevaluated right
  // point counts as "rising" in the tests below, as in MLIP-2.
  static constexpr double kUnset = 9.9e99;
  Point left_;
  Point right_{1.0, kUnset, kUnset};
  Point previous_;
  double step_ = 0.0;
};

}  // namespace mtp
