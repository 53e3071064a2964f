#pragma once

namespace mtp {

// What the model reads of the atoms a neighbour list indexes (centres and every neighbour index): species
// types and, for a magnetic potential, each atom's collinear magnetic moment (MLIP-3's magmom_x, Bohr
// magnetons). Converts from a plain types pointer, so callers of ordinary potentials pass types as before.
struct AtomAttributes {
  AtomAttributes(const int* atom_types) : types(atom_types) {}  // NOLINT(google-explicit-constructor)
  AtomAttributes(const int* atom_types, const double* moments) : types(atom_types), magnetic_moments(moments) {}
  const int* types;
  const double* magnetic_moments = nullptr;
};

}  // namespace mtp
