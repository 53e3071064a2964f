#include "mtp/core/lattice.hpp"

#include <cmath>

namespace mtp {

double Lattice::volume() const { return std::fabs(determinant(rows)); }

Vec3 Lattice::to_fractional(const Vec3& cartesian) const { return cartesian * inverse(rows); }

Mat3 Lattice::completed_rows() const {
  Mat3 r = rows;
  if (periodic_dims == 3) return r;
  if (periodic_dims == 0) return Mat3::identity();
  if (periodic_dims == 1) {
    const Vec3 a = rows.row(0);
    // Any vector not parallel to a, made orthogonal to it, then the cross product.
    Vec3 t = std::fabs(a.x) < 0.9 * norm(a) ? Vec3{1, 0, 0} : Vec3{0, 1, 0};
    Vec3 b = cross(a, t);
    b *= 1.0 / norm(b);
    Vec3 c = cross(a, b);
    c *= 1.0 / norm(c);
    r.set_row(1, b);
    r.set_row(2, c);
    return r;
  }
  Vec3 c = cross(rows.row(0), rows.row(1));
  c *= 1.0 / norm(c);
  r.set_row(2, c);
  return r;
}

Vec3 Lattice::plane_spacings() const {
  const Mat3 r = completed_rows();
  const double v = std::fabs(determinant(r));
  Vec3 d;
  for (int i = 0; i < 3; ++i) {
    const Vec3 n = cross(r.row((i + 1) % 3), r.row((i + 2) % 3));
    d[i] = v / norm(n);
  }
  return d;
}

}  // namespace mtp
