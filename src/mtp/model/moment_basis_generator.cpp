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
// slowest, stored at moments first, first + 1, ...
struct TensorNode {
  std::vector<int> groups;
  int first = 0;
};

// A built subtree of one basis function: the node and, for each of its groups, the graph vertex it belongs to.
struct Built {
  int node = 0;
  std::vector<int> group_vertex;
};

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
      nodes_.push_back({nu > 0 ? std::vector<int>{nu} : std::vector<int>{}, int(tables_.basic.size())});
      for (const auto& e : symmetric_components(nu)) tables_.basic.push_back({mu, e[0], e[1], e[2]});
    }
    if (max_mu != radial_funcs_count - 1)
      throw Error("radial_funcs_count = " + std::to_string(radial_funcs_count) + " but this level uses mu <= " +
                  std::to_string(max_mu) + " only (the .mtp format needs max mu = radial_funcs_count - 1); use " +
                  std::to_string(max_mu + 1) + " or a higher level");
    next_moment_ = int(tables_.basic.size());
    for (const ContractionGraph& g : graphs) {
      const Built b = build(g, (1u << g.vertex_count()) - 1u);
      tables_.scalar_moments.push_back(nodes_[std::size_t(b.node)].first);
    }
    tables_.moments_count = next_moment_;
  }

  MomentTables take() { return std::move(tables_); }

 private:
  static int open_indices(const ContractionGraph& g, unsigned set, int v) {
    int open = 0;
    for (int w = 0; w < g.vertex_count(); ++w)
      if (!(set & (1u << w))) open += g.edge(v, w);
    return open;
  }

  // Components a subtree must store: none for a basic tensor (already there).
  static long long storage(const ContractionGraph& g, unsigned set) {
    if ((set & (set - 1u)) == 0) return 0;
    long long n = 1;
    for (int v = 0; v < g.vertex_count(); ++v)
      if (set & (1u << v)) n *= symmetric_count(open_indices(g, set, v));
    return n;
  }

  Built build(const ContractionGraph& g, unsigned set) {
    if ((set & (set - 1u)) == 0) {
      int v = 0;
      while (!(set & (1u << v))) ++v;
      const int nu = g.rank(v);
      return {leaf_.at({g.mu[std::size_t(v)], nu}), nu > 0 ? std::vector<int>{v} : std::vector<int>{}};
    }
    // Split into two parts so that the intermediates to store are smallest; on ties the first split found
    // (by bit mask, the part holding the lowest vertex) wins, which peels single factors off first.
    const unsigned lowest = set & (~set + 1u);
    unsigned best = 0;
    long long best_cost = LLONG_MAX;
    for (unsigned a = lowest; a < set; ++a) {
      if ((a & set) != a || !(a & lowest)) continue;
      const long long cost = storage(g, a) + storage(g, set & ~a);
      if (cost < best_cost) {
        best_cost = cost;
        best = a;
      }
    }
    const Built x = build(g, best);
    const Built y = build(g, set & ~best);
    std::vector<int> shared(x.group_vertex.size() * y.group_vertex.size());
    for (std::size_t i = 0; i < x.group_vertex.size(); ++i)
      for (std::size_t j = 0; j < y.group_vertex.size(); ++j)
        shared[i * y.group_vertex.size() + j] = g.edge(x.group_vertex[i], y.group_vertex[j]);
    Built out;
    out.node = contract(x.node, y.node, shared);
    const TensorNode& xn = nodes_[std::size_t(x.node)];
    const TensorNode& yn = nodes_[std::size_t(y.node)];
    for (std::size_t i = 0; i < x.group_vertex.size(); ++i) {
      int rest = xn.groups[i];
      for (std::size_t j = 0; j < y.group_vertex.size(); ++j) rest -= shared[i * y.group_vertex.size() + j];
      if (rest > 0) out.group_vertex.push_back(x.group_vertex[i]);
    }
    for (std::size_t j = 0; j < y.group_vertex.size(); ++j) {
      int rest = yn.groups[j];
      for (std::size_t i = 0; i < x.group_vertex.size(); ++i) rest -= shared[i * y.group_vertex.size() + j];
      if (rest > 0) out.group_vertex.push_back(y.group_vertex[j]);
    }
    return out;
  }

  // The node X (x) Y with shared[i][j] indices of X's group i summed against Y's group j.
  int contract(int x, int y, const std::vector<int>& shared) {
    auto key = std::make_tuple(x, y, shared);
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    const std::vector<int> xg = nodes_[std::size_t(x)].groups;
    const std::vector<int> yg = nodes_[std::size_t(y)].groups;
    const int xfirst = nodes_[std::size_t(x)].first;
    const int yfirst = nodes_[std::size_t(y)].first;
    const std::size_t nx = xg.size(), ny = yg.size();

    // Output groups: what is left open of X's groups, then of Y's. owner = (side, group).
    std::vector<int> out_groups;
    std::vector<std::pair<int, std::size_t>> owner;
    std::vector<int> x_rest(nx), y_rest(ny);
    for (std::size_t i = 0; i < nx; ++i) {
      x_rest[i] = xg[i];
      for (std::size_t j = 0; j < ny; ++j) x_rest[i] -= shared[i * ny + j];
    }
    for (std::size_t j = 0; j < ny; ++j) {
      y_rest[j] = yg[j];
      for (std::size_t i = 0; i < nx; ++i) y_rest[j] -= shared[i * ny + j];
    }
    for (std::size_t i = 0; i < nx; ++i)
      if (x_rest[i] > 0) {
        out_groups.push_back(x_rest[i]);
        owner.push_back({0, i});
      }
    for (std::size_t j = 0; j < ny; ++j)
      if (y_rest[j] > 0) {
        out_groups.push_back(y_rest[j]);
        owner.push_back({1, j});
      }
    std::vector<std::pair<std::size_t, std::size_t>> pairs;  // (i, j) with shared indices
    for (std::size_t i = 0; i < nx; ++i)
      for (std::size_t j = 0; j < ny; ++j)
        if (shared[i * ny + j] > 0) pairs.push_back({i, j});

    const int first = next_moment_;
    int count = 1;
    for (int s : out_groups) count *= symmetric_count(s);
    next_moment_ += count;

    std::vector<std::vector<std::array<int, 3>>> out_comp, pair_comp;
    for (int s : out_groups) out_comp.push_back(symmetric_components(s));
    for (const auto& [i, j] : pairs) pair_comp.push_back(symmetric_components(shared[i * ny + j]));

    std::vector<std::size_t> oc(out_groups.size(), 0);  // odometer over output components
    for (int k = first; k < first + count; ++k) {
      std::vector<std::array<int, 4>> entries;  // i, j, mult, k in the order found
      std::vector<std::size_t> pc(pairs.size(), 0);
      while (true) {
        std::vector<std::array<int, 3>> xe(nx, {0, 0, 0}), ye(ny, {0, 0, 0});
        for (std::size_t g = 0; g < out_groups.size(); ++g) {
          auto& target = owner[g].first == 0 ? xe[owner[g].second] : ye[owner[g].second];
          for (int d = 0; d < 3; ++d) target[std::size_t(d)] += out_comp[g][oc[g]][std::size_t(d)];
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
        int xi = 0, yi = 0;
        for (std::size_t i = 0; i < nx; ++i) xi = xi * symmetric_count(xg[i]) + symmetric_index(xg[i], xe[i]);
        for (std::size_t j = 0; j < ny; ++j) yi = yi * symmetric_count(yg[j]) + symmetric_index(yg[j], ye[j]);
        int a = xfirst + xi, b = yfirst + yi;
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
      tables_.times.insert(tables_.times.end(), entries.begin(), entries.end());
      // Next output component, last group fastest.
      for (std::size_t g = out_groups.size(); g-- > 0;) {
        if (++oc[g] < out_comp[g].size()) break;
        oc[g] = 0;
      }
    }
    const int id = int(nodes_.size());
    nodes_.push_back({out_groups, first});
    memo_.emplace(std::move(key), id);
    return id;
  }

  MomentTables tables_;
  std::vector<TensorNode> nodes_;
  std::map<std::pair<int, int>, int> leaf_;
  std::map<std::tuple<int, int, std::vector<int>>, int> memo_;
  int next_moment_ = 0;
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
