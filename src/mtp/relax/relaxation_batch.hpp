#pragma once
#include <functional>
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/model/evaluator.hpp"
#include "mtp/relax/relaxation.hpp"

namespace mtp {

// One configuration of a batch: the input, what became of it, and the configurations its relaxation
// found extrapolative (in the order they were evaluated).
struct RelaxationJob {
  Configuration input;
  long index = 1;  // 1-based position in the input, for messages and logs
  RelaxationResult result;
  std::vector<Configuration> extrapolative;
  // With relax_all's keep_evaluated: every configuration the EFS function computed, in order (MLIP-2's
  // write-cfgs writes these).
  std::vector<Configuration> evaluated;
};

// Makes the energy function for one relaxation; `extrapolative` collects that relaxation's saved
// configurations (an EFS-only model ignores it).
using EfsFactory = std::function<EfsFunction(std::vector<Configuration>* extrapolative)>;

// Energy, forces and virial from an evaluator, without site energies (what MLIP-2 writes).
EfsFactory plain_efs(const Evaluator& evaluator);

// Relaxes every job on `threads` threads (0: all cores). Each relaxation runs on one thread from start
// to end, so results (and the order of each job's extrapolative configurations) do not depend on the
// thread count; callers write them in job order.
void relax_all(std::vector<RelaxationJob>& jobs, const EfsFactory& efs, const RelaxationSettings& settings,
               int threads = 1, bool keep_log = false, bool keep_evaluated = false);

}  // namespace mtp
