#pragma once
#include <vector>

#include "mtp/active/active_set.hpp"
#include "mtp/core/configuration.hpp"
#include "mtp/learn/settings.hpp"

namespace mtp::learn {

// From the configurations an exploration collected, those that most enlarge the active set (select-add with
// the settings' threshold and at most `select.limit` of them), in the order they were collected. With
// `cut_neighborhoods` (neighbourhood mode), each is replaced by its most extrapolative neighbourhood cut out
// as a cluster. `set` is copied: the caller's active set is not changed.
std::vector<Configuration> select_for_oracle(const LearnSettings& s, const active::ActiveSet& set,
                                             const std::vector<Configuration>& collected);

}  // namespace mtp::learn
