#include "mtp/model/moment_basis_generator.hpp"

#include <algorithm>
#include <array>
#include <climits>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "mtp/core/error.hpp"

namespace mtp {

int mlip2_radial_funcs_count(int level) {
  if (level < 2) throw Error("moment basis level must be at least 2, got " + std::to_string(level));
  return std::min(6, (level - 2) / 4 + 1);
}

MomentBasisSpec mlip2_moment_basis_spec(int level) {
  MomentBasisSpec spec;
  spec.level = level;
  spec.radial_funcs_count = mlip2_radial_funcs_count(level);
  spec.max_rank = 10;
  spec.max_factors = 4;
  return spec;
}

namespace {

// The independent components of a symmetric rank-s tensor in 3D: exponents (a, b, c), a + b + c = s, in
// decreasing lexicographic order: xx..x first, zz..z last (MLIP-2's order of basic moments).
int symmetric_count(int s) { return (s + 1) * (s + 2) / 2; }

int symmetric_index(int s, const std::array<int, 3>& e) {
  const int d = s - e[0];
  return d * (d + 1) / 2 + (d - e[1]);
}

std::vector<std::array<int, 3>> symmetric_components(int s) {
  std::vector<std::array<int, 3>> out;
  for (int a = s; a >= 0; --a)
    for (int b = s - a; b >= 0; --b) out.push_back({a, b, s - a - b});
  return out;
}

// Number of ordered index tuples with exponents e: (a+b+c)! / (a! b! c!).
long long multinomial(const std::array<int, 3>& e) {
  long long r = 1;
  int n = 0;
  for (int k = 0; k < 3; ++k)
    for (int i = 1; i <= e[std::size_t(k)]; ++i) {
      ++n;
      r = r * n / i;
    }
  return r;
}

// An intermediate (or basic) tensor: its open indices form one symmetric group per factor that still has
// indices to share; its components are the products of the groups' symmetric components, first group
// slowest, stored at moments first, first + 1, ... A node that is the contraction of a tensor with itself
// (paired) is symmetric under swapping the two halves of its groups, so, as MLIP-2 does, only the components
// (p, q) with p <= q are stored, p indexing the first half and q the second.
struct TensorNode {
  std::vector<int> groups;
  int first = 0;
  bool paired = false;
  // A product node is X (x) Y with shared[i * |Y groups| + j] indices of X's group i summed against Y's
  // group j; owner[g] says which side's group output group g continues (0: X, 1: Y) and which group.
  int x = -1, y = -1;
  std::vector<int> shared;
  std::vector<std::pair<int, std::size_t>> owner;
  std::vector<int> sort_key;  // where MLIP-2 puts it: depth, factor count, mu tuple, graph key
};

int product_count(const std::vector<int>& groups, std::size_t from, std::size_t to) {
  int n = 1;
  for (std::size_t g = from; g < to; ++g) n *= symmetric_count(groups[g]);
  return n;
}

int component_count(const TensorNode& t) {
  if (!t.paired) return product_count(t.groups, 0, t.groups.size());
  const int half = product_count(t.groups, 0, t.groups.size() / 2);
  return half * (half + 1) / 2;
}

// Offset of the component with exponents e[g] in each group; -1 for the (p > q) half a paired node omits.
int component_offset(const TensorNode& t, const std::vector<std::array<int, 3>>& e, bool fold = true) {
  auto row_major = [&](std::size_t from, std::size_t to) {
    int i = 0;
    for (std::size_t g = from; g < to; ++g) i = i * symmetric_count(t.groups[g]) + symmetric_index(t.groups[g], e[g]);
    return i;
  };
  if (!t.paired) return row_major(0, t.groups.size());
  const std::size_t h = t.groups.size() / 2;
  int p = row_major(0, h), q = row_major(h, t.groups.size());
  if (p > q) {
    if (!fold) return -1;
    std::swap(p, q);
  }
  const int n = product_count(t.groups, 0, h);
  return p * n - p * (p - 1) / 2 + (q - p);
}

// A built subtree of one basis function: the node and, for each of its groups, the graph vertex it belongs to.
struct Built {
  int node = 0;
  std::vector<int> group_vertex;
};

int open_indices(const ContractionGraph& g, unsigned set, int v) {
  int open = 0;
  for (int w = 0; w < g.vertex_count(); ++w)
    if (!(set & (1u << w))) open += g.edge(v, w);
  return open;
}

// The ordering key of the sub-product on the vertices in `set`, open indices counted in the ranks: the key
// of enumerate_contraction_graphs, minimised over relabellings of vertices of equal mu.
std::vector<int> subgraph_key(const ContractionGraph& g, unsigned set) {
  std::vector<int> vertices;
  for (int v = 0; v < g.vertex_count(); ++v)
    if (set & (1u << v)) vertices.push_back(v);
  std::vector<int> key = {int(vertices.size())};
  for (int v : vertices) key.push_back(g.mu[std::size_t(v)]);
  std::vector<int> best, p = vertices;
  do {
    bool keeps = true;
    for (std::size_t i = 0; i < p.size(); ++i) keeps = keeps && g.mu[std::size_t(p[i])] == g.mu[std::size_t(vertices[i])];
    if (!keeps) continue;
    std::vector<int> k;
    for (std::size_t i = 0; i < p.size(); ++i) {
      k.push_back(g.rank(p[i]));
      for (std::size_t j = i + 1; j < p.size(); ++j) k.push_back(g.edge(p[i], p[j]));
    }
    if (best.empty() || k < best) best = k;
  } while (std::next_permutation(p.begin(), p.end()));
  key.insert(key.end(), best.begin(), best.end());
  return key;
}

class TableBuilder {
 public:
  explicit TableBuilder(const std::vector<ContractionGraph>& graphs, int radial_funcs_count) {
    std::set<std::pair<int, int>> used;  // (mu, nu): ordered as MLIP-2 orders basic moments
    for (const ContractionGraph& g : graphs)
      for (int v = 0; v < g.vertex_count(); ++v) used.insert({g.mu[std::size_t(v)], g.rank(v)});
    int max_mu = -1;
    for (const auto& [mu, nu] : used) {
      max_mu = std::max(max_mu, mu);
      leaf_[{mu, nu}] = int(nodes_.size());
      TensorNode leaf;
      if (nu > 0) leaf.groups = {nu};
      leaf.first = int(tables_.basic.size());
      nodes_.push_back(leaf);
      depth_.push_back(0);
      for (const auto& e : symmetric_components(nu)) tables_.basic.push_back({mu, e[0], e[1], e[2]});
    }
    if (max_mu != radial_funcs_count - 1)
      throw Error("radial_funcs_count = " + std::to_string(radial_funcs_count) + " but this level uses mu <= " +
                  std::to_string(max_mu) + " only (the .mtp format needs max mu = radial_funcs_count - 1); use " +
                  std::to_string(max_mu + 1) + " or a higher level");
    const std::size_t leaves = nodes_.size();
    std::vector<int> scalar_nodes;
    for (const ContractionGraph& g : graphs) scalar_nodes.push_back(build(g, (1u << g.vertex_count()) - 1u).node);

    // MLIP-2 stores the products by depth in the tree, then by the key of what they compute.
    std::vector<int> order;
    for (std::size_t n = leaves; n < nodes_.size(); ++n) order.push_back(int(n));
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      return std::tie(depth_[std::size_t(a)], nodes_[std::size_t(a)].sort_key) <
             std::tie(depth_[std::size_t(b)], nodes_[std::size_t(b)].sort_key);
    });
    int next = int(tables_.basic.size());
    for (int n : order) {
      nodes_[std::size_t(n)].first = next;
      next += component_count(nodes_[std::size_t(n)]);
    }
    for (int n : order) emit(nodes_[std::size_t(n)]);
    for (int n : scalar_nodes) tables_.scalar_moments.push_back(nodes_[std::size_t(n)].first);
    tables_.moments_count = next;
  }

