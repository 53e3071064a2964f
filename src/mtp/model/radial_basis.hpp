#pragma once
#include "mtp/model/potential.hpp"

namespace mtp {

// MLIP-2's RBChebyshev radial basis with the potential's scaling applied (spec 3.1):
// Q_k(r) = s * T_k(xi) * (r - max_dist)^2, xi = (2r - (min_dist + max_dist)) / (max_dist - min_dist),
// for r < max_dist (zero beyond). Values and derivatives come from the Chebyshev recurrence.
class RadialBasis {
 public:
  RadialBasis(const RadialBasisSpec& spec, double scaling);
  int size() const { return size_; }
  double cutoff() const { return max_; }
  // Writes Q_0..Q_{R-1} and dQ_k/dr into `values` and `derivatives` (each size() long).
  void evaluate(double r, double* values, double* derivatives) const;

 private:
  int size_;
  double min_, max_, scaling_;
  double dxi_dr_;  // 2 / (max - min)
};

}  // namespace mtp
