#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/core/error.hpp"
#include "mtp/core/neighbor_list.hpp"
#include "support/pair_potential.hpp"

namespace {

using mtp::Configuration;
using mtp::Mat3;
using mtp::NeighborList;
using mtp::Vec3;

// Reference: every image within a generous integer box, checked one by one.
std::vector<std::tuple<int, int, double, double, double>> brute_force(const Configuration& cfg, double cutoff) {
  std::vector<std::tuple<int, int, double, double, double>> out;
  const int p = cfg.lattice.periodic_dims;
  const Vec3 d = cfg.lattice.plane_spacings();
  int reach[3] = {0, 0, 0};
  for (int k = 0; k < p; ++k) reach[k] = int(std::ceil(cutoff / d[k])) + 3;
  for (std::size_t i = 0; i < cfg.size(); ++i)
    for (std::size_t j = 0; j < cfg.size(); ++j)
      for (int a = -reach[0]; a <= reach[0]; ++a)
        for (int b = -reach[1]; b <= reach[1]; ++b)
          for (int c = -reach[2]; c <= reach[2]; ++c) {
            const Vec3 s = Vec3{double(a), double(b), double(c)} * cfg.lattice.rows;
            const Vec3 r = cfg.positions[j] + s - cfg.positions[i];
            const double r2 = mtp::norm2(r);
            if (r2 < cutoff * cutoff && !(i == j && a == 0 && b == 0 && c == 0))
              out.emplace_back(int(i), int(j), r.x, r.y, r.z);
          }
  return out;
}

std::vector<std::tuple<int, int, double, double, double>> flatten(const NeighborList& nl) {
  std::vector<std::tuple<int, int, double, double, double>> out;
  for (std::size_t i = 0; i < nl.centers(); ++i)
    for (std::size_t k = nl.offsets[i]; k < nl.offsets[i + 1]; ++k)
      out.emplace_back(int(i), nl.neighbors[k], nl.displacements[k].x, nl.displacements[k].y, nl.displacements[k].z);
  return out;
}

// Sorted lists agree entry by entry, displacements to rounding (wrapping into the cell moves positions
// by lattice vectors, which changes the last bits).
void expect_same(std::vector<std::tuple<int, int, double, double, double>> a,
                 std::vector<std::tuple<int, int, double, double, double>> b) {
  auto key = [](const auto& t) {
    return std::make_tuple(std::get<0>(t), std::get<1>(t), std::round(std::get<2>(t) * 1e6),
                           std::round(std::get<3>(t) * 1e6), std::round(std::get<4>(t) * 1e6));
  };
  auto less = [&](const auto& x, const auto& y) { return key(x) < key(y); };
  std::sort(a.begin(), a.end(), less);
  std::sort(b.begin(), b.end(), less);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(std::get<0>(a[k]), std::get<0>(b[k]));
    EXPECT_EQ(std::get<1>(a[k]), std::get<1>(b[k]));
    EXPECT_NEAR(std::get<2>(a[k]), std::get<2>(b[k]), 1e-9);
    EXPECT_NEAR(std::get<3>(a[k]), std::get<3>(b[k]), 1e-9);
    EXPECT_NEAR(std::get<4>(a[k]), std::get<4>(b[k]), 1e-9);
  }
}

Configuration random_cfg(std::mt19937& rng, int natoms, int pdims, double skew) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Configuration cfg;
  Mat3 rows;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) rows(i, j) = (i == j ? 3.0 + 4.0 * u(rng) : skew * (u(rng) - 0.5));
  cfg.lattice.periodic_dims = pdims;
  for (int i = 0; i < 3; ++i)
    if (i < pdims) cfg.lattice.rows.set_row(i, rows.row(i));
  for (int k = 0; k < natoms; ++k) {
    // Fractional coordinates outside [0,1) on purpose: atoms need not be wrapped in the input.
    Vec3 f{2.0 * u(rng) - 0.5, 2.0 * u(rng) - 0.5, 2.0 * u(rng) - 0.5};
    cfg.positions.push_back(f * rows);
    cfg.types.push_back(k % 2);
  }
  return cfg;
}

