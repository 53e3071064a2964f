#include "mtp/active/selection_weights.hpp"

#include <cmath>

#include "mtp/core/error.hpp"

namespace mtp::active {

double SelectionWeights::energy_factor(double atoms) const {
  if (weight_scaling >= 0) {
    // MLIP-3 copies the energy row without weight or scale when force or stress rows are present.
    if (force != 0.0 || stress != 0.0) return 1.0;
    return energy / std::pow(atoms, 0.5 * weight_scaling);
  }
  const bool energy_only = force == 0.0 && stress == 0.0;
  switch (weighting) {
    case Weighting::Vibrations: return energy / atoms;
    case Weighting::Molecules: return energy;
    // MLIP-2 divides by N in the energy-only branch and by N^2 when forces or stresses are selected too.
    case Weighting::Structures: return energy_only ? energy / atoms : energy / (atoms * atoms);
  }
  return energy / atoms;
}

double SelectionWeights::force_factor(double atoms) const {
  if (weight_scaling < 0 && weighting == Weighting::Structures) return force / atoms;
  return force;
}

double SelectionWeights::stress_factor(double atoms) const {
  if (weight_scaling >= 0) return stress / std::pow(atoms, 0.5 * weight_scaling);
  switch (weighting) {
    case Weighting::Vibrations: return stress / atoms;
    case Weighting::Molecules: return stress;
    case Weighting::Structures: return stress / (atoms * atoms);
  }
  return stress / atoms;
}

SelectionWeights SelectionWeights::mlip3_configuration_mode() {
  SelectionWeights w;
  w.energy = 1.0;
  w.weight_scaling = 2;
  return w;
}

SelectionWeights SelectionWeights::mlip3_neighborhood_mode() {
  SelectionWeights w;
  w.energy = 0.0;
  w.site_energy = 1.0;
  w.weight_scaling = 2;
  return w;
}

}  // namespace mtp::active
