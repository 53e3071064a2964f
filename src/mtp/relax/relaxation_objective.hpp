#pragma once
#include <functional>
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/core/mat3.hpp"

namespace mtp {

// Computes energy, forces and virial of a configuration in place (an Evaluator, or a wrapper that also
// checks extrapolation and throws to stop a relaxation).
using EfsFunction = std::function<void(Configuration&)>;

// eV/A^3 per GPa: enthalpy H = E + P V with P in GPa and V in A^3 needs P / 160.2176...
constexpr double kGpaPerEvPerA3 = 160.21766208;

// The enthalpy H = E + P V of a configuration as a function of a flat variable vector, the quantity a
// relaxation minimises. Variables: for each free atom its position in the reference cell's frame
// (x_i = s_i (I + D)), then, when the cell relaxes, the 9 entries of the deformation D scaled by a length so a
// unit step moves atoms by about a unit distance. With fixed positions only D varies (fractional coordinates
// held), with a fixed cell only the positions.
class RelaxationObjective {
 public:
  RelaxationObjective(const Configuration& reference, EfsFunction efs, double pressure_gpa, bool relax_positions,
                      bool relax_cell);

  std::size_t size() const { return size_; }
  std::vector<double> initial_variables() const;
  // The configuration at `u` (positions and cell deformed), with E, F and W computed.
  Configuration configuration_at(const std::vector<double>& u) const;
  // H(u), dH/du; also returns the evaluated configuration so callers can check forces and stresses.
  double evaluate(const std::vector<double>& u, std::vector<double>& gradient, Configuration& evaluated) const;

  bool relaxes_positions() const { return relax_positions_; }
  bool relaxes_cell() const { return relax_cell_; }
  double pressure_gpa() const { return pressure_gpa_; }

 private:
  Mat3 deformation(const std::vector<double>& u) const;  // I + D
  Configuration reference_;
  EfsFunction efs_;
  double pressure_gpa_;
  bool relax_positions_;
  bool relax_cell_;
  double cell_length_;  // scales the D variables
  std::size_t size_;
};

// Largest force norm, and largest deviation of the stress (GPa, -W/V convention of the pressure) from the
// applied pressure, of an evaluated configuration.
double max_force(const Configuration& cfg);
double max_stress_deviation_gpa(const Configuration& cfg, double pressure_gpa);

}  // namespace mtp
