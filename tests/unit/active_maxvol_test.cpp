#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "mtp/active/maxvol.hpp"
#include "mtp/core/error.hpp"

namespace {

using mtp::active::MaxVol;
using mtp::active::RowMatrix;

RowMatrix random_rows(std::mt19937& rng, int m, int n, double scale = 1.0) {
  std::normal_distribution<double> g(0.0, scale);
  RowMatrix r(m, n);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) r(i, j) = g(rng);
  return r;
}

TEST(MaxVol, StartsAtScaledIdentity) {
  MaxVol mv(5, 1e-5);
  EXPECT_EQ(mv.size(), 5u);
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 5; ++j) {
      EXPECT_EQ(mv.matrix()(i, j), i == j ? 1e-5 : 0.0);
      EXPECT_EQ(mv.inverse()(i, j), i == j ? 1.0 / 1e-5 : 0.0);
    }
  // Grade of a row against the placeholder matrix: |row| / init_value.
  RowMatrix b(1, 5);
  b << 0.5, -2.0, 0.0, 1.0, 0.25;
  EXPECT_DOUBLE_EQ(mv.grade(b), 2.0e5);
}

TEST(MaxVol, DeterminantNeverDecreasesAndCandidatesEndBelowThreshold) {
  std::mt19937 rng(7);
  const int n = 12, m = 80;
  MaxVol mv(n, 1e-5);
  RowMatrix rows = random_rows(rng, m, n);
  const RowMatrix original = rows;
  double last = mv.log_abs_det();
  // Do the swaps one at a time to watch |det A| after every swap.
  std::size_t total = 0;
  for (;;) {
    auto swaps = mv.maximize(rows, 1.0000001, 1);
    if (swaps.empty()) break;
    ++total;
    const double now = mv.log_abs_det();
    EXPECT_GE(now, last - 1e-9) << "swap " << total;
    EXPECT_NEAR(now - last, std::log(std::fabs(swaps[0].pivot)), 1e-8);
    last = now;
    ASSERT_LT(total, 10000u);
  }
  EXPECT_GE(total, std::size_t(n));
  // Every candidate, swapped in or not, is now within the swap threshold.
  EXPECT_LE(mv.grade(original), 1.0000001 + 1e-9);
  // The inverse kept by rank-one updates still inverts A.
  const Eigen::MatrixXd prod = mv.matrix() * mv.inverse();
  EXPECT_LT((prod - Eigen::MatrixXd::Identity(n, n)).cwiseAbs().maxCoeff(), 1e-9);
}

TEST(MaxVol, RowsInTheActiveSetHaveGradeOne) {
  std::mt19937 rng(11);
  const int n = 9;
  MaxVol mv(n, 1e-5);
  RowMatrix rows = random_rows(rng, 40, n, 3.0);
  mv.maximize(rows, 1.0000001);
  for (int j = 0; j < n; ++j) {
    const RowMatrix r = mv.matrix().row(j);
    EXPECT_NEAR(mv.grade(r), 1.0, 1e-9);
    const Eigen::VectorXd c = mv.coefficients(r).transpose();
    for (int k = 0; k < n; ++k) EXPECT_NEAR(c(k), k == j ? 1.0 : 0.0, 1e-9);
  }
}

TEST(MaxVol, SwapsAreReportedAndCandidateRowsExchanged) {
  std::mt19937 rng(3);
  const int n = 6;
  MaxVol mv(n, 1e-5);
  RowMatrix rows = random_rows(rng, 10, n);
  const RowMatrix before = rows;
  RowMatrix a_before = mv.matrix();
  const auto swaps = mv.maximize(rows, 1.5, 3);
  ASSERT_EQ(swaps.size(), 3u);
  // Replay the swaps on copies: the result must be exactly the state maximize() left.
  RowMatrix b = before;
  for (const auto& s : swaps) a_before.row(Eigen::Index(s.active)).swap(b.row(Eigen::Index(s.candidate)));
  EXPECT_EQ(a_before, mv.matrix());
  EXPECT_EQ(b, rows);
}

TEST(MaxVol, SwapLimitAndThresholdStopSelection) {
  std::mt19937 rng(5);
  MaxVol mv(8, 1e-5);
  RowMatrix rows = random_rows(rng, 30, 8);
  EXPECT_TRUE(mv.maximize(rows, 1.1, 0).empty());
  EXPECT_EQ(mv.maximize(rows, 1.1, 2).size(), 2u);
  // A huge threshold stops at once.
  EXPECT_TRUE(mv.maximize(rows, 1e300).empty());
  EXPECT_THROW(mv.maximize(rows, 1.0), mtp::Error);
}

TEST(MaxVol, RefactorisedInverseAgrees) {
  std::mt19937 rng(13);
  const int n = 15;
  MaxVol mv(n, 1e-5);
  RowMatrix rows = random_rows(rng, 100, n, 10.0);
  mv.maximize(rows, 1.0000001);
  const Eigen::MatrixXd updated = mv.inverse();
  mv.refactorize();
  const double scale = updated.cwiseAbs().maxCoeff();
  EXPECT_LT((updated - mv.inverse()).cwiseAbs().maxCoeff() / scale, 1e-8);
}

TEST(MaxVol, DuplicateRowsCannotEnterTwice) {
  // Linearly dependent candidates: only as many rows as the rank can be swapped in; the remaining placeholder
  // rows keep the matrix regular and the inverse finite.
  std::mt19937 rng(17);
  const int n = 6;
  MaxVol mv(n, 1e-5);
  RowMatrix base = random_rows(rng, 2, n);
  RowMatrix rows(8, n);
  for (int i = 0; i < 8; ++i) rows.row(i) = base.row(i % 2) * double(1 + i / 2);
  const auto swaps = mv.maximize(rows, 1.0000001);
  EXPECT_TRUE(mv.inverse().allFinite());
  int placeholders = 0;
  for (int j = 0; j < n; ++j)
    if (mv.matrix().row(j).cwiseAbs().maxCoeff() == 1e-5) ++placeholders;
  EXPECT_EQ(placeholders, n - 2);
  EXPECT_GE(swaps.size(), 2u);
}

TEST(MaxVol, AssignChecksTheInverse) {
  MaxVol mv;
  RowMatrix a(2, 2);
  a << 2, 1, 1, 3;
  Eigen::MatrixXd inv = Eigen::MatrixXd(a).inverse();
  mv.assign(a, inv);
  EXPECT_EQ(mv.size(), 2u);
  Eigen::MatrixXd wrong = inv;
  wrong(0, 0) += 0.1;
  EXPECT_THROW(mv.assign(a, wrong), mtp::Error);
}

TEST(MaxVol, NonFiniteCandidatesAreAnError) {
  MaxVol mv(3, 1e-5);
  RowMatrix rows(2, 3);
  rows << 1, 2, 3, std::nan(""), 0, 1;
  EXPECT_THROW(mv.maximize(rows, 1.1), mtp::Error);
}

TEST(MaxVol, SingularMatrixRefactorisationIsAnError) {
  MaxVol mv;
  RowMatrix a(2, 2);
  a << 1, 2, 2, 4.0000000000000001;
  Eigen::MatrixXd inv = Eigen::MatrixXd::Identity(2, 2);
  EXPECT_THROW(mv.assign(a, inv), mtp::Error);
  mv.assign(a, inv, 1e300);  // accept the wrong inverse, then ask for a fresh one
  EXPECT_THROW(mv.refactorize(), mtp::Error);
  MaxVol ok(2, 1.0);
  EXPECT_NO_THROW(ok.refactorize());
}

}  // namespace
