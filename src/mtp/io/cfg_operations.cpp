#include "mtp/io/cfg_operations.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "mtp/core/error.hpp"

namespace mtp::io {
namespace {

void wrap_into_cell(Configuration& cfg) {
  const Mat3 inv = inverse(cfg.lattice.rows);
  for (Vec3& p : cfg.positions) {
    Vec3 f = p * inv;
    for (int a = 0; a < 3; ++a) f[a] -= std::floor(f[a]);
    p = f * cfg.lattice.rows;
  }
}

void require_bulk(const Configuration& cfg, const char* what) {
  if (cfg.lattice.periodic_dims != 3 || determinant(cfg.lattice.rows) == 0.0)
    throw Error(std::string(what) + " needs a configuration with a three-dimensional cell");
}

}  // namespace

void fix_lattice(Configuration& cfg) {
  require_bulk(cfg, "fix-lattice");
  Vec3 l[3] = {cfg.lattice.vector(0), cfg.lattice.vector(1), cfg.lattice.vector(2)};
  // Add or subtract another vector while that gives a vector shorter than this one was before the pass.
  for (bool changed = true; changed;) {
    changed = false;
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) {
        if (i == j) continue;
        const double before = norm2(l[j]);
        while (norm2(l[j] + l[i]) < before) l[j] += l[i], changed = true;
        while (norm2(l[j] - l[i]) < before) l[j] -= l[i], changed = true;
      }
  }
  for (int a = 0; a < 3; ++a) cfg.lattice.rows.set_row(a, l[a]);
  wrap_into_cell(cfg);

  // Q: orthonormal columns from the cell vectors (Gram-Schmidt), so rows * Q is lower triangular.
  Vec3 q[3];
  for (int a = 0; a < 3; ++a) {
    Vec3 v = l[a];
    for (int b = 0; b < a; ++b) v -= dot(v, q[b]) * q[b];
    q[a] = v * (1.0 / norm(v));
  }
  Mat3 Q;
  for (int k = 0; k < 3; ++k)
    for (int c = 0; c < 3; ++c) Q(k, c) = q[c][k];
  cfg.lattice.rows = cfg.lattice.rows * Q;
  cfg.lattice.rows(0, 1) = cfg.lattice.rows(0, 2) = cfg.lattice.rows(1, 2) = 0.0;
  for (Vec3& p : cfg.positions) p = p * Q;
  for (Vec3& f : cfg.forces) f = f * Q;
  if (cfg.virial) cfg.virial = transpose(Q) * *cfg.virial * Q;
}

Configuration replicate_cell(const Configuration& cfg, int nx, int ny, int nz) {
  require_bulk(cfg, "replicate-cell");
  if (nx < 1 || ny < 1 || nz < 1) throw Error("replicate-cell needs positive replication counts");
  const int copies = nx * ny * nz;
  Configuration out;
  out.features = cfg.features;
  out.lattice = cfg.lattice;
  out.lattice.rows.set_row(0, cfg.lattice.vector(0) * nx);
  out.lattice.rows.set_row(1, cfg.lattice.vector(1) * ny);
  out.lattice.rows.set_row(2, cfg.lattice.vector(2) * nz);
  if (cfg.energy) out.energy = *cfg.energy * copies;
  if (cfg.virial) out.virial = *cfg.virial * static_cast<double>(copies);
  const Vec3 a = cfg.lattice.vector(0), b = cfg.lattice.vector(1), c = cfg.lattice.vector(2);
  for (std::size_t i = 0; i < cfg.size(); ++i)
    for (int ix = 0; ix < nx; ++ix)
      for (int iy = 0; iy < ny; ++iy)
        for (int iz = 0; iz < nz; ++iz) {
          out.positions.push_back(cfg.positions[i] + a * ix + b * iy + c * iz);
          out.types.push_back(cfg.types[i]);
          if (cfg.has_forces()) out.forces.push_back(cfg.forces[i]);
        }
  return out;
}

Configuration replicate_cell(const Configuration& cfg, const std::array<std::array<int, 3>, 3>& a_in) {
  require_bulk(cfg, "replicate-cell");
  auto a = a_in;
  Mat3 rows = cfg.lattice.rows;
  long det = static_cast<long>(a[0][0]) * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) -
             static_cast<long>(a[0][1]) * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) +
             static_cast<long>(a[0][2]) * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
  if (det == 0) throw Error("replicate-cell: the integer matrix is singular");
  if (det < 0) {  // same cell A*L with det A > 0: flip column 0 of A and row 0 of L
    det = -det;
    for (int r = 0; r < 3; ++r) a[r][0] = -a[r][0];
    rows.set_row(0, -rows.row(0));
  }
  if (det > 100000) throw Error("replicate-cell: det A = " + std::to_string(det) + " copies is too many");
  // The lattice translations inside the new cell: integer (i,j,k) = (l,m,n)*A/det for 0 <= l,m,n < det.
  std::vector<std::array<long, 3>> shifts;
  for (long l = 0; l < det; ++l)
    for (long m = 0; m < det; ++m)
      for (long n = 0; n < det; ++n) {
        std::array<long, 3> ijk;
        bool whole = true;
        for (int c = 0; c < 3; ++c) {
          ijk[c] = l * a[0][c] + m * a[1][c] + n * a[2][c];
          whole = whole && ijk[c] % det == 0;
        }
        if (whole) shifts.push_back({ijk[0] / det, ijk[1] / det, ijk[2] / det});
      }
  if (static_cast<long>(shifts.size()) != det) throw Error("replicate-cell: internal error enumerating the copies");
  Configuration out;
  out.features = cfg.features;
  for (const auto& s : shifts)
    for (std::size_t i = 0; i < cfg.size(); ++i) {
      out.positions.push_back(cfg.positions[i] + rows.row(0) * static_cast<double>(s[0]) +
                              rows.row(1) * static_cast<double>(s[1]) + rows.row(2) * static_cast<double>(s[2]));
      out.types.push_back(cfg.types[i]);
    }
  Mat3 am;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) am(r, c) = a[r][c];
  out.lattice = Lattice::periodic(am * rows);
  wrap_into_cell(out);
  return out;
}

double closest_pair_search_bound(const Configuration& cfg) {
  if (cfg.size() == 0) return 0.0;
  Vec3 lo = cfg.positions[0], hi = cfg.positions[0];
  for (const Vec3& p : cfg.positions)
    for (int a = 0; a < 3; ++a) lo[a] = std::min(lo[a], p[a]), hi[a] = std::max(hi[a], p[a]);
  double bound = norm(hi - lo);
  for (int a = 0; a < cfg.lattice.periodic_dims; ++a) bound += norm(cfg.lattice.vector(a));
  return bound;
}

double mindist(const Configuration& cfg) {
  if (cfg.size() == 0) return std::numeric_limits<double>::infinity();
  const double bound = closest_pair_search_bound(cfg);
  for (double radius = 10.0;; radius *= 2) {
    const double d = cfg.min_distance(radius);
    if (std::isfinite(d) || radius > bound) return d;
  }
}

std::string feature_number(double value) { return std::to_string(value); }

}  // namespace mtp::io
