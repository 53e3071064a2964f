#include "mtp/model/upfit.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "mtp/core/error.hpp"

namespace mtp {

namespace {

// A value in [0.5, 1.5) determined by the basic moment's key and the draw (splitmix64 of the packed key).
double key_value(const std::array<int, 4>& key, std::uint64_t draw) {
  std::uint64_t x = draw * 0x9E3779B97F4A7C15ull;
  for (int v : key) {
    x ^= std::uint64_t(std::uint32_t(v)) + 0x9E3779B97F4A7C15ull + (x << 6) + (x >> 2);
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    x ^= x >> 31;
  }
  return 0.5 + double(x >> 11) * (1.0 / 9007199254740992.0);
}

// The values of the scalar moments (the basis functions) at one draw of the basic moments.
std::vector<double> basis_fingerprint(const MomentTables& m, std::uint64_t draw) {
  std::vector<double> moment(std::size_t(m.moments_count), 0.0);
  for (std::size_t q = 0; q < m.basic.size() && q < moment.size(); ++q) moment[q] = key_value(m.basic[q], draw);
  for (const auto& t : m.times) moment[std::size_t(t[3])] += double(t[2]) * moment[std::size_t(t[0])] * moment[std::size_t(t[1])];
  std::vector<double> out;
  for (int s : m.scalar_moments) out.push_back(moment[std::size_t(s)]);
  return out;
}

bool same_value(double a, double b) { return std::abs(a - b) <= 1e-11 * std::max(std::abs(a), std::abs(b)); }

// For every basis function of `lower`, the index of the same function in `higher` (-1 where there is none).
std::vector<long> match_basis(const Potential& lower, const Potential& higher) {
  const std::vector<double> l1 = basis_fingerprint(lower.moments, 1), l2 = basis_fingerprint(lower.moments, 2);
  const std::vector<double> h1 = basis_fingerprint(higher.moments, 1), h2 = basis_fingerprint(higher.moments, 2);
  std::vector<long> match(l1.size(), -1);
  std::vector<bool> taken(h1.size(), false);
  for (std::size_t a = 0; a < l1.size(); ++a)
    for (std::size_t b = 0; b < h1.size(); ++b)
      if (!taken[b] && same_value(l1[a], h1[b]) && same_value(l2[a], h2[b])) {
        match[a] = long(b);
        taken[b] = true;
        break;
      }
  return match;
}

}  // namespace

Potential upfit(const Potential& lower, const Potential& higher) {
  lower.validate();
  if (!lower.trained) throw Error("upfit: the lower-level potential has no trained coefficients");
  if (lower.radial_funcs_count > higher.radial_funcs_count)
    throw Error("upfit: the lower-level potential has " + std::to_string(lower.radial_funcs_count) +
                " radial functions, the new level only " + std::to_string(higher.radial_funcs_count));
  if (lower.is_magnetic() || higher.is_magnetic())
    throw Error("upfit: magnetic potentials are not supported (their radial coefficients carry the magnetic basis)");
  Potential out = higher;
  out.species_count = lower.species_count;
  out.species_names = lower.species_names;
  out.radial = lower.radial;
  out.scaling = lower.scaling;
  out.set_untrained_defaults();
  const std::size_t R = std::size_t(lower.radial.size), K_low = std::size_t(lower.radial_funcs_count),
                    K = std::size_t(out.radial_funcs_count), pairs = std::size_t(lower.species_count * lower.species_count);
  for (std::size_t p = 0; p < pairs; ++p)
    for (std::size_t k = 0; k < K_low; ++k)
      for (std::size_t x = 0; x < R; ++x) out.radial_coeffs[(p * K + k) * R + x] = lower.radial_coeffs[(p * K_low + k) * R + x];
  out.species_coeffs = lower.species_coeffs;
  out.moment_coeffs.assign(out.moments.scalar_moments.size(), 0.0);
  const std::vector<long> match = match_basis(lower, out);
  for (std::size_t a = 0; a < match.size(); ++a) {
    if (match[a] >= 0) out.moment_coeffs[std::size_t(match[a])] = lower.moment_coeffs[a];
    else if (lower.moment_coeffs[a] != 0.0)
      throw Error("upfit: basis function " + std::to_string(a) +
                  " of the lower-level potential is not among the new level's (is the new level's template a superset?)");
  }
  out.trained = true;
  out.validate();
  return out;
}

UpfitSummary upfit_summary(const Potential& lower, const Potential& higher) {
  UpfitSummary s;
  for (long m : match_basis(lower, higher)) s.shared += m >= 0 ? 1 : 0;
  s.added = higher.moments.scalar_moments.size() - s.shared;
  s.new_radial_functions = std::size_t(std::max(0, higher.radial_funcs_count - lower.radial_funcs_count));
  return s;
}

}  // namespace mtp
