#pragma once
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mtp/core/lattice.hpp"
#include "mtp/core/mat3.hpp"
#include "mtp/core/vec3.hpp"

namespace mtp {

// One atomic configuration as a .cfg file holds it: atoms (position, species type), the cell, and what an
// ab initio code or a potential computed for it. Optional per-atom arrays are either empty (absent) or
// hold one entry per atom; `validate()` enforces that.
struct Configuration {
  Lattice lattice;
  std::vector<Vec3> positions;  // Cartesian, Angstrom
  std::vector<int> types;       // 0-based species index

  std::optional<double> energy;            // eV
  std::vector<Vec3> forces;                // eV/Angstrom
  std::optional<Mat3> virial;              // "PlusStress": -dE/d(strain), eV, symmetric
  std::vector<double> site_energies;       // eV
  std::vector<double> charges;             // e
  std::vector<double> nbh_grades;          // per-atom extrapolation grades (MLIP-3 column)
  // MLIP-3's magnetic columns (magmom_x/y/z, en_der_mx/my/mz: dE/dm), kept and written back; no model here
  // uses them.
  std::vector<Vec3> magnetic_moments;      // Bohr magnetons
  std::vector<Vec3> magnetic_moment_energy_derivatives;  // eV per Bohr magneton
  // MLIP-3's ghost flags (atoms that only complete the neighbourhoods of the others in a cut-out cluster).
  // Kept and written back; the evaluator has no notion of them, so neighbour lists refuse a configuration
  // with a ghost atom rather than evaluate it wrongly.
  std::vector<bool> ghost;

  // Ordered key -> value, as MLIP-2 keeps them (std::map: written sorted by key). Values may be multi-line.
  std::map<std::string, std::string> features;

  std::size_t size() const { return positions.size(); }
  bool has_energy() const { return energy.has_value(); }
  bool has_forces() const { return !forces.empty(); }
  bool has_virial() const { return virial.has_value(); }
  bool has_site_energies() const { return !site_energies.empty(); }
  bool has_charges() const { return !charges.empty(); }
  bool has_nbh_grades() const { return !nbh_grades.empty(); }
  bool has_magnetic_moments() const { return !magnetic_moments.empty(); }
  bool has_magnetic_moment_energy_derivatives() const { return !magnetic_moment_energy_derivatives.empty(); }
  bool has_ghost_flags() const { return !ghost.empty(); }
  std::size_t ghost_count() const;

  void resize(std::size_t n);  // atoms; keeps present optional arrays at the same length
  // Throws mtp::Error when the arrays disagree in length or a value is not finite.
  void validate() const;
  // Smallest distance between two atoms, periodic images included (infinity for fewer than two atoms
  // and no periodic images within `search_radius`).
  double min_distance(double search_radius = 10.0) const;
  // Drop energy, forces, virial and site energies (what a potential would recompute).
  void clear_efs();
};

}  // namespace mtp
