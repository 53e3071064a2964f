#pragma once
#include <string>
#include <vector>

#include "mtp/core/configuration.hpp"

namespace mtp::learn {

// The .cfg Feature in which the loop records where a training configuration came from: "start_KKK" for the
// copies of starting structure KKK, "run_KKK" for exploration run KKK (the folder iter_III/explore/run_KKK of
// every iteration: the same structure, temperature, pressure or ramp each time), "initial" for the given
// initial set. A configuration that already has the Feature keeps it.
inline constexpr const char* kOriginFeature = "origin";

// Training weights under which every origin counts the same: w_c = N / (G n_g) for a configuration of group
// g, with N configurations in G groups and n_g in group g (configurations without the Feature are one group).
// The weights average 1, so the loss keeps its scale. Why: D-optimal selection draws most of its
// configurations from the few runs that leave the active set's span (a heated ramp, the liquid), while the runs
// near equilibrium stay inside it and add nothing after the start; unweighted, the fit then spends its accuracy
// on the ramp and the crystalline states lose (docs/ACTIVE_LEARNING.md, "Weights per exploration run").
std::vector<double> origin_weights(const std::vector<Configuration>& train);

// Sets the Feature to `origin` unless the configuration has one.
void mark_origin(Configuration& cfg, const std::string& origin);

}  // namespace mtp::learn
