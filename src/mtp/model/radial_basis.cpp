#include "mtp/model/radial_basis.hpp"

#include <cmath>

#include "mtp/core/error.hpp"

namespace mtp {

namespace {

struct TypeName {
  const char* name;
  RadialBasis::Kind kind;
};
constexpr TypeName kTypes[] = {{"RBChebyshev", RadialBasis::Kind::RBChebyshev},
                               {"RBChebyshev_repuls", RadialBasis::Kind::RBChebyshevRepulsive},
                               {"BChebyshev", RadialBasis::Kind::BChebyshev},
                               {"BChebyshev_repuls", RadialBasis::Kind::BChebyshevRepulsive},
                               {"RBShapeev", RadialBasis::Kind::RBShapeev},
                               {"RBTaylor", RadialBasis::Kind::RBTaylor}};

// Jacobi weight exponents of RBShapeev's polynomials: (1 - xi)^5 (1 + xi)^1.
constexpr double kAlpha = 5.0, kBeta = 1.0;

// Chebyshev polynomials T_k(xi) times e(r), with e and de/dr given, and dxi/dr; the recurrence carries the
// product, so envelope and polynomial never need separate arrays.
void chebyshev_times(int size, double xi, double dxi_dr, double e, double de, double* q, double* dq) {
  q[0] = e;
  dq[0] = de;
  if (size == 1) return;
  q[1] = xi * e;
  dq[1] = dxi_dr * e + xi * de;
  for (int k = 2; k < size; ++k) {
    q[k] = 2.0 * xi * q[k - 1] - q[k - 2];
    dq[k] = 2.0 * dxi_dr * q[k - 1] + 2.0 * xi * dq[k - 1] - dq[k - 2];
  }
}

}  // namespace

bool RadialBasis::known_type(const std::string& type) {
  for (const auto& t : kTypes)
    if (type == t.name) return true;
  return false;
}

RadialBasis::RadialBasis(const std::string& type, double min, double max, int size, double scaling)
    : size_(size), min_(min), max_(max), scaling_(scaling) {
  bool found = false;
  for (const auto& t : kTypes)
    if (type == t.name) {
      kind_ = t.kind;
      found = true;
    }
  if (!found)
    throw Error("radial basis type '" + type + "' is not supported (supported: " + supported_types() + ")");
  if (size_ < 1) throw Error("basis size must be at least 1");
  if (!(max_ > min_)) throw Error("basis needs min < max");
  dxi_dr_ = 2.0 / (max_ - min_);
  if (kind_ == Kind::RBShapeev) {
    if (!(min_ > 0.0)) throw Error("RBShapeev needs min_dist > 0");
    // Squared norm of the Jacobi polynomial P_k on [-1, 1] with this weight: 2^7 (k + 1) / ((2k + 7)(k + 6)).
    // In r it gains ((b - a) / 2)^7; the normalisation above then gives c_k.
    const double w = max_ - min_;
    for (int k = 0; k < size_; ++k) {
      const double norm2 = 128.0 * (k + 1) / ((2.0 * k + 7.0) * (k + 6.0));
      shapeev_norm_.push_back(4.0 * min_ * min_ / ((k + 1) * w * w * std::sqrt(norm2)));
      // 2n (n + al + be)(2n + al + be - 2) P_n = (2n + al + be - 1)((2n + al + be)(2n + al + be - 2) xi +
      // al^2 - be^2) P_{n-1} - 2 (n + al - 1)(n + be - 1)(2n + al + be) P_{n-2}, as P_n = (A xi + B) P_{n-1} - C P_{n-2}.
      const double n = k, s = 2.0 * n + kAlpha + kBeta;
      if (k < 2) {
        jacobi_a_.push_back(0.0), jacobi_b_.push_back(0.0), jacobi_c_.push_back(0.0);
        continue;
      }
      const double d = 2.0 * n * (n + kAlpha + kBeta) * (s - 2.0);
      jacobi_a_.push_back((s - 1.0) * s * (s - 2.0) / d);
      jacobi_b_.push_back((s - 1.0) * (kAlpha * kAlpha - kBeta * kBeta) / d);
      jacobi_c_.push_back(2.0 * (n + kAlpha - 1.0) * (n + kBeta - 1.0) * s / d);
    }
  }
}

void RadialBasis::evaluate(double r, double* q, double* dq) const {
  if (r >= max_) {
    for (int k = 0; k < size_; ++k) q[k] = dq[k] = 0.0;
    return;
  }
  evaluate_unbounded(r, q, dq);
}

void RadialBasis::evaluate_unbounded(double r, double* q, double* dq) const {
  const double s = scaling_;
  bool clamped = false;
  if ((kind_ == Kind::RBChebyshevRepulsive || kind_ == Kind::BChebyshevRepulsive) && r <= min_) {
    // MLIP-3 holds the basis at its value at min_dist, flat (also exactly at min_dist).
    r = min_;
    clamped = true;
  }
  switch (kind_) {
    case Kind::RBChebyshev:
    case Kind::RBChebyshevRepulsive: {
      const double xi = (2.0 * r - (min_ + max_)) / (max_ - min_);
      const double d = r - max_;
      chebyshev_times(size_, xi, dxi_dr_, s * d * d, 2.0 * s * d, q, dq);
      break;
    }
    case Kind::BChebyshev:
    case Kind::BChebyshevRepulsive: {
      const double xi = (2.0 * r - (min_ + max_)) / (max_ - min_);
      chebyshev_times(size_, xi, dxi_dr_, s, 0.0, q, dq);
      break;
    }
    case Kind::RBTaylor: {
      q[0] = s;
      dq[0] = 0.0;
      for (int k = 1; k < size_; ++k) {
        q[k] = q[k - 1] * r;
        dq[k] = k * q[k - 1];
      }
      break;
    }
    case Kind::RBShapeev: {
      // Q_k = s c_k e(r) P_k(xi), e = (b - r)^2 / r^2, de/dr = -2 b (b - r) / r^3.
      const double xi = (2.0 * r - (min_ + max_)) / (max_ - min_);
      const double t = max_ - r;
      const double e = s * t * t / (r * r);
      const double de = -2.0 * s * max_ * t / (r * r * r);
      double p2 = 1.0, dp2 = 0.0;                                  // P_{k-2}, dP/dxi
      double p1 = 0.5 * (kAlpha - kBeta) + 0.5 * (kAlpha + kBeta + 2.0) * xi, dp1 = 0.5 * (kAlpha + kBeta + 2.0);
      for (int k = 0; k < size_; ++k) {
        double p, dp;
        if (k == 0) {
          p = p2, dp = dp2;
        } else if (k == 1) {
          p = p1, dp = dp1;
        } else {
          const double A = jacobi_a_[std::size_t(k)], B = jacobi_b_[std::size_t(k)], C = jacobi_c_[std::size_t(k)];
          p = (A * xi + B) * p1 - C * p2;
          dp = A * p1 + (A * xi + B) * dp1 - C * dp2;
          p2 = p1, dp2 = dp1, p1 = p, dp1 = dp;
        }
        const double c = shapeev_norm_[std::size_t(k)];
        q[k] = c * e * p;
        dq[k] = c * (de * p + e * dp * dxi_dr_);
      }
      break;
    }
  }
  if (clamped)
    for (int k = 0; k < size_; ++k) dq[k] = 0.0;
}

double RadialBasis::repulsion(double r, double* derivative) const {
  *derivative = 0.0;
  if (!has_repulsion() || !(r < min_)) return 0.0;
  constexpr double strength = 1e4, steepness = 10.0;
  const double e = std::exp(-steepness * (r - 1.0));
  *derivative = -steepness * strength * e;
  return strength * (e - std::exp(-steepness * (min_ - 1.0)));
}

}  // namespace mtp
