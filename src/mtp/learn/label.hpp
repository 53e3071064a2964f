#pragma once
#include <functional>
#include <string>
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/learn/compute.hpp"
#include "mtp/oracle/oracle.hpp"

namespace mtp::learn {

// Energies, forces and stresses of `inputs` from `oracle`, computed in `dir` as the loop's compute stage does
// (compute_all: `parallel` at a time, each failure retried once, finished calls kept, so a rerun after an
// interruption repeats none). `dir` remembers the inputs it was used for (dir/inputs.cfg): a rerun with other
// inputs is an error, since their finished results would be read back under the wrong configurations.
ComputeOutcome label_configurations(const oracle::Oracle& oracle, const std::vector<Configuration>& inputs,
                                    const std::string& dir, int parallel,
                                    const std::function<void(std::size_t done, std::size_t total)>& progress = {});

}  // namespace mtp::learn
