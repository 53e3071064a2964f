#pragma once
#include <string>

#include "mtp/fit/bfgs.hpp"
#include "mtp/model/potential.hpp"

namespace mtp::fit {

// Everything a stopped training needs to go on exactly as if it had not stopped: the stage, the potential and
// the optimiser's state (its x are the potential's parameters).
struct TrainingCheckpoint {
  std::string stage;  // "pre-training" or "training"
  Potential potential;
  OptimizerState optimizer;
  // A digest of what the run depends on (training set, template, weights, optimiser options:
  // fit/training_inputs_digest); a resumed run with other inputs is refused instead of continuing silently.
  std::string inputs_digest;
};

// Writes `path`, the current potential as an ordinary .mtp file (usable as it is), and `path`.state, the
// stage, the optimiser's counters and, in binary, the exact parameters and optimiser memory; each atomically.
void save_checkpoint(const std::string& path, const TrainingCheckpoint& checkpoint);

// Reads both back: tables from the .mtp file, every number from the .state file (the .mtp file's printed
// digits are not exact). Throws mtp::Error naming the file and what was expected; the state's counts are
// checked against the file's size before anything is allocated, and a checksum over the state refuses a
// corrupted one.
TrainingCheckpoint load_checkpoint(const std::string& path);

}  // namespace mtp::fit
