#pragma once
#include <cstddef>
#include <vector>

namespace mtp::fit {

// Solves A x = b for a symmetric positive semi-definite A (n x n, row-major) after MLIP-2's regularisation
// A_kk += ridge * (1 + A_kk). Uses a pivoted LDL^T factorisation (Eigen::LDLT), not MLIP-2's elimination
// without pivoting, so a tiny or zero pivot cannot blow up silently. Throws mtp::Error saying which unknown is
// undetermined when the regularised matrix is still singular or indefinite, or the solution is not finite.
std::vector<double> solve_regularised(std::vector<double> A, std::vector<double> b, double ridge);

}  // namespace mtp::fit
