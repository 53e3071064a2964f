#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "mtp/active/neighborhood_cut.hpp"
#include "mtp/core/error.hpp"

namespace {

using mtp::Configuration;
using mtp::Vec3;

Configuration small_cell() {
  Configuration cfg;
  mtp::Mat3 rows;
  rows(0, 0) = 4.0;
  rows(1, 1) = 4.5;
  rows(2, 2) = 5.0;
  rows(1, 0) = 0.7;  // triclinic on purpose
  cfg.lattice = mtp::Lattice::periodic(rows);
  std::mt19937 rng(1);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int k = 0; k < 6; ++k) {
    cfg.positions.push_back(cfg.lattice.to_cartesian(Vec3{u(rng), u(rng), u(rng)}));
    cfg.types.push_back(k % 2);
  }
  cfg.nbh_grades = {0.5, 3.0, 7.25, 7.25, 1.0, 0.0};
  return cfg;
}

TEST(NeighborhoodCut, PicksFirstLargestGradeAndCutsAllImagesWithinCutoff) {
  const Configuration cfg = small_cell();
  const double cutoff = 6.0;
  const auto cut = mtp::active::cut_extrapolative_neighborhood(cfg, cutoff);
  ASSERT_TRUE(cut.has_value());
  EXPECT_EQ(cut->atom, 2u);  // first of the two 7.25
  EXPECT_DOUBLE_EQ(cut->grade, 7.25);
  const Configuration& c = cut->cluster;
  EXPECT_FALSE(c.lattice.is_periodic());
  EXPECT_FALSE(c.has_energy());
  EXPECT_FALSE(c.has_forces());
  EXPECT_FALSE(c.has_nbh_grades());
  EXPECT_EQ(c.positions[0], (Vec3{0, 0, 0}));
  EXPECT_EQ(c.types[0], cfg.types[2]);

  // Brute force over images: every atom (own images included) strictly within the cutoff.
  std::vector<std::pair<int, double>> expected;  // type, distance
  for (int a = -4; a <= 4; ++a)
    for (int b = -4; b <= 4; ++b)
      for (int d = -4; d <= 4; ++d)
        for (std::size_t j = 0; j < cfg.size(); ++j) {
          const Vec3 r = cfg.positions[j] + Vec3{double(a), double(b), double(d)} * cfg.lattice.rows - cfg.positions[2];
          const double len = mtp::norm(r);
          if (len < cutoff && !(j == 2 && a == 0 && b == 0 && d == 0)) expected.emplace_back(cfg.types[j], len);
        }
  ASSERT_EQ(c.size(), expected.size() + 1);
  std::vector<std::pair<int, double>> got;
  for (std::size_t k = 1; k < c.size(); ++k) got.emplace_back(c.types[k], mtp::norm(c.positions[k]));
  std::sort(expected.begin(), expected.end());
  std::sort(got.begin(), got.end());
  for (std::size_t k = 0; k < got.size(); ++k) {
    EXPECT_EQ(got[k].first, expected[k].first);
    EXPECT_NEAR(got[k].second, expected[k].second, 1e-9);
  }
}

TEST(NeighborhoodCut, SkipsLowGradesAndMissingGrades) {
  Configuration cfg = small_cell();
  for (double& g : cfg.nbh_grades) g = std::min(g, 1.05);
  EXPECT_FALSE(mtp::active::cut_extrapolative_neighborhood(cfg, 5.0).has_value());
  EXPECT_TRUE(mtp::active::cut_extrapolative_neighborhood(cfg, 5.0, 1.0).has_value());
  for (double& g : cfg.nbh_grades) g = 0.0;
  EXPECT_FALSE(mtp::active::cut_extrapolative_neighborhood(cfg, 5.0, 0.0).has_value());
  cfg.nbh_grades.clear();
  EXPECT_FALSE(mtp::active::cut_extrapolative_neighborhood(cfg, 5.0).has_value());
  EXPECT_THROW(mtp::active::cut_extrapolative_neighborhood(small_cell(), -1.0), mtp::Error);
}

TEST(NeighborhoodCut, IsolatedAtomGivesOneAtomCluster) {
  Configuration cfg;  // cluster, no cell
  cfg.positions = {{0, 0, 0}, {1.5, 0, 0}, {30, 0, 0}};
  cfg.types = {0, 1, 2};
  cfg.nbh_grades = {2.0, 2.0, 1e6};
  const auto cut = mtp::active::cut_extrapolative_neighborhood(cfg, 8.0);
  ASSERT_TRUE(cut.has_value());
  EXPECT_EQ(cut->atom, 2u);
  EXPECT_EQ(cut->cluster.size(), 1u);
  EXPECT_EQ(cut->cluster.types[0], 2);
}

}  // namespace
