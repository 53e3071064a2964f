#pragma once
#include <vector>

namespace mtp {

// One scalar MTP basis function seen as a multigraph: vertex v is a factor M_{mu_v, nu_v} (a moment tensor
// with radial function mu_v and rank nu_v) and an edge between two vertices is one index the two tensors share.
// A vertex's rank is its degree; there are no loops, because contracting a tensor with itself gives back a
// lower-rank moment (x^2 + y^2 + z^2 = r^2), not a new function.
struct ContractionGraph {
  std::vector<int> mu;     // per vertex, non-decreasing
  std::vector<int> edges;  // multiplicities for the pairs (0,1), (0,2), ..., (1,2), ... in that order

  int vertex_count() const { return int(mu.size()); }
  int edge(int a, int b) const;  // number of indices shared by vertices a != b
  int rank(int v) const;         // nu_v: the degree of v
  // The level of the function: sum over factors of 2 + 4 mu + nu.
  int level() const;
};

// Index of the pair (a, b), a < b, in ContractionGraph::edges for n vertices.
int pair_index(int n, int a, int b);

// Limits of a moment basis. MLIP-2's templates use max_factors = 4 and max_rank = 10.
struct ContractionGraphLimits {
  int level = 2;               // include every function of level <= this
  int radial_funcs_count = 1;  // mu < radial_funcs_count
  int max_rank = 10;           // nu <= max_rank for every factor
  int max_factors = 4;         // at most this many tensors in one product
};

// Every contraction graph within the limits, one per isomorphism class (vertices of equal mu may be
// permuted), in MLIP-2's template order: by number of factors, then by the mu tuple (lexicographic), then by
// the key (nu_0, e_01, e_02, ..., nu_1, e_12, ...), each class represented by its smallest key.
std::vector<ContractionGraph> enumerate_contraction_graphs(const ContractionGraphLimits& limits);

}  // namespace mtp
