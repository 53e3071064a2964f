#pragma once
#include "mtp/core/weighting.hpp"
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/core/neighbor_list.hpp"
#include "mtp/model/efs_parameter_gradient.hpp"

namespace mtp::fit {

// How the energy, force and stress terms of one configuration are normalised by its atom count N
// (MLIP-2's --weighting): vibrations E/N, F, S/N; molecules E, F, S; structures E/N^2, F/N, S/N^2.
using mtp::Weighting;
using mtp::parse_weighting;
using mtp::weighting_name;

// MLIP-3's normalisation (--weight_scaling p_E, --weight_scaling_forces p_F): energy w_E/N^p_E, forces
// w_F/N^p_F, stress always w_S/N. Its 0/0 and 2/1 differ from MLIP-2's molecules and structures in the stress
// term, so it is a rule of its own rather than a spelling of `Weighting`.
struct AtomCountPowers {
  double energy = 1.0;
  double force = 0.0;
};

struct LossWeights {
  double energy = 1.0;
  double force = 0.01;
  double stress = 0.001;
  double scale_by_force = 0.0;  // s > 0: force term of atom i weighted by s / (|F_i^ref|^2 + s)
  Weighting weighting = Weighting::Vibrations;
  std::optional<AtomCountPowers> powers;  // when set, used instead of `weighting`
  double penalty = 1e-9;        // weight of the radial orthonormality penalty
};

// The per-term weights of a configuration of `atoms` atoms after the weighting's normalisation.
struct TermWeights {
  double energy, force, stress;
};
TermWeights term_weights(const LossWeights& w, std::size_t atoms);

// A training configuration with its neighbour list (built once: training changes min_dist, never the cutoff)
// and its weight in the loss and the linear fit (fit/configuration_weights: energy-based or from a Feature).
struct TrainingSample {
  Configuration cfg;
  NeighborList nl;
  double weight = 1.0;
  std::vector<double> magnetic_moments;  // collinear moments for a magnetic potential; empty otherwise
  AtomAttributes atoms() const {
    return {cfg.types.data(), magnetic_moments.empty() ? nullptr : magnetic_moments.data()};
  }
};
// `potential` (optional) is the potential to be trained: a magnetic one takes each atom's magmom_x, and refuses a
// configuration without moments or with y/z components (model/magnetic_moments).
TrainingSample make_sample(Configuration cfg, double cutoff, const Potential* potential = nullptr);
// term_weights of the sample's atom count, each multiplied by the sample's weight.
TermWeights sample_term_weights(const LossWeights& w, const TrainingSample& sample);

// Unweighted residuals of a set of configurations, for progress reports: squared per-atom energy errors and
// squared force-component errors with their counts.
struct ResidualSums {
  double energy_per_atom_squared = 0.0, energies = 0.0;
  double force_squared = 0.0, force_components = 0.0;
};

// Squared-error loss of one configuration, L_c = w_c (a_E dE^2 + ...) with w_c = sample.weight: L_c = a_E dE^2 + a_F sum_i w_i |dF_i|^2 + a_S |dW|_F^2, with terms
// missing in the reference skipped; adds dL_c/dtheta to `gradient` when it is not null.
// The configuration's unweighted residuals are added to `residuals` when it is not null.
double configuration_loss(const EfsParameterGradient& model, const TrainingSample& sample, const LossWeights& w,
                          std::vector<double>* gradient, ResidualSums* residuals = nullptr);

// P = sum_k (|c_k|^2 - 1)^2 + sum_{k<k'} (c_k . c_k')^2 over the radial coefficient vectors c_k of radial
// function k (all species pairs together); adds weight * dP/dtheta to `gradient` when not null and returns P.
double radial_penalty(const Potential& shape, const std::vector<double>& theta, double weight,
                      std::vector<double>* gradient);

}  // namespace mtp::fit
