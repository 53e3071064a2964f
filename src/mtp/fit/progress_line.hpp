#pragma once
#include <string>

#include "mtp/fit/trainer.hpp"

namespace mtp::fit {

// One line saying where training stands, for a terminal that redraws it in place:
//   "training 123/1000  f 0.0412  E 3.1 meV/atom  F 0.121 eV/A  4m05s, at most 29m10s left"
// `stage_seconds` is the time since the stage began; the estimate of what is left assumes the remaining
// iterations cost what the past ones did, and is an upper bound because the convergence rule may stop earlier.
std::string progress_line(const TrainingProgress& progress, double stage_seconds);

// "42s", "4m05s", "2h07m".
std::string format_duration(double seconds);

}  // namespace mtp::fit
