#include "mtp/model/species_extension.hpp"

#include <algorithm>
#include <string>

#include "mtp/core/error.hpp"

namespace mtp {

void add_species(Potential& potential, int species_count) {
  potential.validate();
  const int old_c = potential.species_count;
  if (species_count <= old_c) return;
  if (!potential.species_names.empty())
    throw Error("add_species: the potential names its species (" + std::to_string(old_c) +
                "); give the new species by name");
  if (species_count > 1000) throw Error("add_species: " + std::to_string(species_count) + " species is too many");
  const int c = species_count;
  const std::size_t k_count = static_cast<std::size_t>(potential.radial_funcs_count);
  const std::size_t r_size = static_cast<std::size_t>(potential.pair_basis_size());
  const std::size_t block = k_count * r_size;  // one species pair's coefficients
  std::vector<double> radial(static_cast<std::size_t>(c) * c * block, 1e-6);
  for (int ci = 0; ci < c; ++ci)
    for (int cj = 0; cj < c; ++cj) {
      double* dst = radial.data() + (static_cast<std::size_t>(ci) * c + cj) * block;
      if (ci < old_c && cj < old_c) {
        const double* src = potential.radial_coeffs.data() + (static_cast<std::size_t>(ci) * old_c + cj) * block;
        std::copy(src, src + block, dst);
      } else {
        const double diag = 1e-3 * (ci * c + cj + 1);
        for (std::size_t mu = 0; mu < k_count && mu < r_size; ++mu) dst[mu * r_size + mu] = diag;
      }
    }
  potential.radial_coeffs = std::move(radial);
  potential.species_coeffs.resize(static_cast<std::size_t>(c), 0.0);
  potential.species_count = c;
  potential.validate();
}

void add_species(Potential& potential, const std::vector<std::string>& names) {
  std::vector<std::string> grown = potential.species_names;
  if (grown.empty())
    throw Error("add_species: the potential does not record the names of its " +
                std::to_string(potential.species_count) + " species, so new ones cannot be added by name");
  for (const std::string& n : names) {
    if (!is_valid_species_name(n)) throw Error("add_species: '" + n + "' is not a valid species name");
    if (std::find(grown.begin(), grown.end(), n) == grown.end()) grown.push_back(n);
  }
  if (grown.size() == potential.species_names.size()) return;
  potential.species_names.clear();  // the count-based growth refuses named potentials
  add_species(potential, int(grown.size()));
  potential.species_names = std::move(grown);
  potential.validate();
}

}  // namespace mtp