TEST(NeighborList, MatchesBruteForceOnRandomCells) {
  std::mt19937 rng(12345);
  for (int trial = 0; trial < 40; ++trial) {
    const int pdims = trial % 4;
    const double skew = (trial % 3) * 3.0;
    Configuration cfg = random_cfg(rng, 1 + trial % 9, pdims, skew);
    const double cutoff = 2.0 + 0.2 * (trial % 12);  // up to 4.2: longer than the shortest cells
    SCOPED_TRACE("trial " + std::to_string(trial));
    expect_same(flatten(NeighborList::build(cfg, cutoff)), brute_force(cfg, cutoff));
  }
}

TEST(NeighborList, CutoffLongerThanCellFindsOwnImages) {
  Configuration cfg;
  cfg.lattice = mtp::Lattice::periodic(Mat3::identity() * 2.0);
  cfg.positions = {{0.1, 0.2, 0.3}};
  cfg.types = {0};
  const NeighborList nl = NeighborList::build(cfg, 4.5);
  // Images n of the single atom with 0 < 2|n| < 4.5: integer vectors with 0 < |n|^2 < 5.0625.
  int expected = 0;
  for (int a = -3; a <= 3; ++a)
    for (int b = -3; b <= 3; ++b)
      for (int c = -3; c <= 3; ++c) {
        const int n2 = a * a + b * b + c * c;
        if (n2 > 0 && 4.0 * n2 < 4.5 * 4.5) ++expected;
      }
  EXPECT_EQ(nl.count(0), std::size_t(expected));
}

TEST(NeighborList, SkewedCellFindsCloseImageMlip2Misses) {
  // The cell of issue 3: rows (6,0,0), (18.5,1,0), (0,0,6); the image a2 - 3 a1 = (0.5, 1, 0) is 1.118 A away.
  Configuration cfg;
  Mat3 rows;
  rows.set_row(0, {6, 0, 0});
  rows.set_row(1, {18.5, 1, 0});
  rows.set_row(2, {0, 0, 6});
  cfg.lattice = mtp::Lattice::periodic(rows);
  cfg.positions = {{0, 0, 0}};
  cfg.types = {0};
  EXPECT_NEAR(cfg.min_distance(5.0), std::sqrt(1.25), 1e-12);
}

TEST(NeighborList, PairsAreSymmetric) {
  std::mt19937 rng(7);
  Configuration cfg = random_cfg(rng, 30, 3, 2.0);
  const NeighborList nl = NeighborList::build(cfg, 3.7);
  std::vector<std::tuple<int, int, long, long, long>> fwd, bwd;
  for (std::size_t i = 0; i < nl.centers(); ++i)
    for (std::size_t k = nl.offsets[i]; k < nl.offsets[i + 1]; ++k) {
      const Vec3& d = nl.displacements[k];
      fwd.emplace_back(int(i), nl.neighbors[k], std::lround(d.x * 1e6), std::lround(d.y * 1e6), std::lround(d.z * 1e6));
      bwd.emplace_back(nl.neighbors[k], int(i), std::lround(-d.x * 1e6), std::lround(-d.y * 1e6), std::lround(-d.z * 1e6));
    }
  std::sort(fwd.begin(), fwd.end());
  std::sort(bwd.begin(), bwd.end());
  EXPECT_EQ(fwd, bwd);
}

TEST(NeighborList, RefilledInPlaceEqualsAFreshList) {
  // build(cfg, cutoff, out) reuses out's arrays: after a larger list, a smaller one must be exactly the fresh
  // one (no entries left over from before), and the larger one again after it.
  std::mt19937 rng(99);
  const Configuration big = random_cfg(rng, 40, 3, 1.0), small = random_cfg(rng, 3, 3, 0.0);
  NeighborList nl;
  for (const Configuration* c : {&big, &small, &big}) {
    NeighborList::build(*c, 3.9, nl);
    const NeighborList fresh = NeighborList::build(*c, 3.9);
    EXPECT_EQ(nl.offsets, fresh.offsets);
    EXPECT_EQ(nl.neighbors, fresh.neighbors);
    ASSERT_EQ(nl.displacements.size(), fresh.displacements.size());
    EXPECT_EQ(nl.neighbors.size(), nl.offsets.back());
    expect_same(flatten(nl), brute_force(*c, 3.9));
  }
}

