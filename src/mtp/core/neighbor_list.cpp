#include "mtp/core/neighbor_list.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <limits>

#include "mtp/core/configuration.hpp"
#include "mtp/core/error.hpp"
#include "mtp/core/limits.hpp"

namespace mtp {
namespace {

// A point of the extended system: an atom or one of its periodic images.
struct ImagePoint {
  Vec3 position;
  int atom;
};

// The same lattice with its periodic rows reduced pairwise (a_j -= round(a_i.a_j / a_i.a_i) a_i while that
// shortens a_j, as Gauss reduces a two-dimensional basis): a skewed cell then needs no more periodic images
// than its compact equivalent. Atoms are wrapped in the reduced basis; lattice translations leave every
// displacement unchanged, so the list is that of the original cell.
Lattice reduced(const Lattice& lattice) {
  Lattice r = lattice;
  const int d = lattice.periodic_dims;
  for (int pass = 0; pass < 100; ++pass) {
    bool changed = false;
    for (int i = 0; i < d; ++i)
      for (int j = 0; j < d; ++j) {
        if (i == j) continue;
        const Vec3 ai = r.rows.row(i), aj = r.rows.row(j);
        const double n2 = norm2(ai);
        if (!(n2 > 0.0)) continue;
        const double k = std::round(dot(ai, aj) / n2);
        if (k == 0.0 || !std::isfinite(k)) continue;
        const Vec3 shorter = aj - ai * k;
        if (norm2(shorter) < norm2(aj)) {
          r.rows.set_row(j, shorter);
          changed = true;
        }
      }
    if (!changed) break;
  }
  return r;
}

std::string text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Working arrays of one build, kept per thread between builds (no allocation per configuration once they
// have grown) and released when a build needed more than kKeptPoints image points.
struct BuildScratch {
  std::vector<Vec3> frac, wrapped;
  std::vector<ImagePoint> points, binned;
  std::vector<std::size_t> cell_start, point_cell, fill;
  static constexpr std::size_t kKeptPoints = std::size_t(1) << 20;
  void release_if_large() {
    if (points.capacity() <= kKeptPoints) return;
    *this = BuildScratch();
  }
};

}  // namespace

NeighborList NeighborList::build(const Configuration& cfg, double cutoff) {
  NeighborList nl;
  build(cfg, cutoff, nl);
  return nl;
}

void NeighborList::build(const Configuration& cfg, double cutoff, NeighborList& nl) {
  thread_local BuildScratch scratch;
  struct Release {
    BuildScratch& s;
    ~Release() { s.release_if_large(); }
  } release{scratch};
  if (!(cutoff > 0.0) || !std::isfinite(cutoff)) throw Error("neighbour list: cutoff must be positive and finite");
  const std::size_t n = cfg.size();
  // MLIP-3's ghost atoms (the outer shell of a cut-out cluster) come last; they are neighbours only, and a
  // configuration with any is a non-periodic cluster.
  const std::size_t ghosts = cfg.ghost_count();
  for (std::size_t i = n - ghosts; i < n; ++i)
    if (!cfg.ghost[i])
      throw Error("configuration has " + std::to_string(ghosts) + " ghost atoms, but not as its last atoms (atom " +
                  std::to_string(i + 1) + " is not a ghost): ghost atoms must come last, as MLIP-3 writes them");
  const std::size_t centres = n - ghosts;
  const Lattice lat = reduced(cfg.lattice);
  const int pdims = ghosts > 0 ? 0 : lat.periodic_dims;
  if (pdims > 0 && !(lat.volume() > 0.0) && pdims == 3)
    throw Error("neighbour list: the cell has zero volume (its three vectors are linearly dependent)");

  const Mat3 rows = lat.completed_rows();
  const Mat3 inv = inverse(rows);
  const Vec3 spacing = lat.plane_spacings();

  // Wrap atoms into the cell along periodic directions: a lattice translation leaves every displacement
  // unchanged, and bounds how many images are needed. The wrapped position is the Cartesian one minus whole
  // lattice vectors, so atoms already inside the cell keep their exact coordinates (a pair written at exactly
  // min_dist stays exactly there, which the clamped bases distinguish).
  std::vector<Vec3>& frac = scratch.frac;
  std::vector<Vec3>& wrapped = scratch.wrapped;
  frac.resize(n);
  wrapped.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    Vec3 f = cfg.positions[i] * inv;
    Vec3 shift{0.0, 0.0, 0.0};
    for (int k = 0; k < pdims; ++k) {
      shift[k] = std::floor(f[k]);
      f[k] -= shift[k];
    }
    frac[i] = f;
    wrapped[i] = cfg.positions[i] - shift * rows;
  }

