#include "mtp/active/neighborhood_cut.hpp"

#include <string>

#include "mtp/core/error.hpp"
#include "mtp/core/neighbor_list.hpp"

namespace mtp::active {

std::optional<NeighborhoodCut> cut_extrapolative_neighborhood(const Configuration& cfg, double cutoff,
                                                              double min_grade) {
  if (!(cutoff > 0.0)) throw Error("the cut-off radius must be positive, got " + std::to_string(cutoff));
  if (!cfg.has_nbh_grades()) return std::nullopt;
  // First strict maximum starting from 0, as MLIP-3 scans: all-zero grades select nothing.
  double best = 0.0;
  std::size_t centre = cfg.size();
  for (std::size_t i = 0; i < cfg.size(); ++i)
    if (cfg.nbh_grades[i] > best) {
      best = cfg.nbh_grades[i];
      centre = i;
    }
  if (centre == cfg.size() || best < min_grade) return std::nullopt;

  const NeighborList nl = NeighborList::build(cfg, cutoff);
  if (centre >= nl.centers()) return std::nullopt;  // a ghost atom is no neighbourhood's centre
  NeighborhoodCut cut;
  cut.atom = centre;
  cut.grade = best;
  const std::size_t count = nl.count(centre);
  cut.cluster.resize(count + 1);
  cut.cluster.positions[0] = Vec3{0.0, 0.0, 0.0};
  cut.cluster.types[0] = cfg.types[centre];
  for (std::size_t k = 0; k < count; ++k) {
    const std::size_t e = nl.offsets[centre] + k;
    cut.cluster.positions[k + 1] = nl.displacements[e];
    cut.cluster.types[k + 1] = cfg.types[std::size_t(nl.neighbors[e])];
  }
  return cut;
}

}  // namespace mtp::active
