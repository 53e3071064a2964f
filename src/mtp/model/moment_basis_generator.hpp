#pragma once
#include <vector>

#include "mtp/model/contraction_graph.hpp"
#include "mtp/model/potential.hpp"

namespace mtp {

// What decides a moment basis: every scalar contraction of moment tensors M_{mu,nu} of level <= `level`
// (level of M_{mu,nu} = 2 + 4 mu + nu, adding under products), with mu < radial_funcs_count,
// nu <= max_rank and at most max_factors tensors per product.
struct MomentBasisSpec {
  int level = 16;
  int radial_funcs_count = 4;
  int max_rank = 10;
  int max_factors = 4;
};

// MLIP-2's choice for its untrained_mtps/<level>.mtp: K = 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 6, 6 for levels
// 2..28 (mu up to (level - 2) / 4, at most 5), ranks up to 10, products of up to 4 tensors. Levels above 28 keep
// those caps. Throws mtp::Error for level < 2.
int mlip2_radial_funcs_count(int level);
MomentBasisSpec mlip2_moment_basis_spec(int level);

// The moment tables of the basis and its radial function count.
struct MomentBasis {
  MomentTables tables;
  int radial_funcs_count = 1;
};

// Builds the .mtp moment tables of `spec`; for MLIP-2's specs the tables are exactly those of its
// untrained_mtps/<level>.mtp (docs/TEMPLATES.md says how):
//  - basic moments: every tensor M_{mu,nu} some basis function uses, ordered by (mu, nu), each expanded into
//    its monomials x^a y^b z^c, a+b+c = nu, with (a, b, c) in decreasing lexicographic order;
//  - basis functions (alpha_moment_mapping): those of enumerate_contraction_graphs, in that order;
//  - products (alpha_index_times): each function is a tree of pairwise contractions whose intermediate tensors
//    keep one symmetric index group per factor (self-contractions stored as unordered pairs); identical
//    intermediates are shared; intermediates are numbered by tree depth, then by what they compute.
// Throws mtp::Error when the spec is invalid or some radial function mu < radial_funcs_count would be unused
// (the .mtp format requires max mu = radial_funcs_count - 1).
MomentBasis generate_moment_basis(const MomentBasisSpec& spec);
inline MomentBasis generate_moment_basis(int level) { return generate_moment_basis(mlip2_moment_basis_spec(level)); }

}  // namespace mtp
