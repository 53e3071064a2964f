#pragma once
#include "mtp/core/mat3.hpp"

namespace mtp {

// A simulation cell that is periodic along its first `periodic_dims` rows (0: cluster, 1: wire, 2: slab,
// 3: bulk), as the .cfg Supercell block gives it: rows are the lattice vectors a1, a2, a3 in Angstrom.
// Rows beyond periodic_dims are zero.
struct Lattice {
  Mat3 rows;
  int periodic_dims = 0;

  static Lattice periodic(const Mat3& rows) { return Lattice{rows, 3}; }
  bool is_periodic() const { return periodic_dims > 0; }
  Vec3 vector(int i) const { return rows.row(i); }
  // |det| of the three rows; only meaningful when periodic_dims == 3.
  double volume() const;
  // Cartesian from fractional coordinates (row vector times rows); needs periodic_dims == 3.
  Vec3 to_cartesian(const Vec3& fractional) const { return fractional * rows; }
  // Fractional from Cartesian; needs periodic_dims == 3.
  Vec3 to_fractional(const Vec3& cartesian) const;
  // Distance between the lattice planes spanned by the other two rows, for each periodic row i.
  // For fewer than three periodic rows the non-periodic directions are completed by orthogonal unit vectors.
  Vec3 plane_spacings() const;
  // The rows with any missing (non-periodic) rows completed by orthonormal vectors, so the
  // result is invertible and fractional coordinates along the periodic rows are well defined.
  Mat3 completed_rows() const;
};

inline bool operator==(const Lattice& a, const Lattice& b) {
  return a.periodic_dims == b.periodic_dims && a.rows == b.rows;
}

}  // namespace mtp
