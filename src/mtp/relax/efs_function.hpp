#pragma once
#include <functional>

#include "mtp/core/configuration.hpp"

namespace mtp {

// Computes energy, forces and virial of a configuration in place (an Evaluator, or a wrapper that also
// checks extrapolation and throws to stop a relaxation or an MD run).
using EfsFunction = std::function<void(Configuration&)>;

// GPa per eV/A^3: enthalpy H = E + P V with P in GPa and V in A^3 needs P / 160.2176...
constexpr double kGpaPerEvPerA3 = 160.21766208;

// Largest force norm of an evaluated configuration (eV/A).
double max_force(const Configuration& cfg);
// Largest deviation (GPa) of the stress W/V from the applied pressure, over all nine components; 0 for cells
// that are not periodic in three directions.
double max_stress_deviation_gpa(const Configuration& cfg, double pressure_gpa);

}  // namespace mtp
