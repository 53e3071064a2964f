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

double RadialBasis::repulsion(double r, double* derivative) const {
  *derivative = 0.0;
  if (!has_repulsion() || !(r < min_)) return 0.0;
  constexpr double strength = 1e4, steepness = 10.0;
  const double e = std::exp(-steepness * (r - 1.0));
  *derivative = -steepness * strength * e;
  return strength * (e - std::exp(-steepness * (min_ - 1.0)));
}

}  // namespace mtp
