#pragma once
// Relaxing a structure (positions and cell) with a potential, MLIP-2's algorithm (docs/RELAX.md).
#include "openmtp/types.hpp"
#include "mtp/relax/relaxation.hpp"

namespace openmtp {

using mtp::RelaxationResult;
using mtp::RelaxationSettings;
using mtp::RelaxationStatus;

// Relaxes `start` with the potential's energies, forces and stresses (throws openmtp::Error for settings that
// make no sense; a failed relaxation is reported in the result).
RelaxationResult relax(const Evaluator& evaluator, const Configuration& start, const RelaxationSettings& settings);

}  // namespace openmtp
