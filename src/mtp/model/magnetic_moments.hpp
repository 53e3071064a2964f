#pragma once
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/model/potential.hpp"

namespace mtp {

// The collinear moments a magnetic potential reads from a configuration: each atom's magmom_x. Empty for a
// potential without a magnetic basis. Throws mtp::Error (naming the atom) where MLIP-3 silently computes
// something else: a configuration without magmom columns (MLIP-3 then sums the magnetic coefficient blocks) and
// a moment with a y or z component (MLIP-3 ignores them in evaluation, refuses them in training).
std::vector<double> collinear_magnetic_moments(const Configuration& cfg, const Potential& potential);

}  // namespace mtp
