#pragma once
#include <map>
#include <string>
#include <vector>

#include "mtp/core/configuration.hpp"

namespace mtp::learn {

// The .cfg Feature in which the loop records where a training configuration came from: "start_KKK" for the
// copies of starting structure KKK, "run_KKK" for exploration run KKK (the folder iter_III/explore/run_KKK of
// every iteration: the same structure, temperature, pressure or ramp each time), "initial" for the given
// initial set. A configuration that already has the Feature keeps it.
inline constexpr const char* kOriginFeature = "origin";

// Training weights that balance the origins: w_c proportional to n_g^(-balance) for a configuration of group g
// (n_g configurations of that origin; configurations without the Feature are one group), scaled so that the
// weights average 1 and the loss keeps its scale: w_c = N n_g^(-balance) / sum_g n_g^(1 - balance). balance 0:
// every configuration counts the same (the unweighted fit); 1: every origin the same in total, N / (G n_g); 0.5
// between (an origin's total weight grows as the square root of its size). Why: D-optimal selection draws most
// of its configurations from the few runs that leave the active set's span (a heated ramp, the liquid), while the
// runs near equilibrium stay inside it and add nothing after the start; unweighted, the fit then spends its
// accuracy on the ramps (docs/ACTIVE_LEARNING.md: the alloy's run 3, silicon's run 4).
std::vector<double> origin_weights(const std::vector<Configuration>& train, double balance);

// How many configurations of each origin `configs` holds (those without the Feature under "").
std::map<std::string, std::size_t> count_by_origin(const std::vector<Configuration>& configs);

// Sets the Feature to `origin` unless the configuration has one.
void mark_origin(Configuration& cfg, const std::string& origin);

}  // namespace mtp::learn
