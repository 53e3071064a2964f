#pragma once
#include <cstddef>

// The documented upper bounds on what an input may ask for (docs/FORMATS.md, "Limits"). Every count a file
// or an option gives is checked against these, and against what the file can still hold, before anything is
// allocated for it: a small hostile file must fail with a message, not take the machine's memory or time.
// Each bound is far above what any real MTP run uses.
namespace mtp::limits {

// Atoms in one configuration (.cfg Size, binary 'n', extxyz/POSCAR/LAMMPS counts).
constexpr long kMaxAtoms = 50'000'000;
// Species of a potential (species_count; MLIP-2's largest published potentials have a handful).
constexpr int kMaxSpecies = 128;
// Radial functions (radial_funcs_count) and radial basis size (radial_basis_size).
constexpr int kMaxRadialFuncs = 64;
constexpr int kMaxRadialBasisSize = 64;
// Moments of a potential (alpha_moments_count, and each of its tables).
constexpr int kMaxMoments = 1'000'000;
// Level of a generated moment basis (make-template --level, the loop's settings): MLIP-2 ships 2..28; the
// number of contractions grows steeply above (level 32: 54206 moments, 2 s; 36: 152550, 7 s and 100 MB).
constexpr int kMaxLevel = 36;
// Cutoff (max_dist) in Angstrom: real potentials use 4..10.
constexpr double kMaxCutoff = 20.0;
// Smallest height of a periodic cell (distance between opposite faces) in Angstrom: below it a cell is
// degenerate, whatever its vectors' lengths.
constexpr double kMinCellHeight = 1e-3;
// The periodic-image search. A cell whose height is below cutoff / kMaxImageReach would need more than
// 2 * kMaxImageReach + 1 images along that direction and is refused; so is one needing more than 27 images
// per atom and more than kMaxImagePoints image points in all. A neighbour list is refused when one atom
// would have more than kMaxNeighborsPerAtom neighbours (a dense solid has about 80 within 5 Angstrom, 3000
// within 20) or all together more than kMaxNeighborPairs (28 bytes each).
constexpr double kMaxImageReach = 20.0;
constexpr double kMaxImagePoints = 2e7;
constexpr std::size_t kMaxNeighborsPerAtom = 5000;
constexpr std::size_t kMaxNeighborPairs = 100'000'000;
}  // namespace mtp::limits
