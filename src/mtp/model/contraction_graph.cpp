#include "mtp/model/contraction_graph.hpp"

#include <algorithm>
#include <numeric>
#include <utility>

#include "mtp/core/error.hpp"

namespace mtp {

int pair_index(int n, int a, int b) {
  if (a > b) std::swap(a, b);
  // pairs (0,1..n-1) come first: n-1 of them, then (1,2..n-1): n-2, ...
  return a * (2 * n - a - 1) / 2 + (b - a - 1);
}

int ContractionGraph::edge(int a, int b) const { return edges[std::size_t(pair_index(vertex_count(), a, b))]; }

int ContractionGraph::rank(int v) const {
  int nu = 0;
  for (int w = 0; w < vertex_count(); ++w)
    if (w != v) nu += edge(v, w);
  return nu;
}

int ContractionGraph::level() const {
  int l = 0;
  for (int v = 0; v < vertex_count(); ++v) l += 2 + 4 * mu[std::size_t(v)] + rank(v);
  return l;
}

namespace {

// The ordering key (nu_0, e_01, ..., e_0(n-1), nu_1, e_12, ...) of an edge vector: MLIP-2 lists functions as
// if it looped over the rank of the first factor, how that rank splits among the later factors, then the
// rank of the second factor, and so on.
std::vector<int> order_key(int n, const std::vector<int>& edges) {
  std::vector<int> key;
  for (int a = 0; a < n; ++a) {
    int nu = 0;
    for (int b = 0; b < n; ++b)
      if (b != a) nu += edges[std::size_t(pair_index(n, a, b))];
    key.push_back(nu);
    for (int b = a + 1; b < n; ++b) key.push_back(edges[std::size_t(pair_index(n, a, b))]);
  }
  return key;
}

// Relabellings of the vertices that keep the mu of every vertex (the symmetries of a product).
std::vector<std::vector<int>> mu_preserving_permutations(const std::vector<int>& mu) {
  std::vector<int> p(mu.size());
  std::iota(p.begin(), p.end(), 0);
  std::vector<std::vector<int>> out;
  do {
    bool keeps = true;
    for (std::size_t v = 0; v < p.size(); ++v) keeps = keeps && mu[std::size_t(p[v])] == mu[v];
    if (keeps) out.push_back(p);
  } while (std::next_permutation(p.begin(), p.end()));
  return out;
}

struct Enumerator {
  const ContractionGraphLimits& limits;
  int n;
  std::vector<int> mu;
  std::vector<std::vector<int>> symmetries;
  std::vector<std::pair<std::vector<int>, ContractionGraph>> found;
  std::vector<int> edges;
  std::vector<int> degree;

  // Keeps the edge vector if it is the smallest key of its class.
  void consider() {
    for (int d : degree)
      if (d > limits.max_rank) return;
    std::vector<int> key = order_key(n, edges);
    std::vector<int> image(edges.size());
    for (const std::vector<int>& p : symmetries) {
      for (int a = 0; a < n; ++a)
        for (int b = a + 1; b < n; ++b)
          image[std::size_t(pair_index(n, p[std::size_t(a)], p[std::size_t(b)]))] = edges[std::size_t(pair_index(n, a, b))];
      if (order_key(n, image) < key) return;
    }
    found.emplace_back(std::move(key), ContractionGraph{mu, edges});
  }

  // Edges are chosen pair by pair; `budget` is how many more shared indices the level allows.
  void choose(std::size_t pair, int a, int b, int budget) {
    if (pair == edges.size()) {
      consider();
      return;
    }
    const int next_a = (b + 1 < n) ? a : a + 1;
    const int next_b = (b + 1 < n) ? b + 1 : a + 2;
    for (int e = 0; e <= budget; ++e) {
      if (degree[std::size_t(a)] + e > limits.max_rank || degree[std::size_t(b)] + e > limits.max_rank) break;
      edges[pair] = e;
      degree[std::size_t(a)] += e;
      degree[std::size_t(b)] += e;
      choose(pair + 1, next_a, next_b, budget - e);
      degree[std::size_t(a)] -= e;
      degree[std::size_t(b)] -= e;
    }
    edges[pair] = 0;
  }
};

// Calls f(mu) for every non-decreasing tuple of n values in [0, K), in lexicographic order.
template <class F>
void for_each_mu_tuple(int n, int K, std::vector<int>& mu, F&& f) {
  if (int(mu.size()) == n) {
    f(mu);
    return;
  }
  for (int m = mu.empty() ? 0 : mu.back(); m < K; ++m) {
    mu.push_back(m);
    for_each_mu_tuple(n, K, mu, f);
    mu.pop_back();
  }
}

}  // namespace

std::vector<ContractionGraph> enumerate_contraction_graphs(const ContractionGraphLimits& limits) {
  if (limits.level < 0 || limits.radial_funcs_count < 1 || limits.max_rank < 0 || limits.max_factors < 1)
    throw Error("moment basis limits must have level >= 0, radial_funcs_count >= 1, max_rank >= 0, max_factors >= 1");
  std::vector<ContractionGraph> out;
  for (int n = 1; n <= limits.max_factors; ++n) {
    std::vector<int> mu;
    for_each_mu_tuple(n, limits.radial_funcs_count, mu, [&](const std::vector<int>& m) {
      int base = 0;
      for (int x : m) base += 2 + 4 * x;
      if (base > limits.level) return;
      // Each shared index adds 1 to the rank of two factors, so 2 to the level.
      const int budget = (limits.level - base) / 2;
      Enumerator e{limits, n, m, mu_preserving_permutations(m), {}, std::vector<int>(std::size_t(n * (n - 1) / 2), 0),
                   std::vector<int>(std::size_t(n), 0)};
      e.choose(0, 0, 1, budget);
      std::stable_sort(e.found.begin(), e.found.end(),
                       [](const auto& x, const auto& y) { return x.first < y.first; });
      for (auto& f : e.found) out.push_back(std::move(f.second));
    });
  }
  return out;
}

}  // namespace mtp
