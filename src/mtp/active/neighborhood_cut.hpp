#pragma once
#include <cstddef>
#include <optional>

#include "mtp/core/configuration.hpp"

namespace mtp::active {

// The most extrapolative neighbourhood of a configuration, cut out as a small non-periodic cluster for an
// ab initio calculation (MLIP-3's cut_extrapolative_nbh, spec mlip3 3.4).
struct NeighborhoodCut {
  Configuration cluster;  // centre atom at the origin, then its neighbours r_ij (periodic images included)
  std::size_t atom = 0;   // index of the centre atom in the input configuration
  double grade = 0.0;     // its neighbourhood grade
};

// Picks the atom with the largest nbh_grades entry (the first on ties) and cuts every atom within `cutoff`
// of it. No cut (nullopt) when the configuration has no nbh_grades or its largest grade is below
// `min_grade` (MLIP-3: 1.1). The cluster has no cell, energy, forces, stress or grades; types are kept.
std::optional<NeighborhoodCut> cut_extrapolative_neighborhood(const Configuration& cfg, double cutoff,
                                                              double min_grade = 1.1);

}  // namespace mtp::active
