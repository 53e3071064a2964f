#pragma once
#include <string>
#include <vector>

#include "mtp/active/active_set.hpp"

namespace mtp::active {

// MLIP-3's Feature selected_eqn_inds for every configuration of the set (same order as configurations()):
// the equation numbers of the rows it owns, ascending, comma-separated ("" for none).
std::vector<std::string> selected_equation_lists(const ActiveSet& set);

}  // namespace mtp::active
