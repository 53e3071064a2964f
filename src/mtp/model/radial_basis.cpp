#include "mtp/model/radial_basis.hpp"

#include "mtp/core/error.hpp"

namespace mtp {

RadialBasis::RadialBasis(const RadialBasisSpec& spec, double scaling)
    : size_(spec.size), min_(spec.min_dist), max_(spec.max_dist), scaling_(scaling) {
  if (spec.type != "RBChebyshev")
    throw Error("radial basis type '" + spec.type + "' is not supported (only RBChebyshev)");
  if (size_ < 2) throw Error("radial basis size must be at least 2");
  if (!(max_ > min_)) throw Error("radial basis needs min_dist < max_dist");
  dxi_dr_ = 2.0 / (max_ - min_);
}

void RadialBasis::evaluate(double r, double* q, double* dq) const {
  if (r >= max_) {
    for (int k = 0; k < size_; ++k) q[k] = dq[k] = 0.0;
    return;
  }
  const double xi = (2.0 * r - (min_ + max_)) / (max_ - min_);
  const double d = r - max_;
  const double env = scaling_ * d * d;     // s (r - max)^2
  const double denv = 2.0 * scaling_ * d;  // its derivative
  q[0] = env;
  dq[0] = denv;
  q[1] = xi * env;
  dq[1] = dxi_dr_ * env + xi * denv;
  for (int k = 2; k < size_; ++k) {
    q[k] = 2.0 * xi * q[k - 1] - q[k - 2];
    dq[k] = 2.0 * dxi_dr_ * q[k - 1] + 2.0 * xi * dq[k - 1] - dq[k - 2];
  }
}

}  // namespace mtp
