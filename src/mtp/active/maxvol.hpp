#pragma once
#include <Eigen/Dense>
#include <cstddef>
#include <vector>

namespace mtp::active {

// Row-major dense matrix: rows are equations (gradients with respect to the parameters), so a row is contiguous.
using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// The MaxVol state of an active set: a square matrix A (n x n) whose rows are the selected equations, and
// its inverse, kept up to date by rank-one (Sherman-Morrison) updates as rows are swapped in. A starts as
// init_value * I, as in MLIP-2, so that the first rows of any candidate batch replace the placeholder rows.
//
// The inverse is held column-major (Eigen's default), which puts A^-1 in memory exactly as MLIP-2 stores
// "invA" in its state files ((A^-1)^T row-major): state files read and write it without a transpose.
//
// Grades: for candidate rows B (m x n), the coefficients C = B A^-1 express each candidate in the basis of
// the selected rows; max |C| is the extrapolation grade. A row already in A has coefficients e_j (grade 1).
class MaxVol {
 public:
  // One accepted swap: candidate row `candidate` of B went into A at row `active`, and the old A row went
  // to row `candidate` of B (so callers can swap the owners of the two rows the same way).
  struct Swap {
    std::size_t candidate;
    std::size_t active;
    double pivot;  // the coefficient C(candidate, active) at the time of the swap: |det A| grew by |pivot|
  };

  MaxVol() = default;
  MaxVol(std::size_t n, double init_value) { reset(n, init_value); }
  void reset(std::size_t n, double init_value);
  // Installs a state read from a file. Throws mtp::Error when sizes disagree or the matrices are not
  // inverses of each other to `tolerance` (max |A A^-1 - I|).
  void assign(RowMatrix a, Eigen::MatrixXd inverse, double tolerance = 1e-6);

  std::size_t size() const { return std::size_t(a_.rows()); }
  double init_value() const { return init_value_; }
  const RowMatrix& matrix() const { return a_; }
  const Eigen::MatrixXd& inverse() const { return inverse_; }

  // C = B A^-1 for rows B (m x n). No inversion: a product with the stored inverse.
  Eigen::MatrixXd coefficients(const Eigen::Ref<const RowMatrix>& rows) const;
  // max_ij |(B A^-1)_ij| (0 for no rows).
  double grade(const Eigen::Ref<const RowMatrix>& rows) const;
  // max_j |(B A^-1)_ij| for each row i.
  Eigen::VectorXd row_grades(const Eigen::Ref<const RowMatrix>& rows) const;

  // Greedy volume maximisation: while the largest |C_ij| exceeds `swap_threshold` (> 1) and fewer than
  // `swap_limit` swaps were made (negative: no limit), row i of `rows` and row j of A are exchanged.
  // Ties go to the first entry in row-major order, as MLIP-2's BLAS idamax picks it. The inverse and C are
  // updated by rank-one corrections; if a pivot is not finite or the inverse drifts (checked on the row
  // just swapped in) the inverse is recomputed from A by an LU factorisation, and a singular A is an error.
  // Returns the swaps in order; `rows` leaves with the swapped-out rows in place of the swapped-in ones.
  std::vector<Swap> maximize(RowMatrix& rows, double swap_threshold, long swap_limit = -1);

  // Recomputes the inverse from A (partial-pivoting LU). Throws mtp::Error when A is numerically singular.
  void refactorize();
  // log |det A| by LU (for checks; O(n^3)).
  double log_abs_det() const;
  // Number of refactorisations done by maximize() since reset (drift or non-finite pivots).
  std::size_t refactorizations() const { return refactorizations_; }

 private:
  RowMatrix a_;
  Eigen::MatrixXd inverse_;
  double init_value_ = 1e-5;
  std::size_t refactorizations_ = 0;
};

}  // namespace mtp::active
