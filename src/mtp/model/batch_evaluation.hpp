#pragma once
#include <functional>
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

// Evaluates a stream of configurations of any length with bounded memory: `next` fills the next configuration
// (false at the end), batches of 32 per thread go through evaluate_batch, and `consume` gets each configuration
// with its results in input order.
void evaluate_stream(const Evaluator& evaluator, const std::function<bool(Configuration&)>& next, int threads,
                     const std::function<void(Configuration&, const EfsResults&)>& consume);

// Replaces energy, forces and virial of `cfg` by the results (other data, site energies included, is kept,
// as MLIP-2's calc-efs keeps it).
void store_efs(Configuration& cfg, const EfsResults& results);

}  // namespace mtp
