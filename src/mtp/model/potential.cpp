#include "mtp/model/potential.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>

#include "mtp/core/error.hpp"
#include "mtp/model/radial_basis.hpp"
#include "mtp/core/limits.hpp"

namespace mtp {
namespace {

// The sizes that decide how much the coefficient arrays take, checked before anything is sized from them.
void check_size_limits(const Potential& p) {
  auto fail = [](const std::string& what, long value, long limit) {
    throw Error("invalid MTP: " + what + " " + std::to_string(value) + " is above the limit of " + std::to_string(limit));
  };
  if (p.species_count > limits::kMaxSpecies) fail("species_count", p.species_count, limits::kMaxSpecies);
  if (p.radial_funcs_count > limits::kMaxRadialFuncs) fail("radial_funcs_count", p.radial_funcs_count, limits::kMaxRadialFuncs);
  if (p.radial.size > limits::kMaxRadialBasisSize) fail("radial_basis_size", p.radial.size, limits::kMaxRadialBasisSize);
  if (p.moments.moments_count > limits::kMaxMoments) fail("alpha_moments_count", p.moments.moments_count, limits::kMaxMoments);
  if (!(p.radial.max_dist <= limits::kMaxCutoff))
    throw Error("invalid MTP: max_dist " + [&] {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%g", p.radial.max_dist);
      return std::string(buf);
    }() + " is above the limit of " +
                std::to_string(int(limits::kMaxCutoff)) + " Angstrom");
}

}  // namespace

std::vector<double> Potential::parameters() const {
  std::vector<double> theta;
  theta.reserve(parameter_count());
  theta.insert(theta.end(), radial_coeffs.begin(), radial_coeffs.end());
  theta.insert(theta.end(), species_coeffs.begin(), species_coeffs.end());
  theta.insert(theta.end(), moment_coeffs.begin(), moment_coeffs.end());
  return theta;
}

void Potential::set_parameters(const std::vector<double>& theta) {
  if (theta.size() != parameter_count())
    throw Error("potential has " + std::to_string(parameter_count()) + " parameters, got " +
                std::to_string(theta.size()));
  const std::size_t nr = radial_parameter_count();
  const std::size_t nc = std::size_t(species_count);
  radial_coeffs.assign(theta.begin(), theta.begin() + long(nr));
  species_coeffs.assign(theta.begin() + long(nr), theta.begin() + long(nr + nc));
  moment_coeffs.assign(theta.begin() + long(nr + nc), theta.end());
}

void Potential::set_untrained_defaults() {
  check_size_limits(*this);
  if (species_count < 1 || radial.size < 1 || radial_funcs_count < 1)
    throw Error("invalid MTP: species_count, radial_basis_size and radial_funcs_count must be positive");
  if (is_magnetic() && (magnetic.size > 16 || pair_basis_size() > 256))
    throw Error("invalid MTP: the magnetic basis_size must be at most 16 and R times its square at most 256");
  if (is_magnetic()) {
    // Magnetic templates exist only in MLIP-3, so they get MLIP-3's load defaults: radial function mu, basis
    // function xi (every magnetic pair a, b alike) 1e-6 + 1e-7 mu + 1e-7 xi, and 1e-3 (pair + 1) + 1e-4 mu at
    // xi = mu (for mu < R: MLIP-3's write at min(mu, R) for mu >= R is overwritten or out of range).
    const int R = radial.size, K = radial_funcs_count, M2 = magnetic.size * magnetic.size;
    radial_coeffs.assign(radial_parameter_count(), 0.0);
    for (int pair = 0; pair < species_count * species_count; ++pair)
      for (int mu = 0; mu < K; ++mu)
        for (int xi = 0; xi < R; ++xi)
          for (int ab = 0; ab < M2; ++ab) {
            const double diagonal = 1e-3 * (pair + 1) + 1e-4 * mu;
            radial_coeffs[((std::size_t(pair) * K + mu) * R + xi) * M2 + ab] =
                xi == mu ? diagonal : 1e-6 + 1e-7 * mu + 1e-7 * xi;
          }
    species_coeffs.assign(std::size_t(species_count), 1e-3);
    moment_coeffs.assign(moments.scalar_moments.size(), 1e-3);
    return;
  }
  const int R = pair_basis_size();
  const int K = radial_funcs_count;
  radial_coeffs.assign(radial_parameter_count(), 1e-6);
  // MLIP-2 marks function mu's basis element mu. For mu >= R its index lands in the next function's block,
  // which that function's own 1e-6 fill then overwrites: in effect only mu < R gets 1e-3.
  for (int pair = 0; pair < species_count * species_count; ++pair)
    for (int mu = 0; mu < K && mu < R; ++mu) radial_coeffs[(std::size_t(pair) * K + mu) * R + mu] = 1e-3;
  species_coeffs.assign(std::size_t(species_count), 1e-3);
  moment_coeffs.assign(moments.scalar_moments.size(), 1e-3);
}

void Potential::validate() const {
  auto fail = [](const std::string& what) { throw Error("invalid MTP: " + what); };
  if (species_count < 1) fail("species_count must be at least 1");
  check_size_limits(*this);
  if (!RadialBasis::known_type(radial.type))
    fail("radial basis type '" + radial.type + "' is not supported (supported: " + RadialBasis::supported_types() + ")");
  if (radial.size < 2) fail("radial_basis_size must be at least 2");
  if (is_magnetic()) {
    if (!RadialBasis::known_type(magnetic.type))
      fail("magnetic basis type '" + magnetic.type + "' is not supported (supported: " +
           RadialBasis::supported_types() + ")");
    if (!(magnetic.min_val < magnetic.max_val) || !std::isfinite(magnetic.min_val) || !std::isfinite(magnetic.max_val))
      fail("the magnetic basis needs finite min_val < max_val");
    if (!std::isfinite(magnetic.scaling)) fail("the magnetic basis scaling is not finite");
  }
  if (pair_basis_size() > 256) fail("radial_basis_size times the magnetic basis size squared exceeds 256");
  if (!(radial.min_dist < radial.max_dist) || !(radial.min_dist >= 0.0) || !std::isfinite(radial.max_dist))
    fail("need 0 <= min_dist < max_dist");
  if (!std::isfinite(scaling)) fail("scaling is not finite");
  if (radial_funcs_count < 1) fail("radial_funcs_count must be at least 1");
  const int count = moments.moments_count;
  int max_mu = -1;
  for (const auto& b : moments.basic) {
    if (b[0] < 0 || b[0] >= radial_funcs_count) fail("alpha_index_basic uses radial function " + std::to_string(b[0]));
    if (b[1] < 0 || b[2] < 0 || b[3] < 0) fail("alpha_index_basic has a negative power");
    max_mu = std::max(max_mu, b[0]);
  }
  if (max_mu != radial_funcs_count - 1)
    fail("radial_funcs_count = " + std::to_string(radial_funcs_count) + " but alpha_index_basic uses " +
         std::to_string(max_mu + 1) + " radial functions");
  if (int(moments.basic.size()) > count) fail("more basic moments than alpha_moments_count");
  for (const auto& t : moments.times)
    for (int k : {t[0], t[1], t[3]})
      if (k < 0 || k >= count) fail("alpha_index_times refers to moment " + std::to_string(k));
  for (int k : moments.scalar_moments)
    if (k < 0 || k >= count) fail("alpha_moment_mapping refers to moment " + std::to_string(k));
  if (radial_coeffs.size() != radial_parameter_count())
    fail("expected " + std::to_string(radial_parameter_count()) + " radial coefficients, have " +
         std::to_string(radial_coeffs.size()));
  if (species_coeffs.size() != std::size_t(species_count)) fail("species_coeffs has the wrong size");
  if (moment_coeffs.size() != moments.scalar_moments.size()) fail("moment_coeffs has the wrong size");
  if (!species_names.empty()) {
    if (species_names.size() != std::size_t(species_count))
      fail(std::to_string(species_names.size()) + " species names for species_count " + std::to_string(species_count));
    for (std::size_t k = 0; k < species_names.size(); ++k) {
      if (!is_valid_species_name(species_names[k])) fail("'" + species_names[k] + "' is not a valid species name");
      for (std::size_t j = 0; j < k; ++j)
        if (species_names[j] == species_names[k]) fail("species name '" + species_names[k] + "' is given twice");
    }
  }
}

int Potential::species_type(const std::string& name) const {
  const auto it = std::find(species_names.begin(), species_names.end(), name);
  return it == species_names.end() ? -1 : int(it - species_names.begin());
}

}  // namespace mtp
