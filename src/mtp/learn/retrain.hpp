#pragma once
#include <iosfwd>
#include <string>
#include <vector>

#include "mtp/active/active_set.hpp"
#include "mtp/core/configuration.hpp"
#include "mtp/learn/settings.hpp"
#include "mtp/model/potential.hpp"

namespace mtp::learn {

// Errors of a potential against reference values: energies per atom, and forces per Cartesian component
// (|F_calc,ik - F_ref,ik| over every atom i and direction k). calc-errors' force figures (MLIP-2's report)
// are per atom, of the norm |F_calc,i - F_ref,i|, and so larger: the names say which is which.
struct FitErrors {
  std::size_t configurations = 0;
  double energy_rmse = 0.0, energy_mae = 0.0, energy_max = 0.0;  // eV/atom
  double force_component_rmse = 0.0, force_component_mae = 0.0, force_component_max = 0.0;  // eV/A
};
FitErrors fit_errors(const Potential& potential, const std::vector<Configuration>& reference);

// The potential an active-learning run starts from: `potential.start`, or the generated template of `level`.
Potential starting_potential(const LearnSettings& s);

// Trains `start` on `train` (random initialisation when `first`, else from start's parameters, as MLIP-2's
// --init-params=same) and returns the trained potential; the trainer's log goes to `log` when not null.
Potential retrain(const LearnSettings& s, const Potential& start, const std::vector<Configuration>& train, bool first,
                  std::ostream* log);

// The active set of a potential over a training set: every training configuration queued and selected
// (threshold 1.001, as MLIP-3 does after training).
active::ActiveSet build_active_set(const LearnSettings& s, const Potential& potential,
                                   const std::vector<Configuration>& train);

}  // namespace mtp::learn
