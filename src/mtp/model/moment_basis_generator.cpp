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
#include "mtp/core/limits.hpp"

namespace mtp {

namespace {
// The number of contractions, and the time and memory to enumerate them, grow steeply with the level.
void check_level(int level) {
  if (level < 2 || level > limits::kMaxLevel)
    throw Error("moment basis level must be between 2 and " + std::to_string(limits::kMaxLevel) + ", got " +
                std::to_string(level));
}
}  // namespace

int mlip2_radial_funcs_count(int level) {
  check_level(level);
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
// slowest, stored at moments first, first + 1, ... Where the tensor is symmetric under swapping two
// consecutive blocks of groups (a tensor contracted with itself, and what is built from it alike), the two
// blocks are stored, as MLIP-2 does, as one slot of the unordered pairs (p, q), p <= q, p indexing the first
// block and q the second.
struct TensorNode {
  std::vector<int> groups;
  int first = 0;
  int pair_begin = -1;  // first group of the paired blocks, -1 when none
  int pair_half = 0;    // groups per block
  // A product node is X (x) Y with shared[i * |Y groups| + j] indices of X's group i summed against Y's
  // group j; owner[g] says which side's group output group g continues (0: X, 1: Y) and which group.
  int x = -1, y = -1;
  std::vector<int> shared;
  std::vector<std::pair<int, std::size_t>> owner;
  std::vector<int> sort_key;  // where MLIP-2 puts it: factor count, mu tuple, graph key
};

int product_count(const std::vector<int>& groups, std::size_t from, std::size_t to) {
  int n = 1;
  for (std::size_t g = from; g < to; ++g) n *= symmetric_count(groups[g]);
  return n;
}

int component_count(const TensorNode& t) {
  if (t.pair_begin < 0) return product_count(t.groups, 0, t.groups.size());
  const std::size_t b = std::size_t(t.pair_begin), h = std::size_t(t.pair_half);
  const int half = product_count(t.groups, b, b + h);
  return product_count(t.groups, 0, b) * (half * (half + 1) / 2) * product_count(t.groups, b + 2 * h, t.groups.size());
}

// Offset of the component with exponents e[g] in each group; -1 for the (p > q) half a paired node omits
// unless `fold` maps it onto (q, p).
int component_offset(const TensorNode& t, const std::vector<std::array<int, 3>>& e, bool fold = true) {
  auto row_major = [&](int start, std::size_t from, std::size_t to) {
    int i = start;
    for (std::size_t g = from; g < to; ++g) i = i * symmetric_count(t.groups[g]) + symmetric_index(t.groups[g], e[g]);
    return i;
  };
  if (t.pair_begin < 0) return row_major(0, 0, t.groups.size());
  const std::size_t b = std::size_t(t.pair_begin), h = std::size_t(t.pair_half);
  int p = row_major(0, b, b + h), q = row_major(0, b + h, b + 2 * h);
  if (p > q) {
    if (!fold) return -1;
    std::swap(p, q);
  }
  const int n = product_count(t.groups, b, b + h);
  const int pair = p * n - p * (p - 1) / 2 + (q - p);
  const int prefix = row_major(0, 0, b);
  return row_major(prefix * (n * (n + 1) / 2) + pair, b + 2 * h, t.groups.size());
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
    if (members.size() == 2) {
      // two tensors: the one of smaller (mu, nu) first, so each pair is made once
      const int u = members[0], w = members[1];
      const bool swap = std::make_pair(g.mu[std::size_t(w)], g.rank(w)) < std::make_pair(g.mu[std::size_t(u)], g.rank(u));
      best = 1u << (swap ? w : u);
      best_rest = 1u << (swap ? u : w);
    }
    Built x = build(g, best);
    Built y = build(g, best_rest);
    auto sharing = [&] {
      std::vector<int> shared(x.group_vertex.size() * y.group_vertex.size());
      for (std::size_t i = 0; i < x.group_vertex.size(); ++i)
        for (std::size_t j = 0; j < y.group_vertex.size(); ++j)
          shared[i * y.group_vertex.size() + j] = g.edge(x.group_vertex[i], y.group_vertex[j]);
      return shared;
    };
    std::vector<int> shared = sharing();
    // A paired factor is the same tensor with its blocks swapped: use the orientation MLIP-2 uses, so a
    // product is made once whichever way round it comes.
    for (Built* side : {&y, &x}) {
      const TensorNode& t = nodes_[std::size_t(side->node)];
      if (t.pair_begin < 0) continue;
      const Built kept = *side;
      for (int k = 0; k < t.pair_half; ++k)
        std::swap(side->group_vertex[std::size_t(t.pair_begin + k)], side->group_vertex[std::size_t(t.pair_begin + t.pair_half + k)]);
      std::vector<int> mirrored = sharing();
      if (mirrored < shared)
        shared = std::move(mirrored);
      else
        *side = kept;
    }
    Built out;
    out.node = contract(x, y, shared, g, set);
    for (const auto& [side, group] : nodes_[std::size_t(out.node)].owner)
      out.group_vertex.push_back(side == 0 ? x.group_vertex[group] : y.group_vertex[group]);
    return out;
  }

  // The node X (x) Y with shared[i][j] indices of X's group i summed against Y's group j (made once). Its
  // groups are ordered by the (mu, nu) of the tensor they belong to, X's first on ties, as MLIP-2 orders them.
  int contract(const Built& bx, const Built& by, const std::vector<int>& shared, const ContractionGraph& g, unsigned set) {
    const int x = bx.node, y = by.node;
    const std::vector<int>& xg = nodes_[std::size_t(x)].groups;
    const std::vector<int>& yg = nodes_[std::size_t(y)].groups;
    const std::size_t nx = xg.size(), ny = yg.size();
    struct Open {
      int vertex, side;
      std::size_t group;
      int rest;
    };
    std::vector<Open> open;
    for (std::size_t i = 0; i < nx; ++i) {
      int rest = xg[i];
      for (std::size_t j = 0; j < ny; ++j) rest -= shared[i * ny + j];
      if (rest > 0) open.push_back({bx.group_vertex[i], 0, i, rest});
    }
    for (std::size_t j = 0; j < ny; ++j) {
      int rest = yg[j];
      for (std::size_t i = 0; i < nx; ++i) rest -= shared[i * ny + j];
      if (rest > 0) open.push_back({by.group_vertex[j], 1, j, rest});
    }
    auto tensor = [&](int v) { return std::make_pair(g.mu[std::size_t(v)], g.rank(v)); };
    std::stable_sort(open.begin(), open.end(), [&](const Open& a, const Open& b) { return tensor(a.vertex) < tensor(b.vertex); });
    TensorNode out;
    out.x = x;
    out.y = y;
    out.shared = shared;
    for (const Open& o : open) {
      out.groups.push_back(o.rest);
      out.owner.push_back({o.side, o.group});
    }
    auto key = std::make_tuple(x, y, shared, out.owner);
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    find_pairing(out);
    out.sort_key = subgraph_key(g, set);
    const int id = int(nodes_.size());
    nodes_.push_back(std::move(out));
    depth_.push_back(1 + std::max(depth_[std::size_t(x)], depth_[std::size_t(y)]));
    memo_.emplace(std::move(key), id);
    return id;
  }

  // Finds the blocks of output groups the product is symmetric under swapping: a tensor contracted with
  // itself symmetrically, or a paired factor whose blocks the other factor's groups treat alike. The two
  // blocks must lie next to each other in the output order.
  void find_pairing(TensorNode& out) const {
    const TensorNode& xn = nodes_[std::size_t(out.x)];
    const TensorNode& yn = nodes_[std::size_t(out.y)];
    const std::size_t nx = xn.groups.size(), ny = yn.groups.size();
    const auto& shared = out.shared;
    if (out.groups.empty()) return;
    auto position = [&](int side, std::size_t group) {
      for (std::size_t g = 0; g < out.owner.size(); ++g)
        if (out.owner[g].first == side && out.owner[g].second == group) return int(g);
      return -1;
    };
    // a[t] and b[t] are the positions of corresponding groups of the two blocks
    auto adopt = [&](const std::vector<int>& a, const std::vector<int>& b) {
      if (a.empty() || a.size() != b.size()) return false;
      for (std::size_t t = 1; t < a.size(); ++t)
        if (a[t] != a[0] + int(t) || b[t] != b[0] + int(t)) return false;
      const int h = int(a.size());
      if (b[0] != a[0] + h && a[0] != b[0] + h) return false;
      out.pair_begin = std::min(a[0], b[0]);
      out.pair_half = h;
      return true;
    };
    if (out.x == out.y) {
      for (std::size_t i = 0; i < nx; ++i)
        for (std::size_t j = 0; j < ny; ++j)
          if (shared[i * ny + j] != shared[j * ny + i]) return;
      std::vector<int> a, b;
      for (std::size_t i = 0; i < nx; ++i)
        if (position(0, i) >= 0) {
          a.push_back(position(0, i));
          b.push_back(position(1, i));
        }
      adopt(a, b);
      return;
    }
    for (int side = 1; side >= 0; --side) {
      const TensorNode& paired = side == 1 ? yn : xn;
      if (paired.pair_begin < 0) continue;
      const std::size_t b = std::size_t(paired.pair_begin), h = std::size_t(paired.pair_half);
      auto mirror = [&](std::size_t j) { return j < b || j >= b + 2 * h ? j : (j < b + h ? j + h : j - h); };
      bool mirrored = true;
      for (std::size_t i = 0; i < (side == 1 ? nx : ny); ++i)
        for (std::size_t j = 0; j < paired.groups.size(); ++j) {
          const std::size_t m = mirror(j);
          mirrored = mirrored && (side == 1 ? shared[i * ny + j] == shared[i * ny + m] : shared[j * ny + i] == shared[m * ny + i]);
        }
      if (!mirrored) continue;
      std::vector<int> first, second;
      for (std::size_t t = 0; t < h; ++t)
        if (position(side, b + t) >= 0) {
          first.push_back(position(side, b + t));
          second.push_back(position(side, b + h + t));
        }
      if (adopt(first, second)) return;
    }
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
  std::map<std::tuple<int, int, std::vector<int>, std::vector<std::pair<int, std::size_t>>>, int> memo_;
};

}  // namespace

MomentBasis generate_moment_basis(const MomentBasisSpec& spec) {
  check_level(spec.level);
  if (spec.radial_funcs_count < 1)
    throw Error("radial_funcs_count must be at least 1, got " + std::to_string(spec.radial_funcs_count));
  // A moment of radial function mu has level at least 2 + 4 mu: more functions than the level can use are
  // refused before the enumeration (which would otherwise search them all).
  const int usable = (spec.level - 2) / 4 + 1;
  if (spec.radial_funcs_count > usable)
    throw Error("radial_funcs_count = " + std::to_string(spec.radial_funcs_count) + " but level " +
                std::to_string(spec.level) + " can use at most " + std::to_string(usable) +
                " radial functions (mu <= (level - 2) / 4)");
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
