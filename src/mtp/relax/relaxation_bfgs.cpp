#include "mtp/relax/relaxation_bfgs.hpp"

#include <algorithm>
#include <cmath>

#include "mtp/core/error.hpp"

namespace mtp {

void RelaxationBfgs::resize(std::size_t n) {
  if (n == size_) return;
  size_ = n;
  x_.assign(n, 0.0);
  x_start_.assign(n, 0.0);
  g_start_.assign(n, 0.0);
  direction_.assign(n, 0.0);
  inverse_hessian_.assign(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) inverse_hessian_[i * n + i] = 1.0;
}

void RelaxationBfgs::start_at(const std::vector<double>& x) {
  resize(x.size());
  x_ = x;
  f_start_ = kHuge;
  slope_start_ = kHuge;
  search_.reset();
  in_line_search_ = false;
}

void RelaxationBfgs::reset_hessian() {
  std::fill(inverse_hessian_.begin(), inverse_hessian_.end(), 0.0);
  for (std::size_t i = 0; i < size_; ++i) inverse_hessian_[i * size_ + i] = 1.0;
  f_start_ = kHuge;
  slope_start_ = kHuge;
  search_.reset();
  in_line_search_ = false;
}

double RelaxationBfgs::dot(const std::vector<double>& a, const std::vector<double>& b) const {
  double s = 0.0;
  for (std::size_t i = 0; i < size_; ++i) s += a[i] * b[i];
  return s;
}

void RelaxationBfgs::place_on_line() {
  const double t = search_.step();
  for (std::size_t i = 0; i < size_; ++i) x_[i] = x_start_[i] + t * direction_[i];
}

bool RelaxationBfgs::iterate(double f, const std::vector<double>& gradient) {
  if (gradient.size() != size_) throw Error("relaxation: gradient has the wrong size");
  double slope = dot(gradient, direction_);
  const bool sufficient_decrease = !(f > f_start_ + wolfe_c1 * search_.step() * slope_start_);
  const bool curvature = !(std::fabs(slope) > wolfe_c2 * std::fabs(slope_start_));
  if (!sufficient_decrease || !curvature) {
    in_line_search_ = true;
    accepted_last_ = false;
    const bool ok = search_.next(f, slope);
    place_on_line();
    return ok;
  }
  // Accept the point: update the curvature model and start a new line along -H g.
  in_line_search_ = !in_line_search_;
  accepted_last_ = true;
  update_inverse_hessian(gradient);
  for (std::size_t i = 0; i < size_; ++i) {
    double p = 0.0;
    const double* row = &inverse_hessian_[i * size_];
    for (std::size_t j = 0; j < size_; ++j) p -= row[j] * gradient[j];
    direction_[i] = p;
  }
  slope = dot(gradient, direction_);
  search_.reset();
  x_start_ = x_;
  g_start_ = gradient;
  f_start_ = f;
  slope_start_ = slope;
  const bool ok = search_.next(f, slope) && !(slope > 0.0);
  place_on_line();
  return ok;
}

const std::vector<double>& RelaxationBfgs::shrink_step(double ratio) {
  search_.shrink(ratio);
  place_on_line();
  return x_;
}

void RelaxationBfgs::update_inverse_hessian(const std::vector<double>& gradient) {
  const std::size_t n = size_;
  std::vector<double> dg(n), hdg(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) dg[i] = gradient[i] - g_start_[i];
  const double t = search_.step();
  double sy = 0.0;  // (step) . (gradient change)
  for (std::size_t i = 0; i < n; ++i) sy += t * direction_[i] * dg[i];
  if (sy == 0.0) return;  // no step taken yet (first iteration or a restarted line)
  double yhy = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double* row = &inverse_hessian_[i * n];
    for (std::size_t j = 0; j < n; ++j) hdg[i] += row[j] * dg[j];
    yhy += hdg[i] * dg[i];
  }
  const double scale = (sy + yhy) / (sy * sy);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      inverse_hessian_[i * n + j] +=
          t * t * direction_[i] * direction_[j] * scale - t * (direction_[i] * hdg[j] + hdg[i] * direction_[j]) / sy;
}

}  // namespace mtp
