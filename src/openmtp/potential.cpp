// The facade's potential helpers (include/openmtp/potential.hpp).
#include "openmtp/potential.hpp"

#include <stdexcept>

#include "mtp/model/magnetic_moments.hpp"
#include "mtp/model/moment_basis_generator.hpp"

namespace openmtp {

Potential untrained_potential(int level, int species_count, double min_dist, double max_dist, int radial_basis_size) {
  if (species_count < 1) throw std::invalid_argument("species_count must be at least 1");
  Potential p;
  const mtp::MomentBasis basis = mtp::generate_moment_basis(level);
  p.moments = basis.tables;
  p.radial_funcs_count = basis.radial_funcs_count;
  p.species_count = species_count;
  p.radial.min_dist = min_dist;
  p.radial.max_dist = max_dist;
  p.radial.size = radial_basis_size;
  p.set_untrained_defaults();
  p.validate();
  return p;
}

std::vector<double> collinear_magnetic_moments(const Configuration& cfg, const Potential& potential) {
  return mtp::collinear_magnetic_moments(cfg, potential);
}

}  // namespace openmtp
