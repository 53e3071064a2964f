#pragma once
#include <array>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "mtp/core/configuration.hpp"

namespace mtp::io {

// Operations of MLIP-2's and MLIP-3's undocumented configuration commands (compress-extend,
// make-cell-square, invert-stress, remap_species, mindist_filter and MLIP-3's per-type mindist), as library
// functions so scripts can apply them without the command line.

// MLIP-2's compress-extend: 21 copies of `cfg` isotropically strained by e = -0.10, -0.09, ..., +0.10
// (cell and positions times 1 + e, so volumes scale by (1 + e)^3). Energy, forces, virial and site energies
// are dropped (a strained copy needs recomputing); features are kept.
std::vector<Configuration> compress_extend(const Configuration& cfg);

// MLIP-3's make_cell_square: the integer matrix A (|A_ij| <= 4, det A > 0) with
// min_atoms <= N |det A| <= max_atoms that minimises ||A L L^T A^T - tr/3 I||_F, tr the trace of
// A L L^T A^T: the supercell A L closest to cubic. Ties go to the first in a fixed enumeration order.
// Throws mtp::Error for a cell that is not three-dimensional or when no A gives an atom count in range.
std::array<std::array<int, 3>, 3> square_cell_matrix(const Configuration& cfg, int min_atoms, int max_atoms);
// replicate_cell(cfg, square_cell_matrix(...)): energy, forces and virial are dropped, atoms wrapped.
Configuration make_cell_square(const Configuration& cfg, int min_atoms, int max_atoms);
// The deviation from a cubic metric that make_cell_square minimises, ||G - tr(G)/3 I||_F with G = L L^T.
double cubic_metric_deviation(const Lattice& lattice);

// MLIP-2's invert-stress: the virial changes sign (for databases written with the opposite convention).
void invert_stress(Configuration& cfg);

// MLIP-3's remap_species: type t becomes new_types[t]. Throws mtp::Error for a type with no entry.
void remap_species(Configuration& cfg, const std::vector<int>& new_types);

// MLIP-3's per-type-pair mindist: the smallest distance between an atom of type a and one of type b
// (a <= b), periodic images included, for every pair of types present at a finite distance.
std::map<std::pair<int, int>, double> mindists_by_type_pair(const Configuration& cfg);
// MLIP-3's Feature mindists value: "{(0,0):2.392451,(0,1):1.900000}" (numbers as std::to_string writes them).
std::string mindists_feature(const std::map<std::pair<int, int>, double>& mindists);

}  // namespace mtp::io
