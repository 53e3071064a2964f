#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/oracle/oracle.hpp"

namespace mtp::learn {

// What the compute stage did for a list of configurations.
struct ComputeOutcome {
  std::vector<std::optional<Configuration>> results;  // per input: the computed configuration, or none (failed)
  std::vector<std::string> failures;                  // "calc_0003: reason" for each failed input
  std::size_t calls = 0;       // oracle calls made now (retries included; results found on disk not counted)
  std::size_t reused = 0;      // results found on disk from an earlier, interrupted run
  double seconds = 0.0;        // wall time of the oracle calls made now, summed over calls
};

// Runs the oracle on every input, `parallel` at a time, each in dir/calc_KKKK/try1 (and try2: a failure is
// retried once, then recorded in calc_KKKK/failed.txt and skipped). Each result is stored in
// calc_KKKK/result.cfg as soon as it arrives, so a killed run repeats no finished call: inputs with a
// result.cfg or failed.txt are read back instead of computed. `progress` (may be empty) is called after
// every input, from one thread at a time.
ComputeOutcome compute_all(const oracle::Oracle& oracle, const std::vector<Configuration>& inputs,
                           const std::string& dir, int parallel,
                           const std::function<void(std::size_t done, std::size_t total)>& progress = {});

}  // namespace mtp::learn
