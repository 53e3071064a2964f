#include "mtp/io/cfg_transforms.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "mtp/core/error.hpp"
#include "mtp/core/neighbor_list.hpp"
#include "mtp/io/cfg_operations.hpp"

namespace mtp::io {

std::vector<Configuration> compress_extend(const Configuration& cfg) {
  std::vector<Configuration> out;
  for (int k = -10; k <= 10; ++k) {
    const double scale = 1.0 + 0.01 * k;
    Configuration c = cfg;
    c.clear_efs();
    c.lattice.rows *= scale;
    for (Vec3& p : c.positions) p = p * scale;
    out.push_back(std::move(c));
  }
  return out;
}

namespace {

using IntRow = std::array<int, 3>;

double metric_deviation(const Mat3& g) {
  const double t = (g(0, 0) + g(1, 1) + g(2, 2)) / 3.0;
  double s = 0.0;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      const double d = g(i, j) - (i == j ? t : 0.0);
      s += d * d;
    }
  return std::sqrt(s);
}

long det3(const IntRow& a, const IntRow& b, const IntRow& c) {
  return long(a[0]) * (b[1] * c[2] - b[2] * c[1]) - long(a[1]) * (b[0] * c[2] - b[2] * c[0]) +
         long(a[2]) * (b[0] * c[1] - b[1] * c[0]);
}

}  // namespace

double cubic_metric_deviation(const Lattice& lattice) { return metric_deviation(lattice.rows * transpose(lattice.rows)); }

std::array<std::array<int, 3>, 3> square_cell_matrix(const Configuration& cfg, int min_atoms, int max_atoms) {
  if (cfg.lattice.periodic_dims != 3) throw Error("make-cell-square needs a three-dimensional periodic cell");
  if (cfg.size() == 0) throw Error("make-cell-square needs at least one atom");
  if (min_atoms > max_atoms) throw Error("make-cell-square: --min-atoms is larger than --max-atoms");
  const Mat3 g = cfg.lattice.rows * transpose(cfg.lattice.rows);
  // Rows up to sign: a row and its negative give the same metric entries up to sign and the same loss, so
  // only rows whose first non-zero entry is positive are tried; the sign of one row then fixes det A > 0.
  std::vector<IntRow> rows;
  for (int x = -4; x <= 4; ++x)
    for (int y = -4; y <= 4; ++y)
      for (int z = -4; z <= 4; ++z) {
        const int first = x != 0 ? x : (y != 0 ? y : z);
        if (first > 0) rows.push_back({x, y, z});
      }
  const std::size_t n = rows.size();
  // Metric entries a_i G a_j for every pair of candidate rows.
  std::vector<double> m(n * n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      double s = 0.0;
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) s += rows[i][a] * g(a, b) * rows[j][b];
      m[i * n + j] = s;
    }
  const long atoms = static_cast<long>(cfg.size());
  const long det_min = std::max<long>(1, (min_atoms + atoms - 1) / atoms);
  const long det_max = max_atoms / atoms;
  if (det_min > det_max)
    throw Error("make-cell-square: no supercell of a " + std::to_string(atoms) + "-atom cell has between " +
                std::to_string(min_atoms) + " and " + std::to_string(max_atoms) + " atoms");
  double best = std::numeric_limits<double>::infinity();
  std::array<std::size_t, 3> best_rows{};
  long best_det = 0;
  // Permuting rows permutes the metric and leaves the loss unchanged: rows are taken in index order i < j < k.
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      const double gii = m[i * n + i], gjj = m[j * n + j], gij = m[i * n + j];
      for (std::size_t k = j + 1; k < n; ++k) {
        const long d = det3(rows[i], rows[j], rows[k]);
        const long ad = d < 0 ? -d : d;
        if (ad < det_min || ad > det_max) continue;
        const double gkk = m[k * n + k], gik = m[i * n + k], gjk = m[j * n + k];
        const double t = (gii + gjj + gkk) / 3.0;
        const double loss = (gii - t) * (gii - t) + (gjj - t) * (gjj - t) + (gkk - t) * (gkk - t) +
                            2.0 * (gij * gij + gik * gik + gjk * gjk);
        if (loss < best) best = loss, best_rows = {i, j, k}, best_det = d;
      }
    }
  std::array<std::array<int, 3>, 3> a{};
  for (int r = 0; r < 3; ++r) a[r] = rows[best_rows[r]];
  if (best_det < 0)
    for (int& v : a[2]) v = -v;
  return a;
}

Configuration make_cell_square(const Configuration& cfg, int min_atoms, int max_atoms) {
  return replicate_cell(cfg, square_cell_matrix(cfg, min_atoms, max_atoms));
}

void invert_stress(Configuration& cfg) {
  if (cfg.virial) *cfg.virial *= -1.0;
}

void remap_species(Configuration& cfg, const std::vector<int>& new_types) {
  for (int& t : cfg.types) {
    if (t < 0 || static_cast<std::size_t>(t) >= new_types.size())
      throw Error("remap_species: type " + std::to_string(t) + " has no new type (" + std::to_string(new_types.size()) +
                  " given)");
    t = new_types[t];
  }
}

std::map<std::pair<int, int>, double> mindists_by_type_pair(const Configuration& cfg) {
  std::map<std::pair<int, int>, double> out;
  if (cfg.size() == 0) return out;
  std::vector<int> present(cfg.types);
  std::sort(present.begin(), present.end());
  present.erase(std::unique(present.begin(), present.end()), present.end());
  const double bound = closest_pair_search_bound(cfg);
  for (double radius = 10.0;; radius *= 2) {
    out.clear();
    const NeighborList nl = NeighborList::build(cfg, radius);
    for (std::size_t i = 0; i < nl.centers(); ++i)
      for (std::size_t k = nl.offsets[i]; k < nl.offsets[i + 1]; ++k) {
        const int a = cfg.types[i], b = cfg.types[nl.neighbors[k]];
        const auto key = std::make_pair(std::min(a, b), std::max(a, b));
        const double d = norm(nl.displacements[k]);
        auto it = out.find(key);
        if (it == out.end()) out.emplace(key, d);
        else it->second = std::min(it->second, d);
      }
    // Every pair of present types found, or none can appear any farther out.
    const std::size_t pairs = present.size() * (present.size() + 1) / 2;
    if (out.size() == pairs || radius > bound) return out;
  }
}

std::string mindists_feature(const std::map<std::pair<int, int>, double>& mindists) {
  std::string s = "{";
  for (const auto& [pair, d] : mindists) {
    if (s.size() > 1) s += ',';
    s += "(" + std::to_string(pair.first) + "," + std::to_string(pair.second) + "):" + std::to_string(d);
  }
  return s + "}";
}

}  // namespace mtp::io
