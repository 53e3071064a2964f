#pragma once
#include <cstddef>
#include <string>
#include <vector>

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
  void evaluate(double r, double* values, double* derivatives) const {
    evaluate_lanes<1, true>(&r, 1, values, derivatives);
  }
  // The same functions of any x, without the cutoff (polynomials extrapolate past max): the magnetic basis
  // of a moment.
  void evaluate_unbounded(double x, double* values, double* derivatives) const {
    evaluate_lanes<1, false>(&x, 1, values, derivatives);
  }
  // The functions at W points x[0..W-1] at once, structure of arrays: Q_k(x[l]) at values[k * stride + l],
  // its derivative at derivatives[k * stride + l]; zero at and beyond the cutoff when Bounded. This is the one
  // implementation (the two above are its W = 1 case): the evaluator's kernel calls it on chunks of neighbours,
  // where every loop below runs over the W lanes and compiles to vector operations of the kernel's instruction
  // set, each lane doing the single-point operations in the same order.
  template <std::size_t W, bool Bounded>
  inline __attribute__((always_inline)) void evaluate_lanes(const double* x, std::size_t stride, double* values,
                                                            double* derivatives) const;

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

template <std::size_t W, bool Bounded>
inline __attribute__((always_inline)) void RadialBasis::evaluate_lanes(const double* x, std::size_t stride,
                                                                       double* q, double* dq) const {
  const double s = scaling_, lo = min_, hi = max_, dxi_dr = dxi_dr_;
  const bool clamps = kind_ == Kind::RBChebyshevRepulsive || kind_ == Kind::BChebyshevRepulsive;
  // Per lane: the distance used (clamped to min_dist for the *_repuls kinds, which MLIP-3 holds flat at and
  // below min_dist), whether the values are zero (past the cutoff) and whether the derivatives are.
  double r[W];
  bool zero[W], flat[W];
  for (std::size_t l = 0; l < W; ++l) {
    zero[l] = Bounded && x[l] >= hi;
    flat[l] = zero[l] || (clamps && x[l] <= lo);
    r[l] = clamps && x[l] <= lo ? lo : x[l];
  }
  auto store = [&](int k, const double* v, const double* dv) {
    double* qk = q + std::size_t(k) * stride;
    double* dqk = dq + std::size_t(k) * stride;
    for (std::size_t l = 0; l < W; ++l) {
      qk[l] = zero[l] ? 0.0 : v[l];
      dqk[l] = flat[l] ? 0.0 : dv[l];
    }
  };
  switch (kind_) {
    case Kind::RBChebyshev:
    case Kind::RBChebyshevRepulsive:
    case Kind::BChebyshev:
    case Kind::BChebyshevRepulsive: {
      // T_k(xi) e(r) by the Chebyshev recurrence carried on the product, e = s (r - b)^2 or s.
      const bool envelope = kind_ == Kind::RBChebyshev || kind_ == Kind::RBChebyshevRepulsive;
      double xi[W], p1[W], dp1[W], p2[W], dp2[W];
      for (std::size_t l = 0; l < W; ++l) {
        xi[l] = (2.0 * r[l] - (lo + hi)) / (hi - lo);
        const double d = r[l] - hi;
        p2[l] = envelope ? s * d * d : s;
        dp2[l] = envelope ? 2.0 * s * d : 0.0;
      }
      store(0, p2, dp2);
      if (size_ == 1) break;
      for (std::size_t l = 0; l < W; ++l) {
        p1[l] = xi[l] * p2[l];
        dp1[l] = dxi_dr * p2[l] + xi[l] * dp2[l];
      }
      store(1, p1, dp1);
      for (int k = 2; k < size_; ++k) {
        for (std::size_t l = 0; l < W; ++l) {
          const double p = 2.0 * xi[l] * p1[l] - p2[l];
          const double dp = 2.0 * dxi_dr * p1[l] + 2.0 * xi[l] * dp1[l] - dp2[l];
          p2[l] = p1[l], dp2[l] = dp1[l], p1[l] = p, dp1[l] = dp;
        }
        store(k, p1, dp1);
      }
      break;
    }
    case Kind::RBTaylor: {
      double p[W], dp[W];
      for (std::size_t l = 0; l < W; ++l) p[l] = s, dp[l] = 0.0;
      store(0, p, dp);
      for (int k = 1; k < size_; ++k) {
        for (std::size_t l = 0; l < W; ++l) {
          dp[l] = k * p[l];
          p[l] = p[l] * r[l];
        }
        store(k, p, dp);
      }
      break;
    }
    case Kind::RBShapeev: {
      // Q_k = s c_k e(r) P_k(xi), e = (b - r)^2 / r^2, de/dr = -2 b (b - r) / r^3; P_k by the Jacobi recurrence
      // P_k = (A xi + B) P_{k-1} - C P_{k-2}.
      constexpr double alpha = 5.0, beta = 1.0;
      double xi[W], e[W], de[W], p1[W], dp1[W], p2[W], dp2[W], v[W], dv[W];
      for (std::size_t l = 0; l < W; ++l) {
        xi[l] = (2.0 * r[l] - (lo + hi)) / (hi - lo);
        const double t = hi - r[l];
        e[l] = s * t * t / (r[l] * r[l]);
        de[l] = -2.0 * s * hi * t / (r[l] * r[l] * r[l]);
        p2[l] = 1.0, dp2[l] = 0.0;
        p1[l] = 0.5 * (alpha - beta) + 0.5 * (alpha + beta + 2.0) * xi[l], dp1[l] = 0.5 * (alpha + beta + 2.0);
      }
      for (int k = 0; k < size_; ++k) {
        const double c = shapeev_norm_[std::size_t(k)];
        const double A = jacobi_a_[std::size_t(k)], B = jacobi_b_[std::size_t(k)], C = jacobi_c_[std::size_t(k)];
        for (std::size_t l = 0; l < W; ++l) {
          double p, dp;
          if (k == 0) {
            p = p2[l], dp = dp2[l];
          } else if (k == 1) {
            p = p1[l], dp = dp1[l];
          } else {
            p = (A * xi[l] + B) * p1[l] - C * p2[l];
            dp = A * p1[l] + (A * xi[l] + B) * dp1[l] - C * dp2[l];
            p2[l] = p1[l], dp2[l] = dp1[l], p1[l] = p, dp1[l] = dp;
          }
          v[l] = c * e[l] * p;
          dv[l] = c * (de[l] * p + e[l] * dp * dxi_dr);
        }
        store(k, v, dv);
      }
      break;
    }
  }
}

}  // namespace mtp
