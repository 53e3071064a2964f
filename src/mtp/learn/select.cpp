#include "mtp/learn/select.hpp"

#include <algorithm>

#include "mtp/active/neighborhood_cut.hpp"

namespace mtp::learn {

std::vector<Configuration> select_for_oracle(const LearnSettings& s, const active::ActiveSet& set,
                                             const std::vector<Configuration>& collected) {
  if (collected.empty()) return {};
  active::ActiveSet trial = set;
  for (const Configuration& c : collected) trial.queue(c);
  // Each swap brings in one row, so limiting swaps limits the configurations a batch can add; a
  // configuration swapped in and out again within the batch is not selected.
  const active::SelectionReport report = trial.select(s.select.threshold, s.select.threshold, s.select.limit);
  std::vector<std::size_t> chosen = report.selected;
  std::sort(chosen.begin(), chosen.end());
  if (chosen.size() > std::size_t(s.select.limit)) chosen.resize(std::size_t(s.select.limit));
  std::vector<Configuration> out;
  for (std::size_t k : chosen) {
    Configuration c = collected[k];
    if (s.select.cut_neighborhoods && s.select.mode == SelectMode::Neighborhood) {
      std::vector<double> grades;
      set.grade(c, &grades);
      c.nbh_grades = grades;
      const double cutoff = s.select.cut_cutoff > 0 ? s.select.cut_cutoff : set.potential().cutoff();
      if (auto cut = active::cut_extrapolative_neighborhood(c, cutoff)) {
        cut->cluster.features = c.features;  // where it came from (origin), and its grade
        c = std::move(cut->cluster);
      }
    }
    c.nbh_grades.clear();
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace mtp::learn
