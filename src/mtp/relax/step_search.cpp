#include "mtp/relax/step_search.hpp"

#include <cmath>

namespace mtp {

void StepSearch::reset(double first_step) {
  left_.step = 0.0;
  step_ = 0.0;
  right_ = Point{first_step, kUnset, kUnset};
}

void StepSearch::shrink(double ratio) { step_ = previous_.step + ratio * (step_ - previous_.step); }

bool StepSearch::next(double value, double slope) {
  const Point here{step_, value, slope};
  if (step_ == 0.0) {  // the start of the search: remember it and try the first step
    left_ = here;
    previous_ = here;
    step_ = right_.step;
    return !(slope > 0.0);
  }
  if (previous_.step == step_) return false;

  // The right point takes this one only when it is the right point's own step. (MLIP-2 also tests for an
  // unevaluated right point, but against 9e99 while its marker is 9.9e99, so that test never holds; keeping
  // its effective behaviour keeps its trajectories.)
  if (here.step == right_.step) right_ = here;

  if (right_.slope < 0.0 && right_.value < left_.value) {
    if (here.step > right_.step) {
      left_ = right_;
      right_ = here;
    }
  } else {
    if (here.slope < 0.0 && here.value < left_.value && here.step > left_.step) {
      if (here.step > right_.step) {
        if (here.value > right_.value) {
          previous_ = here;
          left_ = right_;
          right_ = here;
          step_ = 0.5 * (left_.step + right_.step);
          return true;
        }
        right_ = here;
      } else {
        left_ = here;
      }
    }
    if (here.slope > 0.0 && here.step < right_.step) right_ = here;
  }

  const double span = here.step - left_.step;
  if (here.value > left_.value + 0.1 * left_.slope * span) {
    // Too little decrease: fit log(f - f_left + slope_drop) by a parabola through the left point (value
    // and slope) and this one, and go to its minimum, within the bracket.
    const double drop = -left_.slope * span;
    const double log0 = std::log(drop);
    const double dlog0 = left_.slope / drop;
    const double log1 = std::log(here.value - left_.value + drop);
    double candidate = left_.step - 0.5 * dlog0 * span * span / (log1 - log0 - dlog0 * span);
    if (candidate > right_.step && right_.slope > 0.0)
      candidate = left_.step + 0.5 * span;
    else if ((candidate - left_.step > 3.0 * right_.step - 2.0 * left_.step) && right_.slope < 0.0)
      candidate = left_.step + 3.0 * (right_.step - left_.step);
    previous_ = here;
    step_ = candidate;
    return true;
  }

  if ((here.slope - previous_.slope) / (here.step - previous_.step) < 0.0) {
    // Negative curvature: expand to the right, or halve towards the right point.
    previous_ = here;
    if (right_.slope < 0.0)
      step_ = 3 * right_.step - 2 * left_.step;
    else
      step_ += 0.5 * (right_.step - step_);
    return true;
  }

  const double secant = here.step - here.slope * (here.step - previous_.step) / (here.slope - previous_.slope);
  previous_ = here;
  step_ = secant;
  if (step_ > right_.step) {
    if (right_.slope > 0.0)
      step_ = 0.5 * left_.step + 0.5 * right_.step;
    else if (step_ > 3 * right_.step - 2 * left_.step)
      step_ = 3 * right_.step - 2 * left_.step;
    return true;
  }
  if (step_ < left_.step) {
    previous_ = Point{step_, value, slope};  // MLIP-2 records the secant step with this point's value
    step_ = 0.5 * left_.step + 0.5 * right_.step;
  }
  return true;
}

}  // namespace mtp
