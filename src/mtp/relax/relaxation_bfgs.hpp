#pragma once
#include <cstddef>
#include <vector>

#include "mtp/relax/step_search.hpp"

namespace mtp {

// The quasi-Newton driver of MLIP-2's relaxation, in reverse communication: the caller evaluates f and its
// gradient at x(), calls iterate(), and evaluates again at the new x(). A step is accepted when the Wolfe
// conditions (c1, c2) hold against the start of the current line; the inverse Hessian is then updated
// (BFGS) and a new direction -H g is searched with StepSearch. The caller may shrink a trial step that
// breaks its own constraints (too long, atoms too close) and may restart the line at any point.
//
// This differs from fit::minimize_bfgs (the trainer's Wolfe search, which owns the loop): a relaxation
// checks constraints and extrapolation between evaluations, and MLIP-2's relaxed structures follow from
// this particular step sequence.
class RelaxationBfgs {
 public:
  double wolfe_c1 = 0.1;
  double wolfe_c2 = 0.5;

  // Sets the point and leaves any line search; keeps the inverse Hessian when the size is unchanged
  // (identity otherwise).
  void start_at(const std::vector<double>& x);
  // Resets the inverse Hessian to the identity and leaves any line search.
  void reset_hessian();
  double& inverse_hessian(std::size_t i, std::size_t j) { return inverse_hessian_[i * size_ + j]; }
  const std::vector<double>& x() const { return x_; }
  std::size_t size() const { return size_; }
  // Takes f and its gradient at x() and sets the next x(). Returns false when the line search reports that
  // f cannot decrease along the current direction.
  bool iterate(double f, const std::vector<double>& gradient);
  // Moves the trial point back towards the previous one (ratio 0: back to it).
  const std::vector<double>& shrink_step(double ratio);
  // Whether the last iterate() accepted its point (it became the start of a new line).
  bool accepted_last() const { return accepted_last_; }

 private:
  void resize(std::size_t n);
  void update_inverse_hessian(const std::vector<double>& gradient);
  void place_on_line();
  double dot(const std::vector<double>& a, const std::vector<double>& b) const;

  static constexpr double kHuge = 9.9e99;  // MLIP-2's value for "no line start yet"
  std::size_t size_ = 0;
  std::vector<double> x_, x_start_, g_start_, direction_, inverse_hessian_;
  double f_start_ = kHuge;
  double slope_start_ = kHuge;  // direction . gradient at the line's start
  bool in_line_search_ = false;
  bool accepted_last_ = false;
  StepSearch search_;
};

}  // namespace mtp
