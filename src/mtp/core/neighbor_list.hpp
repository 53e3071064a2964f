#pragma once
#include <cstddef>
#include <vector>

#include "mtp/core/vec3.hpp"

namespace mtp {

struct Configuration;

// A full neighbour list in compressed-row form: for centre atom i, entries offsets[i] .. offsets[i+1]-1
// hold the neighbour atom index j and the displacement r_ij = x_j(+ lattice shift) - x_i with |r_ij| < cutoff.
// Every pair appears in both directions; an atom's own periodic images are neighbours when closer than the
// cutoff. The same structure carries lists built elsewhere (LAMMPS: j indexes local and ghost atoms).
struct NeighborList {
  double cutoff = 0.0;
  std::vector<std::size_t> offsets{0};  // size = centre count + 1
  std::vector<int> neighbors;
  std::vector<Vec3> displacements;

  std::size_t centers() const { return offsets.size() - 1; }
  std::size_t count(std::size_t i) const { return offsets[i + 1] - offsets[i]; }
  std::size_t total() const { return neighbors.size(); }

  // Exact for any cell (triclinic, slab, wire, cluster) and cutoffs longer than the cell; O(N) time and
  // memory through cell lists. Neighbours are strictly closer than `cutoff`. A configuration with MLIP-3
  // ghost atoms (which must be its last atoms) is a non-periodic cluster whose centres are the other atoms:
  // centers() is then smaller than the atom count.
  static NeighborList build(const Configuration& cfg, double cutoff);
  // The same list into `out`, reusing its storage: a caller that builds one list after another (calc-efs,
  // training sums) allocates nothing once its lists have reached their largest size.
  static void build(const Configuration& cfg, double cutoff, NeighborList& out);
};

}  // namespace mtp
