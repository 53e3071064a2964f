#pragma once
#include <cstddef>
#include <vector>

#include "mtp/fit/compensated_sum.hpp"
#include "mtp/fit/loss.hpp"
#include "mtp/model/efs_parameter_gradient.hpp"

namespace mtp::fit {

// Gram-Schmidt on the radial coefficient vectors c_k (radial function k over all species pairs), each then
// normalised, in place in theta (MLIP-2's Orthogonalize before every linear fit). A zero vector stays zero.
void orthogonalize_radial(const Potential& shape, std::vector<double>& theta);

// The normal equations of the linear least-squares fit of species and moment coefficients with the radial
// coefficients fixed (spec 3.5, TrainLinear): sum over rows a of w a^T a and w a y, with energy rows weighted as
// the loss's energy term, 3N force rows as its force term (none when the force weight is 0; --scale-by-force is
// ignored as in MLIP-2) and 9 virial rows as its stress term, all times the sample's weight. Packed as n*n matrix entries then n right-hand
// sides, n = species + moment coefficients, summed in double-double precision over the samples.
CompensatedSum linear_normal_equations(const EfsParameterGradient& model, const std::vector<TrainingSample>& samples,
                                       const LossWeights& weights, int threads);

// Solves packed normal equations for the linear coefficients with each column j scaled by column_scale[j]
// (the basis at another global scaling: B_a(s') = (s'/s)^d_a B_a(s)); ridge as MLIP-2: diag += 1e-13 (1 + diag).
std::vector<double> solve_linear_fit(const std::vector<double>& packed, std::size_t n,
                                     const std::vector<double>& column_scale, double ridge = 1e-13);

// MLIP-2's Rescale criterion: |x|_2 / median |x_k| over the linear coefficients (species then moments). For an
// even count the upper of the two middle values is taken.
double linear_condition_number(const std::vector<double>& linear);

}  // namespace mtp::fit
