#pragma once
#include <string>
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/fit/communicator.hpp"
#include "mtp/fit/loss.hpp"

namespace mtp::fit {

// Per-configuration weights w_c of the training loss (TrainingSample::weight), as in pacemaker's energy-based
// weighting: configurations near the lowest energy per atom count more, so the fit spends its accuracy where
// the simulations will be. Off by default (every w_c = 1, MLIP-2's loss).
struct ConfigurationWeighting {
  // Energy-based part, on when energy_scale > 0: with e_c = E_c / N_c and e_min the smallest e_c of the
  // training set (all ranks), u_c = floor + (1 - floor) exp(-(e_c - e_min) / energy_scale), then divided by
  // the mean of u_c over all configurations so the weights average 1. A configuration without an energy gets
  // u_c = 1 before that division.
  double energy_scale = 0.0;  // eV/atom (--energy-based-weights=DE)
  double floor = 0.1;         // uniform share, 0..1 (--energy-weight-floor)
  // Name of a .cfg Feature holding a configuration's own weight (e.g. "Feature weight 2.0"); empty = none.
  // The Feature's value multiplies w_c; configurations without it keep factor 1.
  std::string feature;
};

// The weight a configuration's Feature `name` gives (1 when it has none). Throws mtp::Error unless the
// value is a finite number >= 0.
double feature_weight(const Configuration& cfg, const std::string& name);

// Multiplies every sample's weight by its energy-based part (nothing when energy_scale <= 0); the Feature
// part is set where the configurations are read (feature_weight), so its errors can name the file. Collective
// over ranks (the minimum and the mean are over the whole training set), so every rank count gives the same
// weights.
void apply_energy_based_weights(std::vector<TrainingSample>& samples, const ConfigurationWeighting& weighting,
                                const Communicator& comm);

}  // namespace mtp::fit
