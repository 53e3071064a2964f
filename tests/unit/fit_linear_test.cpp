// The linear part of training: orthogonalisation, the regularised solve, normal equations against a direct
// least-squares solution, the scaling shortcut of Rescale against re-accumulation, and the condition number.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>

#include "mtp/core/error.hpp"
#include "mtp/fit/linear_fit.hpp"
#include "mtp/fit/symmetric_solver.hpp"
#include "unit/fit_stand_in_models.hpp"

namespace {

TEST(Orthogonalize, MakesRadialFunctionsOrthonormal) {
  const mtp::Potential p = mtp::test::stand_in_potential(3, 2);
  std::vector<double> theta(p.radial_coeffs);
  theta.push_back(4.0);  // a non-radial entry must not move
  mtp::fit::orthogonalize_radial(p, theta);
  EXPECT_EQ(theta.back(), 4.0);
  const std::size_t K = 2, R = 6, pairs = 9;
  for (std::size_t k = 0; k < K; ++k)
    for (std::size_t l = 0; l < K; ++l) {
      double s = 0.0;
      for (std::size_t q = 0; q < pairs; ++q)
        for (std::size_t x = 0; x < R; ++x) s += theta[(q * K + k) * R + x] * theta[(q * K + l) * R + x];
      EXPECT_NEAR(s, k == l ? 1.0 : 0.0, 1e-14);
    }
  // Gram-Schmidt keeps the first function's direction.
  const double r = p.radial_coeffs[0] / theta[0];
  for (std::size_t q = 0; q < pairs; ++q)
    for (std::size_t x = 0; x < R; ++x) EXPECT_NEAR(p.radial_coeffs[q * K * R + x], r * theta[q * K * R + x], 1e-12);
}

TEST(SymmetricSolver, SolvesAndReportsSingular) {
  const std::vector<double> A{4, 1, 0, 1, 3, 1, 0, 1, 2};
  const auto x = mtp::fit::solve_regularised(A, {1, 2, 3}, 0.0);
  for (int i = 0; i < 3; ++i) {
    double s = 0.0;
    for (int j = 0; j < 3; ++j) s += A[std::size_t(3 * i + j)] * x[std::size_t(j)];
    EXPECT_NEAR(s, double(i + 1), 1e-14);
  }
  // Rank-deficient without ridge: an error naming the problem, not garbage.
  EXPECT_THROW(mtp::fit::solve_regularised({1, 1, 1, 1}, {1, 1}, 0.0), mtp::Error);
  // With MLIP-2's ridge a zero column (a species absent from the data) gets coefficient 0.
  const auto y = mtp::fit::solve_regularised({2, 0, 0, 0}, {4, 0}, 1e-13);
  EXPECT_NEAR(y[0], 2.0, 1e-12);
  EXPECT_EQ(y[1], 0.0);
}

TEST(ConditionNumber, NormOverMedian) {
  EXPECT_DOUBLE_EQ(mtp::fit::linear_condition_number({3.0, -4.0, 1.0}), std::sqrt(26.0) / 3.0);
  EXPECT_DOUBLE_EQ(mtp::fit::linear_condition_number({1.0, 2.0, -3.0, 4.0}), std::sqrt(30.0) / 3.0);
}

std::vector<mtp::fit::TrainingSample> samples(const mtp::Potential& p, int count, unsigned seed) {
  std::vector<mtp::fit::TrainingSample> out;
  for (int c = 0; c < count; ++c)
    out.push_back(mtp::fit::make_sample(mtp::test::stand_in_configuration(6 + c % 3 * 2, p.species_count, seed + unsigned(c)),
                                        p.cutoff()));
  out[1].cfg.virial.reset();  // missing data is skipped
  out[2].cfg.energy.reset();
  return out;
}

TEST(LinearFit, NormalEquationsGiveTheWeightedLeastSquaresSolution) {
  const mtp::Potential p = mtp::test::stand_in_potential(2, 31);
  const mtp::EfsParameterGradient model(p);
  const auto data = samples(p, 5, 40);
  mtp::fit::LossWeights w;
  w.force = 0.2;
  w.stress = 0.03;
  const std::size_t n = 2 + p.moment_coeffs.size();
  const auto packed = mtp::fit::linear_normal_equations(model, data, w, 2).values();
  const auto x = mtp::fit::solve_linear_fit(packed, n, std::vector<double>(n, 1.0), 0.0);
  // Direct weighted least squares by QR on the stacked rows.
  std::vector<std::vector<double>> rows;
  std::vector<double> rhs;
  for (const auto& s : data) {
    const std::size_t N = s.cfg.size();
    const auto tw = mtp::fit::term_weights(w, N);
    const auto r = model.linear_rows(s.nl, s.cfg.types.data(), N, true, true);
    auto push = [&](const double* a, double y, double weight) {
      std::vector<double> row(a, a + n);
      for (double& v : row) v *= std::sqrt(weight);
      rows.push_back(row);
      rhs.push_back(y * std::sqrt(weight));
    };
    if (s.cfg.has_energy()) push(r.energy.data(), *s.cfg.energy, tw.energy);
    for (std::size_t i = 0; i < N; ++i)
      for (int d = 0; d < 3; ++d) push(&r.forces[(3 * i + std::size_t(d)) * n], s.cfg.forces[i][d], tw.force);
    if (s.cfg.has_virial())
      for (int a = 0; a < 9; ++a) push(&r.virial[std::size_t(a) * n], s.cfg.virial->m[a / 3][a % 3], tw.stress);
  }
  Eigen::MatrixXd A(long(rows.size()), long(n));
  Eigen::VectorXd b(long(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j < n; ++j) A(long(i), long(j)) = rows[i][j];
    b(long(i)) = rhs[i];
  }
  const Eigen::VectorXd ref = A.colPivHouseholderQr().solve(b);
  for (std::size_t j = 0; j < n; ++j) EXPECT_NEAR(x[j], ref(long(j)), 1e-7 * std::max(1.0, std::abs(ref(long(j)))));
}

TEST(LinearFit, ColumnScalingEqualsReaccumulatingAtAnotherScaling) {
  mtp::Potential p = mtp::test::stand_in_potential(2, 33);
  const auto data = samples(p, 4, 50);
  const mtp::fit::LossWeights w;
  const std::size_t n = 2 + p.moment_coeffs.size();
  mtp::EfsParameterGradient model(p);
  const auto at_s = mtp::fit::linear_normal_equations(model, data, w, 1).values();
  std::vector<double> scale(n, 1.0);
  for (std::size_t a = 0; a < p.moment_coeffs.size(); ++a) scale[2 + a] = std::pow(1.2, model.basis_degrees()[a]);
  const auto shortcut = mtp::fit::solve_linear_fit(at_s, n, scale);
  model.set_scaling(p.scaling * 1.2);
  const auto direct = mtp::fit::solve_linear_fit(mtp::fit::linear_normal_equations(model, data, w, 1).values(), n,
                                                 std::vector<double>(n, 1.0));
  for (std::size_t j = 0; j < n; ++j) EXPECT_NEAR(shortcut[j], direct[j], 1e-8 * std::max(1.0, std::abs(direct[j])));
}

TEST(LinearFit, ThreadCountDoesNotChangeTheSums) {
  const mtp::Potential p = mtp::test::stand_in_potential(2, 35);
  const auto data = samples(p, 7, 60);
  const mtp::EfsParameterGradient model(p);
  const mtp::fit::LossWeights w;
  EXPECT_EQ(mtp::fit::linear_normal_equations(model, data, w, 1).values(),
            mtp::fit::linear_normal_equations(model, data, w, 3).values());
}

}  // namespace