TEST(NeighborList, CoincidentAtomsAreRefusedByNumber) {
  Configuration cfg;
  cfg.lattice = mtp::Lattice::periodic(Mat3::identity() * 6.0);
  cfg.positions = {{0.5, 0.5, 0.5}, {2.0, 1.0, 1.0}, {0.5, 0.5, 0.5}};
  cfg.types = {0, 0, 0};
  try {
    NeighborList::build(cfg, 4.0);
    FAIL() << "coincident atoms were accepted";
  } catch (const mtp::Error& e) {
    EXPECT_NE(std::string(e.what()).find("atoms 1 and 3 are at one position"), std::string::npos) << e.what();
  }
}

TEST(NeighborList, RejectsBadCutoff) {
  Configuration cfg;
  cfg.positions = {{0, 0, 0}};
  cfg.types = {0};
  EXPECT_THROW(NeighborList::build(cfg, 0.0), mtp::Error);
  EXPECT_THROW(NeighborList::build(cfg, std::nan("")), mtp::Error);
}

Configuration one_atom_cell(const Vec3& a, const Vec3& b, const Vec3& c) {
  Configuration cfg;
  Mat3 rows;
  rows.set_row(0, a);
  rows.set_row(1, b);
  rows.set_row(2, c);
  cfg.lattice = mtp::Lattice::periodic(rows);
  cfg.positions = {{0.3, 0.2, 0.1}};
  cfg.types = {0};
  return cfg;
}

std::string message_of(const Configuration& cfg, double cutoff) {
  try {
    NeighborList::build(cfg, cutoff);
  } catch (const mtp::Error& e) {
    return e.what();
  }
  return "accepted";
}

// A very skewed but valid cell (rows (5,0,0), (1000,5,0), (0,0,5): heights 0.025, 5, 5) is the simple cubic
// lattice of side 5: its list is the cube's, found without 200 images along the first row.
TEST(NeighborList, VerySkewedCellIsReducedToItsCompactEquivalent) {
  const Configuration skewed = one_atom_cell({5, 0, 0}, {1000, 5, 0}, {0, 0, 5});
  const Configuration cube = one_atom_cell({5, 0, 0}, {0, 5, 0}, {0, 0, 5});
  const NeighborList a = NeighborList::build(skewed, 7.2), b = NeighborList::build(cube, 7.2);
  EXPECT_EQ(a.count(0), 18u);  // 6 at 5 A, 12 at 7.07 A
  expect_same(flatten(a), flatten(b));
  expect_same(flatten(a), brute_force(cube, 7.2));
}

// Cells that would need unbounded images are refused with a message that says why: a lattice vector of
// 1e-9 A (the energy of an isolated atom came back before), a height far below the cutoff, atoms far denser
// than matter.
TEST(NeighborList, RefusesDegenerateAndTinyCells) {
  EXPECT_NE(message_of(one_atom_cell({5, 0, 0}, {0, 5, 0}, {0, 0, 1e-9}), 5.0).find("the cell is degenerate"),
            std::string::npos);
  EXPECT_NE(message_of(one_atom_cell({1e-9, 0, 0}, {0, 5, 0}, {0, 0, 5}), 5.0).find("the cell is degenerate"),
            std::string::npos);
  EXPECT_NE(message_of(one_atom_cell({0.2, 0, 0}, {0, 5, 0}, {0, 0, 5}), 5.0).find("far below the cutoff"),
            std::string::npos);
  EXPECT_NE(message_of(one_atom_cell({0.3, 0, 0}, {0, 0.3, 0}, {0, 0, 0.3}), 5.0).find("more than 5000 neighbours"),
            std::string::npos);
  // The same small cells with a cutoff they can hold are fine.
  EXPECT_EQ(message_of(one_atom_cell({0.3, 0, 0}, {0, 0.3, 0}, {0, 0, 0.3}), 1.0), "accepted");
}

TEST(NeighborList, LargeSystemIsLinear) {
  // 32^3 * 4 = 131072 fcc atoms: every atom has exactly 12 neighbours inside 3 A at a = 3.6.
  const Configuration cfg = mtp::test::fcc_cell(3.6, 32);
  const NeighborList nl = NeighborList::build(cfg, 3.0);
  ASSERT_EQ(nl.centers(), cfg.size());
  for (std::size_t i = 0; i < nl.centers(); ++i) ASSERT_EQ(nl.count(i), 12u) << "atom " << i;
}

}  // namespace
