#pragma once
#include <string>

#include "mtp/core/configuration.hpp"

namespace mtp::fit {

// One quantity's error statistics over many comparisons, the way MLIP-2's report defines them.
struct ErrorStatistic {
  long count = 0;          // configurations (energy, stress) or atoms (forces)
  double max_delta = 0.0;  // largest |difference| (vector or Frobenius norm)
  double sum_delta = 0.0;
  double sum_delta_sq = 0.0;
  double max_value = 0.0;  // largest |reference value|
  double sum_value_sq = 0.0;

  void add(double delta, double value);
  void merge(const ErrorStatistic& other);
  // |difference| averaged over count * components (components: 1 for energies, 3 for forces, 9 for stresses,
  // as MLIP-2 divides), its RMS likewise, and the two relative measures MLIP-2 prints.
  double average(int components) const;
  double rms(int components) const;
  double max_relative() const { return max_delta / (max_value + 1e-300); }
  double rms_relative() const;
};

// Errors of computed energies, forces and stresses against reference ones (MLIP-2's error monitor, spec 3.3):
// energy and energy per atom per configuration; forces per atom (vector norm of the difference; average and
// RMS per component); stresses per configuration (Frobenius norm; average and RMS per component) in eV and
// in GPa (virial / volume * 160.2176487). A quantity is compared only where both configurations have it.
class ErrorReport {
 public:
  // Adds one comparison. Throws mtp::Error when the atom counts differ.
  void add(const Configuration& reference, const Configuration& computed);
  void merge(const ErrorReport& other);

  const ErrorStatistic& energy() const { return energy_; }
  const ErrorStatistic& energy_per_atom() const { return energy_per_atom_; }
  const ErrorStatistic& forces() const { return forces_; }
  const ErrorStatistic& stresses() const { return stresses_; }
  const ErrorStatistic& stresses_gpa() const { return stresses_gpa_; }

  // MLIP-2's report text, from "_________________Errors report_________________" to the closing rule and
  // the blank line after it, numbers as C++ streams print them (6 significant digits).
  std::string text() const;
  // The same numbers as a JSON object (full precision).
  std::string json() const;

 private:
  ErrorStatistic energy_, energy_per_atom_, forces_, stresses_, stresses_gpa_;
};

}  // namespace mtp::fit