  MomentTables take() { return std::move(tables_); }

 private:
  // Number of open indices of the product of the factors in `set`.
  static int open_rank(const ContractionGraph& g, unsigned set) {
    int n = 0;
    for (int v = 0; v < g.vertex_count(); ++v)
      if (set & (1u << v)) n += open_indices(g, set, v);
    return n;
  }

  Built build(const ContractionGraph& g, unsigned set) {
    if ((set & (set - 1u)) == 0) {
      int v = 0;
      while (!(set & (1u << v))) ++v;
      const int nu = g.rank(v);
      return {leaf_.at({g.mu[std::size_t(v)], nu}), nu > 0 ? std::vector<int>{v} : std::vector<int>{}};
    }
    // MLIP-2's tree: peel off the factor sharing the fewest indices with the rest of the product (the first
    // such factor on ties); a product of four is instead split into two pairs when the pairs share fewer
    // indices than that (e.g. two scalars multiplied).
    std::vector<int> members;
    for (int v = 0; v < g.vertex_count(); ++v)
      if (set & (1u << v)) members.push_back(v);
    unsigned best = 0, best_rest = 0;
    int best_rank = INT_MAX;
    for (int v : members) {
      const int inner = g.rank(v) - open_indices(g, set, v);
      if (inner < best_rank) {
        best_rank = inner;
        best = 1u << v;
        best_rest = set & ~(1u << v);
      }
    }
    if (members.size() == 4) {
      for (int partner = 1; partner < 4; ++partner) {
        const unsigned a = (1u << members[0]) | (1u << members[std::size_t(partner)]);
        const int r = std::max(open_rank(g, a), open_rank(g, set & ~a));
        if (r < best_rank) {
          best_rank = r;
          best = a;
          best_rest = set & ~a;
        }
      }
    }
    const Built x = build(g, best);
    const Built y = build(g, best_rest);
    std::vector<int> shared(x.group_vertex.size() * y.group_vertex.size());
    for (std::size_t i = 0; i < x.group_vertex.size(); ++i)
      for (std::size_t j = 0; j < y.group_vertex.size(); ++j)
        shared[i * y.group_vertex.size() + j] = g.edge(x.group_vertex[i], y.group_vertex[j]);
    Built out;
    out.node = contract(x.node, y.node, shared, g, set);
    for (const auto& [side, group] : nodes_[std::size_t(out.node)].owner)
      out.group_vertex.push_back(side == 0 ? x.group_vertex[group] : y.group_vertex[group]);
    return out;
  }

