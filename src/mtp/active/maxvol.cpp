#include "mtp/active/maxvol.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "mtp/core/error.hpp"

namespace mtp::active {
namespace {

// Folds row i of C (n entries at r) into a search for the largest |c_ij|, first in row-major order on ties
// (BLAS idamax semantics over MLIP-2's row-major matrix): the row's maximum by a vectorised reduction, and its
// position searched only when it beats the best so far (a branch per element made the search most of the
// selection's time). Returns false when the row holds a NaN.
bool fold_row_max(const double* r, Eigen::Index n, Eigen::Index i, double& best, Eigen::Index& i0, Eigen::Index& j0) {
  const Eigen::Map<const Eigen::RowVectorXd> values(r, n);
  if (values.hasNaN()) return false;
  const double row_max = values.cwiseAbs().maxCoeff();
  if (row_max > best) {
    Eigen::Index j = 0;
    while (std::fabs(r[j]) != row_max) ++j;
    best = row_max;
    i0 = i;
    j0 = j;
  }
  return true;
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Largest |c_ij| and its position (fold_row_max's order); NaN when C holds a NaN.
double find_max(const RowMatrix& c, Eigen::Index& i0, Eigen::Index& j0) {
  double best = -1.0;
  bool finite = true;
  i0 = j0 = 0;
  const Eigen::Index n = c.cols();
  for (Eigen::Index i = 0; i < c.rows(); ++i) finite &= fold_row_max(c.data() + i * n, n, i, best, i0, j0);
  return finite ? best : kNaN;
}

// C -= column * row (a rank-one update, element by element as Eigen's outer product does it) and, row by row
// while the row is in the L1 cache, find_max of the result: the update and the next search read C once instead
// of twice (the selection is bound by passes over C when there are many candidates).
double update_and_find_max(RowMatrix& c, const Eigen::VectorXd& column, const Eigen::RowVectorXd& row,
                           Eigen::Index& i0, Eigen::Index& j0) {
  double best = -1.0;
  bool finite = true;
  i0 = j0 = 0;
  const Eigen::Index n = c.cols();
  const double* u = row.data();
  for (Eigen::Index i = 0; i < c.rows(); ++i) {
    double* r = c.data() + i * n;
    const double f = column(i);
    for (Eigen::Index j = 0; j < n; ++j) r[j] -= f * u[j];
    finite &= fold_row_max(r, n, i, best, i0, j0);
  }
  return finite ? best : kNaN;
}

// A row of A times the inverse should be the unit vector e_j; the largest deviation measures the drift of
// the rank-one-updated inverse.
double inverse_drift(const RowMatrix& a, const Eigen::MatrixXd& inverse, Eigen::Index j) {
  Eigen::RowVectorXd r = a.row(j) * inverse;
  r(j) -= 1.0;
  return r.cwiseAbs().maxCoeff();
}

constexpr double kDriftLimit = 1e-6;

}  // namespace

void MaxVol::reset(std::size_t n, double init_value) {
  if (!(init_value > 0.0) || !std::isfinite(init_value))
    throw Error("MaxVol: the initial value of the active-set matrix must be positive, got " +
                std::to_string(init_value));
  init_value_ = init_value;
  a_ = RowMatrix::Identity(Eigen::Index(n), Eigen::Index(n)) * init_value;
  inverse_ = Eigen::MatrixXd::Identity(Eigen::Index(n), Eigen::Index(n)) * (1.0 / init_value);
  refactorizations_ = 0;
}

void MaxVol::assign(RowMatrix a, Eigen::MatrixXd inverse, double tolerance) {
  if (a.rows() != a.cols() || inverse.rows() != a.rows() || inverse.cols() != a.cols())
    throw Error("MaxVol: the active-set matrix and its inverse must be square and of the same size");
  if (!a.allFinite() || !inverse.allFinite()) throw Error("MaxVol: the active-set matrices hold non-finite values");
  const Eigen::Index n = a.rows();
  if (n > 0) {
    const double err = (Eigen::MatrixXd(a * inverse) - Eigen::MatrixXd::Identity(n, n)).cwiseAbs().maxCoeff();
    if (!(err <= tolerance))
      throw Error("MaxVol: the stored inverse does not invert the active-set matrix (max |A A^-1 - I| = " +
                  std::to_string(err) + ")");
  }
  a_ = std::move(a);
  inverse_ = std::move(inverse);
  refactorizations_ = 0;
}

Eigen::MatrixXd MaxVol::coefficients(const Eigen::Ref<const RowMatrix>& rows) const {
  if (rows.cols() != a_.cols())
    throw Error("MaxVol: rows have " + std::to_string(rows.cols()) + " columns, the active set " +
                std::to_string(a_.cols()));
  return rows * inverse_;
}

double MaxVol::grade(const Eigen::Ref<const RowMatrix>& rows) const {
  if (rows.rows() == 0) return 0.0;
  return coefficients(rows).cwiseAbs().maxCoeff();
}

Eigen::VectorXd MaxVol::row_grades(const Eigen::Ref<const RowMatrix>& rows) const {
  if (rows.rows() == 0) return Eigen::VectorXd();
  return coefficients(rows).cwiseAbs().rowwise().maxCoeff();
}

std::vector<MaxVol::Swap> MaxVol::maximize(RowMatrix& rows, double swap_threshold, long swap_limit) {
  std::vector<Swap> swaps;
  const Eigen::Index m = rows.rows(), n = a_.rows();
  if (m == 0 || n == 0) return swaps;
  if (rows.cols() != n)
    throw Error("MaxVol: rows have " + std::to_string(rows.cols()) + " columns, the active set " + std::to_string(n));
  if (!(swap_threshold > 1.0))
    throw Error("MaxVol: the swap threshold must be greater than 1 (every swap must grow |det A|), got " +
                std::to_string(swap_threshold));
  if (!rows.allFinite()) throw Error("MaxVol: candidate rows hold non-finite values");

  RowMatrix c = rows * inverse_;
  Eigen::VectorXd column(m);
  Eigen::RowVectorXd row(n), w(n), v(n);
  Eigen::VectorXd inverse_column(n);
  Eigen::Index i0, j0;
  double g = find_max(c, i0, j0);  // then kept up to date by each swap's update of C
  while (swap_limit < 0 || long(swaps.size()) < swap_limit) {
    if (std::isnan(g)) {  // the inverse went bad: start again from A
      refactorize();
      ++refactorizations_;
      c = rows * inverse_;
      g = find_max(c, i0, j0);
      if (std::isnan(g)) throw Error("MaxVol: coefficients are not finite after refactorising the active set");
    }
    if (!(g > swap_threshold)) break;
    const double pivot = c(i0, j0);
    const double inv_pivot = 1.0 / pivot;

    // A' = A + e_j0 v^T with v = b_i0 - a_j0; 1 + v^T A^-1 e_j0 = C(i0, j0) = pivot.
    v = rows.row(i0) - a_.row(j0);
    w.noalias() = (v * inverse_) * inv_pivot;
    inverse_column = inverse_.col(j0);
    inverse_.noalias() -= inverse_column * w;

    // C' = B' A'^-1 where B' has row i0 replaced by the old a_j0.
    column = c.col(j0) * inv_pivot;
    column(i0) += inv_pivot;
    row = c.row(i0);
    row(j0) -= 1.0;
    const Eigen::Index swapped_row = i0, swapped_column = j0;
    g = update_and_find_max(c, column, row, i0, j0);

    a_.row(swapped_column).swap(rows.row(swapped_row));
    swaps.push_back({std::size_t(swapped_row), std::size_t(swapped_column), pivot});

    const double drift = inverse_drift(a_, inverse_, swapped_column);
    if (!(drift <= kDriftLimit)) {
      refactorize();
      ++refactorizations_;
      c = rows * inverse_;
      g = find_max(c, i0, j0);
    }
  }
  return swaps;
}

void MaxVol::refactorize() {
  const Eigen::Index n = a_.rows();
  if (n == 0) return;
  Eigen::PartialPivLU<Eigen::MatrixXd> lu{Eigen::MatrixXd(a_)};
  const double rcond = lu.rcond();
  if (!(rcond > double(n) * std::numeric_limits<double>::epsilon()))
    throw Error("MaxVol: the active-set matrix is numerically singular (reciprocal condition estimate " +
                std::to_string(rcond) + "); its rows are linearly dependent");
  inverse_ = lu.inverse();
}

double MaxVol::log_abs_det() const {
  if (a_.rows() == 0) return 0.0;
  Eigen::PartialPivLU<Eigen::MatrixXd> lu{Eigen::MatrixXd(a_)};
  return lu.matrixLU().diagonal().cwiseAbs().array().log().sum();
}

}  // namespace mtp::active