  // Images within `cutoff` of the cell along each periodic direction. Their number grows as the cube of
  // cutoff / height, so a degenerate or tiny cell is refused before any image is made.
  std::array<int, 3> reach{0, 0, 0};
  std::array<double, 3> margin{0, 0, 0};
  double images_per_atom = 1.0;
  for (int k = 0; k < pdims; ++k) {
    if (!(spacing[k] >= limits::kMinCellHeight))
      throw Error("neighbour list: the cell is degenerate: its height along lattice vector " + std::to_string(k + 1) +
                  " is " + text(spacing[k]) + " Angstrom (below " + text(limits::kMinCellHeight) + ")");
    margin[k] = cutoff / spacing[k];
    if (margin[k] > limits::kMaxImageReach)
      throw Error("neighbour list: the cell's height along lattice vector " + std::to_string(k + 1) + " (" +
                  text(spacing[k]) + " Angstrom) is far below the cutoff (" + text(cutoff) +
                  " Angstrom): more than " + std::to_string(int(limits::kMaxImageReach)) +
                  " periodic images each way; replicate the cell or check its vectors");
    reach[k] = static_cast<int>(std::ceil(margin[k])) + 1;
    images_per_atom *= 1.0 + 2.0 * margin[k];
  }
  if (images_per_atom > 27.0 && images_per_atom * double(n) > limits::kMaxImagePoints)
    throw Error("neighbour list: " + std::to_string(n) + " atoms with about " + std::to_string(long(images_per_atom)) +
                " periodic images each (the cell is small for the cutoff) exceed the limit of " +
                std::to_string(long(limits::kMaxImagePoints)) + " image points");
  std::vector<ImagePoint>& points = scratch.points;
  points.clear();
  for (std::size_t j = 0; j < n; ++j) {
    // The shifts this atom can need along each periodic direction (one wider each way than the test below
    // asks, against rounding), so that the test runs on a few candidates rather than (2 reach + 1)^3.
    int from[3] = {0, 0, 0}, to[3] = {0, 0, 0};
    for (int k = 0; k < pdims; ++k) {
      from[k] = std::max(-reach[k], static_cast<int>(std::ceil(-margin[k] - frac[j][k])) - 1);
      to[k] = std::min(reach[k], static_cast<int>(std::floor(1.0 + margin[k] - frac[j][k])) + 1);
    }
    for (int a = from[0]; a <= to[0]; ++a)
      for (int b = from[1]; b <= to[1]; ++b)
        for (int c = from[2]; c <= to[2]; ++c) {
          const int shift[3] = {a, b, c};
          bool keep = true;
          for (int k = 0; k < pdims && keep; ++k) {
            const double f = frac[j][k] + shift[k];
            keep = f >= -margin[k] && f <= 1.0 + margin[k];
          }
          if (!keep) continue;
          const Vec3 s{double(a), double(b), double(c)};
          points.push_back({wrapped[j] + s * rows, static_cast<int>(j)});
        }
  }

