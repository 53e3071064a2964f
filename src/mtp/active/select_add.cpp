#include "mtp/active/select_add.hpp"

#include <ostream>
#include <set>
#include <string>

#include "mtp/active/selected_equations.hpp"
#include "mtp/core/error.hpp"

namespace mtp::active {
namespace {

long id_of(const Configuration& cfg) {
  auto it = cfg.features.find("ID");
  if (it == cfg.features.end()) return 0;
  try {
    return std::stol(it->second);
  } catch (const std::exception&) {
    return 0;
  }
}

// A mark no configuration of a file carries: it tells candidates from training configurations in MLIP-3's
// procedure and is removed before they are returned.
const char kCandidate[] = "!@$%^&is_new";

}  // namespace

ConfigurationStream stream_of(const std::vector<Configuration>& configurations) {
  return [&configurations, next = std::size_t(0)](Configuration& out) mutable {
    if (next >= configurations.size()) return false;
    out = configurations[next++];
    return true;
  };
}

SelectAddCounts mlip2_select_add(ActiveSet& set, const ConfigurationStream& training,
                                 const ConfigurationStream& candidates, const Mlip2SelectAddOptions& o) {
  if (!(o.select_threshold > 1.0) || !(o.swap_threshold > 1.0))
    throw Error("select-add: the select and swap thresholds must be greater than 1");
  if (o.selection_limit < 0) throw Error("select-add: the selection limit must be 0 (no limit) or positive");
  SelectAddCounts counts;
  Configuration cfg;
  while (training(cfg)) {
    cfg.features["ID"] = "-1";
    set.queue(cfg);
    ++counts.training;
  }
  set.select(o.swap_threshold, o.swap_threshold);
  for (Configuration& c : set.configurations()) c.features["ID"] = "-1";
  set.placeholder().features["ID"] = "-1";
  while (candidates(cfg)) {
    cfg.features["ID"] = std::to_string(++counts.candidates);
    set.queue(cfg);
  }
  set.select(o.select_threshold, o.swap_threshold, o.selection_limit > 0 ? o.selection_limit : -1);
  return counts;
}

std::vector<std::size_t> selected_candidates(const ActiveSet& set) {
  std::vector<std::size_t> out;
  std::set<int> seen;
  for (const RowOwner& o : set.owners()) {
    if (o.cfg < 0 || !seen.insert(o.cfg).second) continue;
    if (id_of(set.configurations()[std::size_t(o.cfg)]) > 0) out.push_back(std::size_t(o.cfg));
  }
  return out;
}

std::vector<Configuration> mlip3_select_add(ActiveSet& set, const ConfigurationSource& training,
                                            const ConfigurationStream& candidates, const Mlip3SelectAddOptions& o) {
  if (!(o.threshold > 1.0)) throw Error("select_add: the threshold must be greater than 1");
  const long limit = o.swap_limit > 0 ? o.swap_limit : -1;
  long evaluated = 0;
  auto queue = [&](const Configuration& c) {
    set.queue(c);
    if (o.log) *o.log << "Selection: " << set.queued() << " added for selection\n";
  };
  auto select = [&](double threshold, long swap_limit) {
    const std::size_t batch = set.queued();
    if (o.log) *o.log << "Selection: selecting " << batch << " configurations\n";
    const SelectionReport r = set.select(threshold, threshold, swap_limit);
    evaluated += long(batch);
    if (o.log)
      *o.log << "Selection: evaluated: " << evaluated << "\tmax_grade: " << r.grade << "\tswaps: " << r.swaps
             << "\tTS size: " << set.configurations().size() << std::endl;
  };
  auto select_training = [&] {
    const ConfigurationStream stream = training();
    Configuration cfg;
    while (stream(cfg)) queue(cfg);
    select(1.001, -1);
  };
  select_training();
  Configuration cfg;
  while (candidates(cfg)) {
    cfg.features[kCandidate] = "true";
    queue(cfg);
    if (o.batch_size > 0 && long(set.queued()) >= o.batch_size) select(o.threshold, limit);
  }
  if (set.queued() > 0) select(o.threshold, limit);
  select_training();

  const std::vector<std::string> equation_lists = selected_equation_lists(set);
  std::vector<Configuration> out;
  for (std::size_t c = 0; c < set.configurations().size(); ++c) {
    Configuration selected = set.configurations()[c];
    auto it = selected.features.find(kCandidate);
    if (it == selected.features.end()) continue;
    selected.features.erase(it);
    selected.features["selected_eqn_inds"] = equation_lists[c];
    out.push_back(std::move(selected));
  }
  return out;
}

}  // namespace mtp::active
