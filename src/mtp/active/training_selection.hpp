#pragma once
#include <functional>

#include "mtp/active/active_set.hpp"
#include "mtp/active/select_add.hpp"

namespace mtp::active {

// How MLIP-3 builds the selection state it stores with a potential (its `train` after fitting, and `select`):
// a fresh set (A = init_value I), every configuration queued, a selection with `threshold` as both select and
// swap threshold after every `batch_size` configurations and at the end (0: all at once).
struct TrainingSelectionOptions {
  double init_value = 1e-6;
  double threshold = 1.001;
  long batch_size = 9999;
};

// Returns the selected set; `processed`, when not null, receives the number of configurations read.
// Throws mtp::Error when the weights select no equation or a threshold is not above 1.
ActiveSet select_training_set(const Potential& potential, const SelectionWeights& weights,
                              const ConfigurationStream& configurations, const TrainingSelectionOptions& options,
                              long* processed = nullptr);

}  // namespace mtp::active
