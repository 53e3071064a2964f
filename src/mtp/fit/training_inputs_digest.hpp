#pragma once
#include <string>

#include "mtp/fit/trainer.hpp"

namespace mtp::fit {

// A digest of everything a training run's result depends on: the bytes of the template and the training set,
// the loss weights and the optimiser's options (not the iteration limit, threads or checkpoint interval,
// which a resumed run may change), and `more`: whatever else the caller's samples depend on (the
// configuration weighting). A checkpoint records it, and `--resume` refuses a run whose digest differs.
std::string training_inputs_digest(const std::string& template_path, const std::string& training_set_path,
                                   const TrainerOptions& options, const std::string& more = "");

}  // namespace mtp::fit