  // The node X (x) Y with shared[i][j] indices of X's group i summed against Y's group j (made once).
  int contract(int x, int y, const std::vector<int>& shared, const ContractionGraph& g, unsigned set) {
    auto key = std::make_tuple(x, y, shared);
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    TensorNode out;
    out.x = x;
    out.y = y;
    out.shared = shared;
    const std::vector<int>& xg = nodes_[std::size_t(x)].groups;
    const std::vector<int>& yg = nodes_[std::size_t(y)].groups;
    const std::size_t nx = xg.size(), ny = yg.size();
    for (std::size_t i = 0; i < nx; ++i) {
      int rest = xg[i];
      for (std::size_t j = 0; j < ny; ++j) rest -= shared[i * ny + j];
      if (rest > 0) {
        out.groups.push_back(rest);
        out.owner.push_back({0, i});
      }
    }
    for (std::size_t j = 0; j < ny; ++j) {
      int rest = yg[j];
      for (std::size_t i = 0; i < nx; ++i) rest -= shared[i * ny + j];
      if (rest > 0) {
        out.groups.push_back(rest);
        out.owner.push_back({1, j});
      }
    }
    bool symmetric = x == y;
    for (std::size_t i = 0; symmetric && i < nx; ++i)
      for (std::size_t j = 0; j < ny; ++j) symmetric = symmetric && shared[i * ny + j] == shared[j * ny + i];
    out.paired = symmetric && !out.groups.empty();
    out.sort_key = subgraph_key(g, set);
    const int id = int(nodes_.size());
    nodes_.push_back(std::move(out));
    depth_.push_back(1 + std::max(depth_[std::size_t(x)], depth_[std::size_t(y)]));
    memo_.emplace(std::move(key), id);
    return id;
  }

