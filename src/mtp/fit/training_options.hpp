#pragma once
#include "mtp/core/option_table.hpp"
#include "mtp/fit/trainer.hpp"

namespace mtp::fit {

// The options of training (`mlp train`, openmtp.train, `mlp train --config=train.toml`, and the active-learning
// loop's retraining): one table, docs/TRAINING.md and `mlp help train` list it. Adding a training option is one
// entry here plus reading it in trainer_options_from (or in the command, for a file name).
const OptionTable& training_option_table();

// The trainer's settings from checked values of training_option_table(). The file options (--trained-pot-name,
// --valid-cfgs, --checkpoint, ...) are the caller's to read.
TrainerOptions trainer_options_from(const OptionValues& values);

// MLIP-3's defaults for its .almtp flow (spec mlip3 1.1), set (as the program's) on the options not given:
// penalty weight 1e-6, init-params same, min_dist updated. The caller also sets update_mindist_first.
void apply_mlip3_flow_defaults(OptionValues& values);

}  // namespace mtp::fit
