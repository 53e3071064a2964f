#pragma once
#include "mtp/core/weighting.hpp"
#include <string>

namespace mtp::active {

// How MLIP-2 scales the rows of configurations of different sizes (its --weighting option).
using mtp::Weighting;
using mtp::parse_weighting;
using mtp::weighting_name;


// Which equations of a configuration become rows of the active-set matrix, and their weights (MLIP-2 spec 4,
// MLIP-3 spec 3.1). A weight of zero switches its equations off; the site-energy weight is only a switch
// (neighbourhood rows are unscaled gradients of the site energies, in both MLIP-2 and MLIP-3).
struct SelectionWeights {
  double site_energy = 0.0;  // MLIP-2 "nbh" weight, MLIP-3 "site_en_weight": one row per atom
  double energy = 1.0;
  double force = 0.0;
  double stress = 0.0;
  Weighting weighting = Weighting::Vibrations;
  // MLIP-3's weight_scaling p: energy and stress rows divided by N^(p/2). Negative: MLIP-2's `weighting`
  // rules apply instead.
  int weight_scaling = -1;

  bool neighborhood_mode() const { return site_energy != 0.0; }
  bool any() const { return site_energy != 0.0 || energy != 0.0 || force != 0.0 || stress != 0.0; }
  // Factors applied to the parameter gradients of E, F and W of a configuration of `atoms` atoms.
  // `energy_only` is MLIP-2's energy-only branch (force and stress weights zero), which scales differently.
  double energy_factor(double atoms) const;
  double force_factor(double atoms) const;
  double stress_factor(double atoms) const;

  // MLIP-3 defaults: configuration mode (energy 1, scaling 2) or neighbourhood mode (site energy 1).
  static SelectionWeights mlip3_configuration_mode();
  static SelectionWeights mlip3_neighborhood_mode();
};

}  // namespace mtp::active
