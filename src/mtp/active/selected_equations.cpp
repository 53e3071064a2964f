#include "mtp/active/selected_equations.hpp"

#include <algorithm>

namespace mtp::active {

std::vector<std::string> selected_equation_lists(const ActiveSet& set) {
  std::vector<std::vector<int>> equations(set.configurations().size());
  for (const RowOwner& o : set.owners())
    if (o.cfg >= 0) equations[std::size_t(o.cfg)].push_back(o.equation);
  std::vector<std::string> lists(equations.size());
  for (std::size_t c = 0; c < equations.size(); ++c) {
    std::sort(equations[c].begin(), equations[c].end());
    for (std::size_t k = 0; k < equations[c].size(); ++k) lists[c] += (k ? "," : "") + std::to_string(equations[c][k]);
  }
  return lists;
}

}  // namespace mtp::active
