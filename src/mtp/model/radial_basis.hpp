#pragma once
#include <string>

#include "mtp/model/potential.hpp"

namespace mtp {

// The radial basis functions Q_0..Q_{R-1} of an MTP, every type MLIP-3 evaluates, each times the potential's
// scaling s (spec 3.1; a = min_dist, b = max_dist, xi = (2r - a - b) / (b - a), T_k Chebyshev polynomials):
//   RBChebyshev         s T_k(xi) (r - b)^2
//   RBChebyshev_repuls  the same with r clamped to a below a (derivatives 0 for r <= a), plus a
//                       short-range repulsion per neighbour (repulsion())
//   BChebyshev          s T_k(xi)            (no envelope: the energy jumps at the cutoff)
//   BChebyshev_repuls   the same with r clamped to a below a (derivatives 0 for r <= a), no repulsion
//   RBShapeev           s c_k (b - r)^2 / r^2 P_k(xi), P_k the Jacobi polynomials with weight
//                       (1 - xi)^5 (1 + xi); c_k normalises them so that
//                       int_a^b Q_j Q_k (r - a)(b - r) r^4 dr = s^2 a^4 (b - a)^3 / (8 (k + 1)^2) delta_jk
//   RBTaylor            s r^k
// One implementation serves every caller: evaluation, training (values and r-derivatives), grades, LAMMPS and
// Python, and the magnetic basis (model/pair_radial_basis), which uses the same functions of a moment.
class RadialBasis {
 public:
  enum class Kind { RBChebyshev, RBChebyshevRepulsive, BChebyshev, BChebyshevRepulsive, RBShapeev, RBTaylor };

  // Throws mtp::Error for an unknown type name, size < 1, or min >= max.
  RadialBasis(const std::string& type, double min, double max, int size, double scaling);
  RadialBasis(const RadialBasisSpec& spec, double scaling)
      : RadialBasis(spec.type, spec.min_dist, spec.max_dist, spec.size, scaling) {}

  // The MLIP-3 type names, and whether a name is one of them.
  static bool known_type(const std::string& type);
  static const char* supported_types() {
    return "RBChebyshev, RBChebyshev_repuls, BChebyshev, BChebyshev_repuls, RBShapeev, RBTaylor";
  }

  Kind kind() const { return kind_; }
  int size() const { return size_; }
  double cutoff() const { return max_; }
  double min_value() const { return min_; }
  double max_value() const { return max_; }

  // Writes Q_0..Q_{R-1} at distance r and dQ_k/dr into `values` and `derivatives` (each size() long): zero
  // at and beyond the cutoff, as neighbour lists end there.
  void evaluate(double r, double* values, double* derivatives) const;
  // The same functions of any x, without the cutoff (polynomials extrapolate past max): the magnetic basis
  // of a moment.
  void evaluate_unbounded(double x, double* values, double* derivatives) const;

  // RBChebyshev_repuls's repulsion: what one neighbour at distance r adds to the site energy,
  // 1e4 (exp(-10 (r - 1)) - exp(-10 (a - 1))) for r < a and 0 otherwise, with its r-derivative in
  // *derivative. Not a parameter of the model: training and grades never see it.
  bool has_repulsion() const { return kind_ == Kind::RBChebyshevRepulsive; }
  double repulsion(double r, double* derivative) const;

 private:
  Kind kind_;
  int size_;
  double min_, max_, scaling_;
  double dxi_dr_;  // 2 / (max - min)
  // RBShapeev: the normalisation c_k of each function and the Jacobi recurrence's constants per degree.
  std::vector<double> shapeev_norm_, jacobi_a_, jacobi_b_, jacobi_c_;
};

}  // namespace mtp
