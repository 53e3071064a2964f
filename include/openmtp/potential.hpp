#pragma once
// Making and evaluating potentials beyond the Evaluator's own calls (types.hpp): MLIP-2's untrained templates,
// and the per-atom magnetic moments a magnetic potential takes from a configuration.
#include <vector>

#include "openmtp/types.hpp"

namespace openmtp {

// An untrained potential with MLIP-2's moment tables for `level` (those of untrained_mtps/<level>.mtp) and the
// default untrained coefficients. Throws std::invalid_argument for species_count < 1, openmtp::Error for a
// level MLIP-2 has no template for or radial settings that make no sense.
Potential untrained_potential(int level, int species_count, double min_dist, double max_dist, int radial_basis_size);

// One moment per atom as the potential's evaluator takes them (AtomAttributes), read from the configuration;
// empty for a potential that is not magnetic.
std::vector<double> collinear_magnetic_moments(const Configuration& cfg, const Potential& potential);

}  // namespace openmtp
