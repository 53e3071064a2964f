#pragma once
#include <cstddef>

#include "mtp/model/potential.hpp"

namespace mtp {

// "Upfitting" (ladder fitting): a start for training a potential of a higher level from a trained one of a
// lower level. The result has `higher`'s moment tables and radial function count and, from `lower`: the species
// count and names, the radial basis (type, min_dist, max_dist, size), the global scaling, the species
// coefficients, the radial coefficients of its radial functions (the new ones get MLIP-2's untrained defaults,
// orthogonalised at the first linear fit) and the moment coefficient of every basis function the two share; the
// new basis functions get 0. So before any training it gives exactly `lower`'s energies, forces and stresses, and
// training starts from there. The result is marked trained (no random initialisation, no pre-training).
//
// Basis functions are matched by what they compute, not by their index (levels number them differently):
// each scalar moment is evaluated as a polynomial in its basic moments at pseudo-random values keyed by the
// basic moment's (mu, a, b, c); equal values at two independent draws mean the same function.
//
// Throws mtp::Error when either potential is magnetic, `lower` is untrained, has more radial functions than
// `higher`, or has a basis function with a non-zero coefficient that `higher` lacks.
Potential upfit(const Potential& lower, const Potential& higher);

// What upfit(lower, higher) keeps and adds (for the log): basis functions shared and new, new radial functions.
struct UpfitSummary {
  std::size_t shared = 0, added = 0, new_radial_functions = 0;
};
UpfitSummary upfit_summary(const Potential& lower, const Potential& higher);

}  // namespace mtp
