#pragma once
#include <array>

#include "mtp/core/configuration.hpp"

namespace mtp::io {

// Operations the configuration commands (convert-cfg --fix-lattice, replicate-cell, mindist) apply to one
// configuration; library functions so scripts can apply them without the command line.

// MLIP-2's --fix-lattice: reduce the cell vectors against each other while that shortens them, wrap the
// atoms into the cell, then rotate everything so the cell is lower triangular (a1 along x, a2 in the xy
// plane); forces and the virial are rotated with it. Needs a three-dimensional cell.
void fix_lattice(Configuration& cfg);

// Replicates the cell nx x ny x nz times (atom i's copies are consecutive, shift index z fastest). Energy
// and virial are multiplied by nx*ny*nz, forces copied; site energies and charges are dropped (MLIP-2).
Configuration replicate_cell(const Configuration& cfg, int nx, int ny, int nz);
// The new cell is A * L for an integer matrix A with det A != 0 (rows of A combine old cell vectors);
// energy, forces, virial, site energies and charges are dropped and atoms are wrapped into the new cell.
Configuration replicate_cell(const Configuration& cfg, const std::array<std::array<int, 3>, 3>& a);

// The smallest distance between two atoms, periodic images included, however far apart the atoms are
// (Configuration::min_distance looks within a fixed radius); infinity for a cluster of fewer than 2 atoms.
double mindist(const Configuration& cfg);
// A distance beyond which no pair of atoms can be the closest one (of a type pair or overall): the atoms'
// extent plus every periodic vector. The distance searches double their radius up to it.
double closest_pair_search_bound(const Configuration& cfg);

// Writes `value` as MLIP-2 writes a double feature (std::to_string: "%f").
std::string feature_number(double value);

}  // namespace mtp::io
