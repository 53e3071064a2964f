#include "mtp/fit/symmetric_solver.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <string>

#include "mtp/core/error.hpp"

namespace mtp::fit {

std::vector<double> solve_regularised(std::vector<double> A, std::vector<double> b, double ridge) {
  const std::size_t n = b.size();
  if (A.size() != n * n) throw Error("linear system: matrix and right-hand side sizes disagree");
  Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> M(A.data(), long(n), long(n));
  for (std::size_t k = 0; k < n; ++k) M(long(k), long(k)) += ridge * (1.0 + M(long(k), long(k)));
  for (std::size_t k = 0; k < n; ++k)
    if (!std::isfinite(M(long(k), long(k))) || !std::isfinite(b[k]))
      throw Error("linear system: non-finite entry in row " + std::to_string(k) +
                  " (a configuration with non-finite data or a diverged potential)");
  const Eigen::LDLT<Eigen::MatrixXd> ldlt(M);
  if (ldlt.info() != Eigen::Success) throw Error("linear system: LDL^T factorisation failed");
  const auto D = ldlt.vectorD();
  const double dmax = D.cwiseAbs().maxCoeff();
  for (long k = 0; k < D.size(); ++k)
    if (!(D(k) > 0.0) || D(k) < 1e-300 * std::max(1.0, dmax))
      throw Error("linear system is singular or indefinite (pivot " + std::to_string(k) + " = " +
                  std::to_string(D(k)) + "): some coefficient is not determined by the training data");
  const Eigen::VectorXd x = ldlt.solve(Eigen::Map<const Eigen::VectorXd>(b.data(), long(n)));
  std::vector<double> out(n);
  for (std::size_t k = 0; k < n; ++k) {
    out[k] = x(long(k));
    if (!std::isfinite(out[k])) throw Error("linear system: solution is not finite (unknown " + std::to_string(k) + ")");
  }
  return out;
}

}  // namespace mtp::fit
