#pragma once
#include <optional>

#include "mtp/model/potential.hpp"
#include "mtp/model/radial_basis.hpp"

namespace mtp {

// The functions a radial function of a pair (i, j) combines: the distance basis Q_xi(r) of the potential
// (model/radial_basis, with the potential's scaling), and for a magnetic potential the products
// Q_xi(r) T_a(m_i) T_b(m_j) with the magnetic basis T of the two atoms' moments, index (xi * M + a) * M + b.
// The evaluator's kernels, the training kernel and the linear fit all take their basis values from here, so a
// magnetic MTP is an ordinary one with R * M * M functions whose values depend on the moments.
//
// Moments outside the magnetic basis interval [min_val, max_val] are clamped to it (the basis is flat there):
// polynomials extrapolate without bound, and MLIP-3, which does not clamp, gives energies no training data
// constrained (docs/DIFFERENCES.md).
class PairRadialBasis {
 public:
  explicit PairRadialBasis(const Potential& potential);
  int size() const { return size_; }
  bool magnetic() const { return magnetic_.has_value(); }
  const RadialBasis& distance_basis() const { return distance_; }

  // Values and r-derivatives of the size() functions for a pair at distance r. Ordinary potentials only.
  void evaluate(double r, double* values, double* r_derivatives) const { distance_.evaluate(r, values, r_derivatives); }
  // A magnetic pair: also the derivatives with respect to the centre's moment m_i and the neighbour's m_j.
  void evaluate(double r, double m_i, double m_j, double* values, double* r_derivatives, double* mi_derivatives,
                double* mj_derivatives) const;

 private:
  // T_a(m) and dT_a/dm, m clamped to the basis interval (derivatives 0 outside).
  void moment_basis(double m, double* values, double* derivatives) const;

  RadialBasis distance_;
  std::optional<RadialBasis> magnetic_;
  int size_;
  int R_, M_;
};

}  // namespace mtp