  // Bin the points on a grid of cells a little over half the cutoff: the (2 span + 1)^3 = 125 cells around a
  // centre's hold every neighbour, and they cover 0.58 times the volume of 27 cells of the cutoff's size, so
  // fewer points are tested. (Floor indices of points closer than the cutoff differ by at most
  // floor(cutoff / bin) + 1 = span.)
  Vec3 lo{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(), std::numeric_limits<double>::max()};
  Vec3 hi = -lo;
  for (const ImagePoint& p : points)
    for (int k = 0; k < 3; ++k) {
      lo[k] = std::min(lo[k], p.position[k]);
      hi[k] = std::max(hi[k], p.position[k]);
    }
  double bin = 0.5 * cutoff * (1.0 + 1e-9);
  std::array<std::int64_t, 3> grid{1, 1, 1};
  const double max_bins = 4.0 * double(points.size()) + 64.0;
  for (;;) {
    double total = 1.0;
    for (int k = 0; k < 3; ++k) {
      const double extent = points.empty() ? 0.0 : hi[k] - lo[k];
      grid[k] = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::floor(extent / bin)));
      total *= double(grid[k]);
    }
    if (total <= max_bins) break;
    bin *= std::cbrt(total / max_bins) * 1.01;
  }
  const std::int64_t span = static_cast<std::int64_t>(std::floor(cutoff / bin)) + 1;
  auto cell_of = [&](const Vec3& x, int k) {
    const std::int64_t c = static_cast<std::int64_t>(std::floor((x[k] - lo[k]) / bin));
    return std::clamp<std::int64_t>(c, 0, grid[k] - 1);
  };
  const std::size_t ncells = static_cast<std::size_t>(grid[0] * grid[1] * grid[2]);
  std::vector<std::size_t>& cell_start = scratch.cell_start;
  std::vector<std::size_t>& point_cell = scratch.point_cell;
  cell_start.assign(ncells + 1, 0);
  point_cell.resize(points.size());
  for (std::size_t p = 0; p < points.size(); ++p) {
    const Vec3& x = points[p].position;
    point_cell[p] = static_cast<std::size_t>((cell_of(x, 0) * grid[1] + cell_of(x, 1)) * grid[2] + cell_of(x, 2));
    ++cell_start[point_cell[p] + 1];
  }
  for (std::size_t c = 0; c < ncells; ++c) cell_start[c + 1] += cell_start[c];
  // The points in cell order (stable within a cell), so the search below reads each cell's points in one run.
  std::vector<ImagePoint>& binned = scratch.binned;
  binned.resize(points.size());
  {
    std::vector<std::size_t>& fill = scratch.fill;
    fill.assign(cell_start.begin(), cell_start.end() - 1);
    for (std::size_t p = 0; p < points.size(); ++p) binned[fill[point_cell[p]]++] = points[p];
  }

  nl.cutoff = cutoff;
  nl.offsets.assign(1, 0);
  nl.offsets.reserve(centres + 1);
  // Every candidate is written at the end of the list and kept by advancing `used` when it is within the
  // cutoff (and not the centre itself): no branch on the distance, which about three candidates in four fail
  // in no predictable order. The arrays grow ahead of `used` and are cut to it at the end.
  std::size_t used = 0;
  const double cut2 = cutoff * cutoff;
  for (std::size_t i = 0; i < centres; ++i) {
    const Vec3& xi = wrapped[i];
    const std::int64_t ci[3] = {cell_of(xi, 0), cell_of(xi, 1), cell_of(xi, 2)};
    const int self = static_cast<int>(i);
    // The cells c-span..c+span of a row (a, b) are consecutive in `binned`: one run of points per row.
    const std::int64_t c_lo = std::max<std::int64_t>(0, ci[2] - span), c_hi = std::min(grid[2] - 1, ci[2] + span);
    for (std::int64_t a = std::max<std::int64_t>(0, ci[0] - span); a <= std::min(grid[0] - 1, ci[0] + span); ++a)
      for (std::int64_t b = std::max<std::int64_t>(0, ci[1] - span); b <= std::min(grid[1] - 1, ci[1] + span); ++b) {
        const std::size_t row = static_cast<std::size_t>((a * grid[1] + b) * grid[2]);
        const std::size_t lo = cell_start[row + std::size_t(c_lo)], hi = cell_start[row + std::size_t(c_hi) + 1];
        if (used + (hi - lo) > nl.neighbors.size()) {
          const std::size_t size = std::max(2 * nl.neighbors.size(), used + (hi - lo) + 256);
          nl.neighbors.resize(size);
          nl.displacements.resize(size);
        }
        int* __restrict out_atom = nl.neighbors.data();
        Vec3* __restrict out_d = nl.displacements.data();
        bool coincident = false;
        for (std::size_t s = lo; s < hi; ++s) {
          const ImagePoint& p = binned[s];
          const Vec3 d = p.position - xi;
          const double r2 = norm2(d);
          out_atom[used] = p.atom;
          out_d[used] = d;
          used += static_cast<std::size_t>((r2 < cut2) & (r2 > 0.0));
          coincident |= (r2 == 0.0) & (p.atom != self);
        }
        if (coincident)
          for (std::size_t s = lo; s < hi; ++s)
            if (norm2(binned[s].position - xi) == 0.0 && binned[s].atom != self)
              // Two atoms at one position have no direction between them: every quantity would be NaN.
              throw Error("neighbour list: atoms " + std::to_string(i + 1) + " and " + std::to_string(binned[s].atom + 1) +
                          " are at one position (" + text(xi.x) + ", " + text(xi.y) + ", " + text(xi.z) + ")");
        if (used - nl.offsets.back() > limits::kMaxNeighborsPerAtom)
          throw Error("neighbour list: atom " + std::to_string(i + 1) + " has more than " +
                      std::to_string(limits::kMaxNeighborsPerAtom) + " neighbours within the cutoff (" +
                      text(cutoff) + " Angstrom): atoms or periodic images far denser than any material");
      }
    if (used > limits::kMaxNeighborPairs)
      throw Error("neighbour list: more than " + std::to_string(limits::kMaxNeighborPairs) +
                  " neighbour pairs (the limit of one configuration)");
    nl.offsets.push_back(used);
  }
  nl.neighbors.resize(used);
  nl.displacements.resize(used);
}

}  // namespace mtp
