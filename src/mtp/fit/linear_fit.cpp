#include "mtp/fit/linear_fit.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "mtp/core/error.hpp"
#include "mtp/fit/parallel_sum.hpp"
#include "mtp/fit/symmetric_solver.hpp"

namespace mtp::fit {

void orthogonalize_radial(const Potential& shape, std::vector<double>& theta) {
  const std::size_t K = std::size_t(shape.radial_funcs_count), R = std::size_t(shape.pair_basis_size());
  const std::size_t pairs = std::size_t(shape.species_count) * std::size_t(shape.species_count);
  auto at = [&](std::size_t pair, std::size_t k, std::size_t x) { return (pair * K + k) * R + x; };
  auto inner = [&](std::size_t k, std::size_t l) {
    double s = 0.0;
    for (std::size_t p = 0; p < pairs; ++p)
      for (std::size_t x = 0; x < R; ++x) s += theta[at(p, k, x)] * theta[at(p, l, x)];
    return s;
  };
  for (std::size_t k = 0; k < K; ++k) {
    for (std::size_t l = 0; l < k; ++l) {
      const double c = inner(k, l);  // c_l is already unit length
      for (std::size_t p = 0; p < pairs; ++p)
        for (std::size_t x = 0; x < R; ++x) theta[at(p, k, x)] -= c * theta[at(p, l, x)];
    }
    const double len = std::sqrt(inner(k, k));
    if (len > 0.0)
      for (std::size_t p = 0; p < pairs; ++p)
        for (std::size_t x = 0; x < R; ++x) theta[at(p, k, x)] /= len;
  }
}

CompensatedSum linear_normal_equations(const EfsParameterGradient& model, const std::vector<TrainingSample>& samples,
                                       const LossWeights& weights, int threads) {
  const std::size_t n = std::size_t(model.potential().species_count) + model.potential().moment_coeffs.size();
  using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  return parallel_sum(samples.size(), n * n + n, threads, [&](std::size_t item, std::vector<double>& out) {
    const TrainingSample& s = samples[item];
    const Configuration& cfg = s.cfg;
    const std::size_t N = cfg.size();
    if (N == 0) return;
    const TermWeights tw = sample_term_weights(weights, s);
    const bool forces = cfg.has_forces() && tw.force != 0.0;
    const bool virial = cfg.has_virial() && tw.stress != 0.0;
    const bool energy = cfg.has_energy() && tw.energy != 0.0;
    if (!forces && !virial && !energy) return;
    const LinearRows rows = model.linear_rows(s.nl, s.atoms(), N, forces, virial);
    Eigen::Map<RowMatrix> G(out.data(), long(n), long(n));
    Eigen::Map<Eigen::VectorXd> b(out.data() + n * n, long(n));
    if (energy) {
      Eigen::Map<const Eigen::VectorXd> a(rows.energy.data(), long(n));
      G.noalias() += tw.energy * a * a.transpose();
      b += (tw.energy * (*cfg.energy - rows.energy_offset)) * a;
    }
    if (forces) {
      Eigen::Map<const RowMatrix> A(rows.forces.data(), long(3 * N), long(n));
      Eigen::VectorXd y(long(3 * N));
      for (std::size_t i = 0; i < N; ++i)
        for (int d = 0; d < 3; ++d) y(long(3 * i) + d) = cfg.forces[i][d] - rows.force_offsets[3 * i + std::size_t(d)];
      G.noalias() += tw.force * A.transpose() * A;
      b.noalias() += tw.force * A.transpose() * y;
    }
    if (virial) {
      Eigen::Map<const RowMatrix> A(rows.virial.data(), 9, long(n));
      Eigen::VectorXd y(9);
      for (int a = 0; a < 3; ++a)
        for (int c = 0; c < 3; ++c) y(3 * a + c) = cfg.virial->m[a][c] - rows.virial_offsets[std::size_t(3 * a + c)];
      G.noalias() += tw.stress * A.transpose() * A;
      b.noalias() += tw.stress * A.transpose() * y;
    }
  });
}

std::vector<double> solve_linear_fit(const std::vector<double>& packed, std::size_t n,
                                     const std::vector<double>& column_scale, double ridge) {
  if (packed.size() != n * n + n || column_scale.size() != n) throw Error("linear fit: sizes disagree");
  std::vector<double> A(n * n), b(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) A[i * n + j] = packed[i * n + j] * column_scale[i] * column_scale[j];
    b[i] = packed[n * n + i] * column_scale[i];
  }
  return solve_regularised(std::move(A), std::move(b), ridge);
}

double linear_condition_number(const std::vector<double>& linear) {
  if (linear.empty()) return 0.0;
  std::vector<double> a(linear.size());
  double s = 0.0;
  for (std::size_t k = 0; k < linear.size(); ++k) {
    a[k] = std::abs(linear[k]);
    s += linear[k] * linear[k];
  }
  std::nth_element(a.begin(), a.begin() + long(a.size() / 2), a.end());
  return std::sqrt(s) / a[a.size() / 2];
}

}  // namespace mtp::fit
