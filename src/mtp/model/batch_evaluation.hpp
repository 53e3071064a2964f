#pragma once
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/model/evaluator.hpp"

namespace mtp {

// Evaluates many configurations with up to `threads` threads (0 = all cores): small configurations
// side by side, one per thread; large ones one after another with their atoms shared among the threads.
// Results come back in input order and are bit for bit those of a single-threaded run. An error names the
// first failing configuration in input order, numbered from `first_number`.
std::vector<EfsResults> evaluate_batch(const Evaluator& evaluator, const std::vector<Configuration>& cfgs,
                                       int threads, std::size_t first_number = 1);

// Replaces energy, forces and virial of `cfg` by the results (other data, site energies included, is kept,
// as MLIP-2's calc-efs keeps it).
void store_efs(Configuration& cfg, const EfsResults& results);

}  // namespace mtp