  // Appends the products {i, j, mult, k} of a node, component by component (last group fastest); within a
  // component the shared indices run over their symmetric components with multinomial multiplicities.
  void emit(const TensorNode& out) {
    const TensorNode& xn = nodes_[std::size_t(out.x)];
    const TensorNode& yn = nodes_[std::size_t(out.y)];
    const std::size_t nx = xn.groups.size(), ny = yn.groups.size();
    std::vector<std::pair<std::size_t, std::size_t>> pairs;  // (i, j) with shared indices
    for (std::size_t i = 0; i < nx; ++i)
      for (std::size_t j = 0; j < ny; ++j)
        if (out.shared[i * ny + j] > 0) pairs.push_back({i, j});
    std::vector<std::vector<std::array<int, 3>>> out_comp, pair_comp;
    for (int s : out.groups) out_comp.push_back(symmetric_components(s));
    for (const auto& [i, j] : pairs) pair_comp.push_back(symmetric_components(out.shared[i * ny + j]));

    std::vector<std::size_t> oc(out.groups.size(), 0);
    std::vector<std::array<int, 3>> oe(out.groups.size());
    while (true) {
      for (std::size_t g = 0; g < out.groups.size(); ++g) oe[g] = out_comp[g][oc[g]];
      const int offset = component_offset(out, oe, false);
      if (offset >= 0) {
        const int k = out.first + offset;
        std::vector<std::array<int, 4>> entries;  // i, j, mult, k in the order found
        std::vector<std::size_t> pc(pairs.size(), 0);
        while (true) {
          std::vector<std::array<int, 3>> xe(nx, {0, 0, 0}), ye(ny, {0, 0, 0});
          for (std::size_t g = 0; g < out.groups.size(); ++g) {
            auto& target = out.owner[g].first == 0 ? xe[out.owner[g].second] : ye[out.owner[g].second];
            for (int d = 0; d < 3; ++d) target[std::size_t(d)] += oe[g][std::size_t(d)];
          }
          long long mult = 1;
          for (std::size_t p = 0; p < pairs.size(); ++p) {
            const auto& e = pair_comp[p][pc[p]];
            for (int d = 0; d < 3; ++d) {
              xe[pairs[p].first][std::size_t(d)] += e[std::size_t(d)];
              ye[pairs[p].second][std::size_t(d)] += e[std::size_t(d)];
            }
            mult *= multinomial(e);
          }
          int a = xn.first + component_offset(xn, xe), b = yn.first + component_offset(yn, ye);
          if (a > b) std::swap(a, b);
          auto same = std::find_if(entries.begin(), entries.end(), [&](const auto& t) { return t[0] == a && t[1] == b; });
          const long long total = (same == entries.end() ? 0 : (*same)[2]) + mult;
          if (total > INT_MAX) throw Error("moment basis: a product multiplicity exceeds the int range of .mtp files");
          if (same == entries.end())
            entries.push_back({a, b, int(total), k});
          else
            (*same)[2] = int(total);
          std::size_t p = 0;
          while (p < pairs.size() && ++pc[p] == pair_comp[p].size()) pc[p++] = 0;
          if (p == pairs.size()) break;
        }
        std::sort(entries.begin(), entries.end());  // by the factors' moment indices, as MLIP-2 lists them
        tables_.times.insert(tables_.times.end(), entries.begin(), entries.end());
      }
      std::size_t g = out.groups.size();
      while (g > 0 && ++oc[g - 1] == out_comp[g - 1].size()) oc[--g] = 0;
      if (g == 0) break;
    }
  }

  MomentTables tables_;
  std::vector<TensorNode> nodes_;
  std::vector<int> depth_;
  std::map<std::pair<int, int>, int> leaf_;
  std::map<std::tuple<int, int, std::vector<int>>, int> memo_;
};

}  // namespace

MomentBasis generate_moment_basis(const MomentBasisSpec& spec) {
  if (spec.level < 2) throw Error("moment basis level must be at least 2, got " + std::to_string(spec.level));
  if (spec.radial_funcs_count < 1)
    throw Error("radial_funcs_count must be at least 1, got " + std::to_string(spec.radial_funcs_count));
  if (spec.max_factors < 1 || spec.max_factors > 8)
    throw Error("max_factors must be within 1..8, got " + std::to_string(spec.max_factors));
  if (spec.max_rank < 0) throw Error("max_rank must be >= 0, got " + std::to_string(spec.max_rank));
  ContractionGraphLimits limits;
  limits.level = spec.level;
  limits.radial_funcs_count = spec.radial_funcs_count;
  limits.max_rank = spec.max_rank;
  limits.max_factors = spec.max_factors;
  TableBuilder builder(enumerate_contraction_graphs(limits), spec.radial_funcs_count);
  return {builder.take(), spec.radial_funcs_count};
}

}  // namespace mtp
