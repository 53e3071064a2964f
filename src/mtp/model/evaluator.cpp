#include "mtp/model/evaluator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <string>
#include <type_traits>

#include "mtp/core/error.hpp"
#include "mtp/core/parallel_for.hpp"
#include "mtp/model/batch_evaluation.hpp"
#include "mtp/model/magnetic_moments.hpp"
#include "mtp/model/pair_radial_basis.hpp"

namespace mtp {

// Everything about a potential that does not change between neighbourhoods, laid out for the kernel.
struct Evaluator::Tables {
  explicit Tables(const Potential& p) : basis(p) {}

  PairRadialBasis basis;
  int C = 1, K = 1, R = 8;
  int moments = 0;  // alpha_moments_count
  int basic = 0;    // basic moments are moments 0..basic-1
  // Monomials u_x^a u_y^b u_z^c of the unit vector for every a+b+c <= max degree, ordered by degree;
  // monomial t > 0 is monomial parent[t] times u[axis[t]].
  int monomials = 1;
  std::vector<int> parent, axis;
  // Per basic moment n: radial function, monomial, its degree, and the monomials of its partial
  // derivatives d/du_x, d/du_y, d/du_z (index and integer factor; factor 0 = derivative is zero).
  std::vector<int> mu, mono, slot;
  // The distinct monomials of the basic moments ("slots"): the gradient is assembled per monomial, after
  // the adjoints of all basic moments sharing it are combined.
  std::vector<int> slot_mono, slot_degree;
  std::vector<std::array<int, 3>> slot_dmono, slot_dfactor;
  // The basic moments grouped by radial function (CSR: mu_begin, then basic moment and its monomial) and by
  // slot (slot_begin, then basic moment and its radial function), in ascending order within a group, so the
  // reverse pass sums each neighbour's dV/df_mu and per-slot factor in registers, in the order of the file.
  std::vector<int> mu_begin, mu_member, mu_member_mono;
  std::vector<int> slot_begin, slot_member, slot_member_mu;
  // The slots of degree > 0 as the reverse pass reads them, one record each: members slot_begin..end, and
  // the monomials and factors of the three partial derivatives dP/du_k (factor 0: the derivative is zero).
  struct GradientSlot {
    int begin, end;
    std::array<int, 3> dmono;
    std::array<double, 3> dfactor;
  };
  std::vector<GradientSlot> gradient_slots;
  // Products M[k] += mult * M[i] * M[j], in file order, grouped in runs of consecutive entries with the
  // same target k so a run accumulates in a register (same operation order, no store-to-load chain).
  struct Product {
    int i, j;
    double mult;
  };
  // Entries [begin, end) of `products` (or `uses`) that all belong to one moment: its definition (a run) or
  // its adjoint's sum (a pull).
  struct MomentRange {
    int moment, begin, end;
  };
  std::vector<Product> products;
  std::vector<MomentRange> runs;
  // The reverse pass of the products as one sum per moment ("pull"): adj[moment] += mult * adj[target] *
  // M[other] over the moment's uses (every product that reads it, once per factor), uses in reverse file order.
  // Moments come in decreasing order of their last definition, so each adj[target] read is final; each sum
  // stays in a register and is stored once (pushing into adj[i] and adj[j] per product chained stores and
  // reloads through memory).
  struct Use {
    int target, other;
    double mult;
  };
  std::vector<Use> uses;
  std::vector<MomentRange> pulls;
  std::vector<int> mapping;  // scalar moment alpha -> moment index
  std::vector<double> radial;   // (ci*C + cj)*K*R + mu*R + xi
  std::vector<double> species;  // C
  std::vector<double> linear;   // m moment coefficients
};

namespace {

// Neighbours are processed in chunks of this many (one AVX-512 vector of doubles, two AVX2 ones): arrays over
// neighbours are padded to a multiple of it with neighbours that contribute exactly zero.
constexpr std::size_t kChunk = 8;
constexpr std::size_t padded(std::size_t n) { return (n + kChunk - 1) / kChunk * kChunk; }

// The kernel's functions are inlined into one entry point per instruction set (bottom of this section).
#define OPENMTP_KERNEL_INLINE inline __attribute__((always_inline))

// The vector helpers below are always inlined into the entry points of their instruction set; GCC's note that a
// 64-byte vector argument or result would change the ABI of a baseline function does not apply to them.
#pragma GCC diagnostic ignored "-Wpsabi"
// Vectors of doubles (GCC/Clang vector extension), one type per width: each instruction set's entry point works
// with its native width N (baseline SSE2 2, AVX2 4, AVX-512 8), over neighbours and over centres, and each lane
// does a single neighbour's (centre's) operations, in the same order for every width, so the paths agree to
// rounding. Sums are written with them so that they stay in registers (arrays of doubles indexed by lane were
// kept on the stack, each += a store and a reload); wider generic vectors than the hardware's are not used, as
// GCC lowers those through memory.
typedef double Vec2 __attribute__((vector_size(2 * sizeof(double))));
typedef double Vec4 __attribute__((vector_size(4 * sizeof(double))));
typedef double Vec8 __attribute__((vector_size(8 * sizeof(double))));
template <std::size_t W>
struct NeighbourVector;
template <>
struct NeighbourVector<2> {
  typedef Vec2 type;
};
template <>
struct NeighbourVector<4> {
  typedef Vec4 type;
};
template <>
struct NeighbourVector<8> {
  typedef Vec8 type;
};
// Loads and stores of them through memcpy (unaligned moves: rows of neighbours are aligned to doubles only).
template <typename V>
OPENMTP_KERNEL_INLINE V load_vector(const double* p) {
  V v;
  std::memcpy(&v, p, sizeof(V));
  return v;
}
template <typename V>
OPENMTP_KERNEL_INLINE void store_vector(double* p, const V& v) {
  std::memcpy(p, &v, sizeof(V));
}
// Scratch space of one thread: structure of arrays over the neighbours of one centre, grown on demand
// (never inside the neighbour loop).
struct Scratch {
  std::size_t capacity = 0;
  std::vector<double> r, inv_r, ux, uy, uz;
  std::vector<double> q, dq;    // R x cap
  std::vector<double> f, df;    // K x cap
  std::vector<double> fmi, fmj; // K x cap, magnetic potentials: df/dm_i, df/dm_j
  std::vector<double> mon;      // monomials x cap
  std::vector<double> h;        // K x cap: sum over basic moments of radial function mu of adj * monomial
  std::vector<double> moments, adjoint;
  std::vector<double> adjoint_by_mu, adjoint_by_slot;  // adjoint[mu_member[e]], adjoint[slot_member[e]]
  // Directional pass only: the change of the unit vector along the direction, du = (t - u (u.t)) / r, by
  // component, u.t per neighbour, the derivative of every monomial along t (monomials x cap), f' u.t per
  // radial function, the tangents of the moments and their adjoints, and dJ/df' per radial function.
  std::vector<double> dux, duy, duz, ut, dmon, dfr, hd;
  std::vector<double> tangent, tangent_adjoint;
  std::vector<double> tangent_adjoint_by_mu;  // tangent_adjoint[mu_member[e]]

  // The sizes the arrays were made for; a thread's scratch is kept between calls (no allocation per call)
  // and remade when a potential of another shape uses it.
  std::array<std::size_t, 6> shape{};
  void reserve(const Evaluator::Tables& t, std::size_t n) {
    const std::array<std::size_t, 6> wanted{std::size_t(t.moments), std::size_t(t.monomials), std::size_t(t.K),
                                            std::size_t(t.R), t.slot_mono.size(), std::size_t(t.basis.magnetic())};
    if (wanted != shape) {
      shape = wanted;
      capacity = 0;
      directional = false;
      moments.assign(std::size_t(t.moments), 0.0);
      adjoint.assign(std::size_t(t.moments), 0.0);
      adjoint_by_mu.assign(std::size_t(t.basic), 0.0);
      adjoint_by_slot.assign(std::size_t(t.basic), 0.0);
    }
    if (n <= capacity) return;
    // Rows no longer than needed: a group's lanes together should stay in the L2 cache.
    capacity = std::max<std::size_t>(padded(n), kChunk);
    const std::size_t c = capacity;
    for (auto* v : {&r, &inv_r, &ux, &uy, &uz}) v->assign(c, 0.0);
    q.assign(std::size_t(t.R) * c, 0.0);
    dq.assign(std::size_t(t.R) * c, 0.0);
    f.assign(std::size_t(t.K) * c, 0.0);
    df.assign(std::size_t(t.K) * c, 0.0);
    if (t.basis.magnetic()) {
      fmi.assign(std::size_t(t.K) * c, 0.0);
      fmj.assign(std::size_t(t.K) * c, 0.0);
    }
    h.assign(std::size_t(t.K) * c, 0.0);
    mon.assign(std::size_t(t.monomials) * c, 0.0);
    directional = false;
  }
  bool directional = false;
  void reserve_directional(const Evaluator::Tables& t) {
    if (directional) return;
    const std::size_t c = capacity;
    for (auto* v : {&dux, &duy, &duz, &ut}) v->assign(c, 0.0);
    dmon.assign(std::size_t(t.monomials) * c, 0.0);
    dfr.assign(std::size_t(t.K) * c, 0.0);
    hd.assign(std::size_t(t.K) * c, 0.0);
    tangent.assign(std::size_t(t.moments), 0.0);
    tangent_adjoint.assign(std::size_t(t.moments), 0.0);
    tangent_adjoint_by_mu.assign(std::size_t(t.basic), 0.0);
    directional = true;
  }
};

// This thread's scratch, kept for the thread's life. (Evaluation never nests on one thread.)

// What a kernel call should produce besides the site energy.
struct SiteRequest {
  bool pair_gradients = false;
  Vec3* gradients = nullptr;   // n entries
  double* parameter_gradient = nullptr;  // parameter_count() entries, accumulated (+=)
  double* basis_values = nullptr;        // m entries, written
  // Magnetic potentials, with pair_gradients: dV/dm of the centre, and per neighbour dV/dm_j (n entries).
  double* centre_moment_derivative = nullptr;
  double* pair_moment_derivatives = nullptr;
};

// Distances, unit vectors, radial basis and functions, and monomials of one centre's neighbours into s;
// returns the neighbour count n. Entries n..padded(n)-1 are filled as neighbours that contribute exactly
// zero (unit distance, zero unit vector and radial functions), so loops may run over whole chunks. N: the
// native vector width (above).
template <std::size_t N>
OPENMTP_KERNEL_INLINE std::size_t load_neighbourhood(const Evaluator::Tables& t, const NeighborList& nl,
                                                     AtomAttributes atoms, std::size_t centre, Scratch& s) {
  const int* types = atoms.types;
  const std::size_t begin = nl.offsets[centre];
  const std::size_t n = nl.offsets[centre + 1] - begin;
  const std::size_t np = padded(n);
  const int ci = types[centre];
  const int C = t.C, K = t.K, R = t.R;
  s.reserve(t, n);
  const std::size_t cap = s.capacity;
  double* __restrict r = s.r.data();
  double* __restrict inv_r = s.inv_r.data();
  double* __restrict ux = s.ux.data();
  double* __restrict uy = s.uy.data();
  double* __restrict uz = s.uz.data();

  // Geometry: a loop of vector operations over the neighbours (the check for coincident atoms comes after,
  // so that nothing in the loop branches).
  const Vec3* __restrict disp = nl.displacements.data() + begin;
  for (std::size_t j = 0; j < n; ++j) {
    const Vec3 d = disp[j];
    const double rr = std::sqrt(d.x * d.x + d.y * d.y + d.z * d.z);
    r[j] = rr;
    inv_r[j] = 1.0 / rr;
    ux[j] = d.x * inv_r[j];
    uy[j] = d.y * inv_r[j];
    uz[j] = d.z * inv_r[j];
  }
  for (std::size_t j = 0; j < n; ++j)
    if (!(r[j] > 0.0))
      throw Error("atom " + std::to_string(centre + 1) + " and its neighbour " +
                  std::to_string(nl.neighbors[begin + j] + 1) + " are at the same position");
  for (std::size_t j = n; j < np; ++j) {
    r[j] = inv_r[j] = 1.0;
    ux[j] = uy[j] = uz[j] = 0.0;
  }
  const bool magnetic = t.basis.magnetic();
  double* __restrict q = s.q.data();
  double* __restrict dq = s.dq.data();
  double* __restrict f = s.f.data();
  double* __restrict df = s.df.data();
  if (!magnetic) {
    // Radial basis and radial functions a chunk of neighbours at a time, one neighbour per vector lane. The
    // coefficients of f_mu depend on the neighbour's species: with one species they are the same for every
    // lane, otherwise each lane reads its own.
    const RadialBasis& basis = t.basis.distance_basis();
    const int* nbr = nl.neighbors.data() + begin;
    const std::size_t block = std::size_t(K) * std::size_t(R);
    for (std::size_t j0 = 0; j0 < np; j0 += N) basis.evaluate_lanes<N, true>(r + j0, cap, q + j0, dq + j0);
    for (int xi = 0; xi < R; ++xi)  // the padding contributes nothing
      for (std::size_t j = n; j < np; ++j) q[std::size_t(xi) * cap + j] = dq[std::size_t(xi) * cap + j] = 0.0;
    typedef typename NeighbourVector<N>::type V;
    for (std::size_t j0 = 0; j0 < np; j0 += N) {
      std::size_t coeff[N];
      for (std::size_t l = 0; l < N; ++l) coeff[l] = std::size_t(ci * C + (j0 + l < n ? types[nbr[j0 + l]] : 0)) * block;
      for (int m = 0; m < K; ++m) {
        V fv = {}, dfv = {};
        for (int xi = 0; xi < R; ++xi) {
          const std::size_t at = std::size_t(m * R + xi);
          V c;
          if (C == 1) {
            c = V{} + t.radial[at];
          } else {
            double cl[N];
            for (std::size_t l = 0; l < N; ++l) cl[l] = t.radial[coeff[l] + at];
            c = load_vector<V>(cl);
          }
          fv += c * load_vector<V>(q + std::size_t(xi) * cap + j0);
          dfv += c * load_vector<V>(dq + std::size_t(xi) * cap + j0);
        }
        store_vector<V>(f + std::size_t(m) * cap + j0, fv);
        store_vector<V>(df + std::size_t(m) * cap + j0, dfv);
      }
    }
  } else {
    double qv[256], dqv[256], qmi[256], qmj[256];
    for (std::size_t j = 0; j < n; ++j) {
      t.basis.evaluate(r[j], atoms.magnetic_moments[centre], atoms.magnetic_moments[nl.neighbors[begin + j]], qv, dqv,
                       qmi, qmj);
      for (int xi = 0; xi < R; ++xi) {
        q[std::size_t(xi) * cap + j] = qv[xi];
        dq[std::size_t(xi) * cap + j] = dqv[xi];
      }
      // Radial functions of this species pair.
      const double* coeff = &t.radial[std::size_t(ci * C + types[nl.neighbors[begin + j]]) * K * R];
      for (int m = 0; m < K; ++m) {
        double fv = 0.0, dfv = 0.0, fi = 0.0, fj = 0.0;
        const double* c = coeff + m * R;
        for (int xi = 0; xi < R; ++xi) {
          fv += c[xi] * qv[xi];
          dfv += c[xi] * dqv[xi];
          fi += c[xi] * qmi[xi];
          fj += c[xi] * qmj[xi];
        }
        f[std::size_t(m) * cap + j] = fv;
        df[std::size_t(m) * cap + j] = dfv;
        s.fmi[std::size_t(m) * cap + j] = fi;
        s.fmj[std::size_t(m) * cap + j] = fj;
      }
    }
    for (std::size_t j = n; j < np; ++j) {
      for (int xi = 0; xi < R; ++xi) q[std::size_t(xi) * cap + j] = dq[std::size_t(xi) * cap + j] = 0.0;
      for (int m = 0; m < K; ++m)
        f[std::size_t(m) * cap + j] = df[std::size_t(m) * cap + j] = s.fmi[std::size_t(m) * cap + j] =
            s.fmj[std::size_t(m) * cap + j] = 0.0;
    }
  }

  // Monomials of the unit vectors, each from a lower one by one product.
  double* __restrict mon = s.mon.data();
  for (std::size_t j = 0; j < np; ++j) mon[j] = 1.0;
  for (int m = 1; m < t.monomials; ++m) {
    const double* __restrict from = mon + std::size_t(t.parent[m]) * cap;
    const double* __restrict u = t.axis[m] == 0 ? ux : (t.axis[m] == 1 ? uy : uz);
    double* __restrict to = mon + std::size_t(m) * cap;
    for (std::size_t j = 0; j < np; ++j) to[j] = from[j] * u[j];
  }
  return n;
}

// A slot's terms of the pair gradient for W neighbours from j0: c = sum of its members' adj_b f_mu_b, then
// g_k += (dP/du_k) c (site_neighbour_gradients).
template <std::size_t W, typename V = typename NeighbourVector<W>::type>
OPENMTP_KERNEL_INLINE void slot_terms(const Evaluator::Tables::GradientSlot& slot, const double* __restrict adj_slot,
                                      const int* __restrict slot_mu, const double* __restrict f,
                                      const double* __restrict mon, std::size_t cap, std::size_t j0, V& gx, V& gy,
                                      V& gz) {
#define OPENMTP_AT(p) load_vector<V>((p) + j0)
  V cv = {};
  for (int e = slot.begin; e < slot.end; ++e) cv += adj_slot[e] * OPENMTP_AT(f + std::size_t(slot_mu[e]) * cap);
  if (slot.dfactor[0] != 0.0) gx += slot.dfactor[0] * cv * OPENMTP_AT(mon + std::size_t(slot.dmono[0]) * cap);
  if (slot.dfactor[1] != 0.0) gy += slot.dfactor[1] * cv * OPENMTP_AT(mon + std::size_t(slot.dmono[1]) * cap);
  if (slot.dfactor[2] != 0.0) gz += slot.dfactor[2] * cv * OPENMTP_AT(mon + std::size_t(slot.dmono[2]) * cap);
#undef OPENMTP_AT
}

// One block of the reverse pass over the neighbours (W = the native width, starting at neighbour j0) of the
// centre prepared in s: see site_neighbour_gradients.
template <std::size_t W>
OPENMTP_KERNEL_INLINE void reverse_block(const Evaluator::Tables& t, Scratch& s, const SiteRequest& want, std::size_t n,
                                         std::size_t j0) {
  const int K = t.K;
  const std::size_t cap = s.capacity;
  const double* __restrict r = s.r.data();
  const double* __restrict inv_r = s.inv_r.data();
  const double* __restrict ux = s.ux.data();
  const double* __restrict uy = s.uy.data();
  const double* __restrict uz = s.uz.data();
  const double* __restrict mon = s.mon.data();
  const double* __restrict f = s.f.data();
  const double* __restrict df = s.df.data();
  double* __restrict h = s.h.data();
  const double* __restrict adj_mu = s.adjoint_by_mu.data();
  const double* __restrict adj_slot = s.adjoint_by_slot.data();
  const RadialBasis& distance_basis = t.basis.distance_basis();
  Vec3* out = want.gradients;
  const int* __restrict mu_mono = t.mu_member_mono.data();
  const int* __restrict slot_mu = t.slot_member_mu.data();
  typedef typename NeighbourVector<W>::type V;
#define OPENMTP_AT(p) load_vector<V>((p) + j0)
  V sp = {};
  const V rv = OPENMTP_AT(r);
  for (int mu = 0; mu < K; ++mu) {
    V h0 = {}, h1 = {};
    int e = t.mu_begin[std::size_t(mu)];
    const int end = t.mu_begin[std::size_t(mu) + 1];
    for (; e + 1 < end; e += 2) {
      h0 += adj_mu[e] * OPENMTP_AT(mon + std::size_t(mu_mono[e]) * cap);
      h1 += adj_mu[e + 1] * OPENMTP_AT(mon + std::size_t(mu_mono[e + 1]) * cap);
    }
    if (e < end) h0 += adj_mu[e] * OPENMTP_AT(mon + std::size_t(mu_mono[e]) * cap);
    const V hv = h0 + h1;
    store_vector<V>(h + std::size_t(mu) * cap + j0, hv);
    sp += hv * OPENMTP_AT(df + std::size_t(mu) * cap) * rv;
  }
  if (!want.pair_gradients) return;
  // Slots alternately into two sets of sums (even and odd slots).
  V gx = {}, gy = {}, gz = {}, gx2 = {}, gy2 = {}, gz2 = {};
  const std::size_t slots = t.gradient_slots.size();
  std::size_t u = 0;
  for (; u + 1 < slots; u += 2) {
    slot_terms<W>(t.gradient_slots[u], adj_slot, slot_mu, f, mon, cap, j0, gx, gy, gz);
    slot_terms<W>(t.gradient_slots[u + 1], adj_slot, slot_mu, f, mon, cap, j0, gx2, gy2, gz2);
  }
  if (u < slots) slot_terms<W>(t.gradient_slots[u], adj_slot, slot_mu, f, mon, cap, j0, gx, gy, gz);
  gx += gx2;
  gy += gy2;
  gz += gz2;
  // The slots' share of the radial term, -sum_slots deg c P, is -u . g: each monomial P is homogeneous of its
  // degree, so u . grad_u P = deg P (Euler), and the sum needs no term per slot.
  sp -= OPENMTP_AT(ux) * gx + OPENMTP_AT(uy) * gy + OPENMTP_AT(uz) * gz;
  double spa[W], gxa[W], gya[W], gza[W];
  store_vector<V>(spa, sp);
  store_vector<V>(gxa, gx);
  store_vector<V>(gya, gy);
  store_vector<V>(gza, gz);
  const std::size_t lanes = j0 < n ? std::min(W, n - j0) : 0;  // blocks of padding only (W < kChunk) write nothing
  for (std::size_t l = 0; l < lanes; ++l) {
    const std::size_t j = j0 + l;
    double radial = spa[l];
    if (distance_basis.has_repulsion()) {
      double dr;
      distance_basis.repulsion(r[j], &dr);
      radial += dr * r[j];
    }
    radial *= inv_r[j];
    out[j] = {radial * ux[j] + gxa[l] * inv_r[j], radial * uy[j] + gya[l] * inv_r[j],
              radial * uz[j] + gza[l] * inv_r[j]};
  }
#undef OPENMTP_AT
}

// The reverse pass over the neighbours of one centre, whose neighbourhood (n neighbours) is in s with the
// adjoints dV/dM of its basic moments in s.adjoint and its basis moments in s.moments: pair gradients, moment
// derivatives and parameter gradient, as `want` asks.
template <std::size_t N>
OPENMTP_KERNEL_INLINE void site_neighbour_gradients(const Evaluator::Tables& t, const NeighborList& nl,
                                                    AtomAttributes atoms, std::size_t centre, Scratch& s,
                                                    const SiteRequest& want, std::size_t n) {
  const int* types = atoms.types;
  const std::size_t np = padded(n);
  const std::size_t begin = nl.offsets[centre];
  const int ci = types[centre];
  const int C = t.C, K = t.K, R = t.R;
  const std::size_t cap = s.capacity;
  const double* __restrict M = s.moments.data();
  const double* __restrict adj = s.adjoint.data();
  const std::size_t m_count = t.mapping.size();

  // Per block of N neighbours, in registers: h_mu(j) = sum over basic moments b of function
  // mu of adj_b * monomial_b(j) (= dV/df_mu(r_j), kept for the parameter and moment derivatives), and for the
  // pair gradient d/dr_j [f(r) P(u)] = f'(r) P u + (f / r) (grad_u P - deg(P) P u), summed as
  //   sp = r * sum_mu h_mu f'_mu - sum_slots deg c_slot P_slot,  g_k = sum_slots dP_slot/du_k c_slot,
  // where the slots' sum in sp is -u . g (Euler's identity for homogeneous P; reverse_block),
  // with c_slot(j) = sum over basic moments b of that monomial of adj_b * f_mu_b(j). Every long sum runs in two
  // accumulators (members, or slots, alternately) added at the end: two dependency chains instead of one.
  const double* __restrict h = s.h.data();
  double* __restrict adj_mu = s.adjoint_by_mu.data();
  double* __restrict adj_slot = s.adjoint_by_slot.data();
  for (int e = 0; e < t.basic; ++e) {
    adj_mu[e] = adj[t.mu_member[std::size_t(e)]];
    adj_slot[e] = adj[t.slot_member[std::size_t(e)]];
  }
  for (std::size_t j0 = 0; j0 < np; j0 += N) reverse_block<N>(t, s, want, n, j0);

  if (want.pair_gradients && t.basis.magnetic()) {
    // dV/dm through the radial functions: h = dV/df_mu per neighbour times df_mu/dm.
    double centre_sum = 0.0;
    for (std::size_t j = 0; j < n; ++j) {
      double ci_part = 0.0, cj_part = 0.0;
      for (int m = 0; m < K; ++m) {
        const double hv = h[std::size_t(m) * cap + j];
        ci_part += hv * s.fmi[std::size_t(m) * cap + j];
        cj_part += hv * s.fmj[std::size_t(m) * cap + j];
      }
      centre_sum += ci_part;
      want.pair_moment_derivatives[j] = cj_part;
    }
    *want.centre_moment_derivative = centre_sum;
  }

  if (want.parameter_gradient) {
    // dV/dtheta: radial block of the centre's species, its species coefficient, the basis values.
    double* g = want.parameter_gradient;
    for (std::size_t j = 0; j < n; ++j) {
      const int cj = types[nl.neighbors[begin + j]];
      double* block = g + std::size_t(ci * C + cj) * K * R;
      for (int m = 0; m < K; ++m) {
        const double hv = h[std::size_t(m) * cap + j];
        for (int xi = 0; xi < R; ++xi) block[m * R + xi] += hv * s.q[std::size_t(xi) * cap + j];
      }
    }
    const std::size_t nr = std::size_t(C) * C * K * R;
    g[nr + std::size_t(ci)] += 1.0;
    for (std::size_t a = 0; a < m_count; ++a) g[nr + std::size_t(C) + a] += M[t.mapping[a]];
  }
}

// Centres evaluated together: their contractions run side by side, one centre per lane, so the chain of
// multiply-adds into each target moment (the latency that bounds a single centre) is shared by L independent
// centres, and the loops over lanes are vector operations. Each lane does exactly the operations of a single
// centre, in the same order. L is each path's native width (baseline 2, AVX2 4, AVX-512 8); kMaxLanes bounds
// them all.
constexpr std::size_t kMaxLanes = 8;

// Per-moment values of L lanes, interleaved (moment k of lane l at k * L + l), read and written a vector of
// lanes at a time.
template <std::size_t L>
struct LaneArray {
  typedef typename NeighbourVector<L>::type V;
  double* p;
  OPENMTP_KERNEL_INLINE V get(int k) const { return load_vector<V>(p + std::size_t(k) * L); }
  OPENMTP_KERNEL_INLINE void set(int k, const V& v) const { store_vector<V>(p + std::size_t(k) * L, v); }
  OPENMTP_KERNEL_INLINE void add(int k, const V& v) const { set(k, get(k) + v); }
  OPENMTP_KERNEL_INLINE double& at(int k, std::size_t l) const { return p[std::size_t(k) * L + l]; }
};

// A thread's scratch: one neighbourhood per lane, and the moments and adjoints of all lanes interleaved (room
// for kMaxLanes lanes; a path with L lanes uses the first moments * L entries).
struct GroupScratch {
  std::array<Scratch, kMaxLanes> lane;
  std::vector<double> moment_lanes, adjoint_lanes;
  void reserve(const Evaluator::Tables& t) {
    const std::size_t size = std::size_t(t.moments) * kMaxLanes;
    if (moment_lanes.size() != size) {
      moment_lanes.assign(size, 0.0);
      adjoint_lanes.assign(size, 0.0);
    }
  }
  // The directional (training) pass also carries tangents and their adjoints.
  std::vector<double> tangent_lanes, tangent_adjoint_lanes;
  void reserve_directional(const Evaluator::Tables& t) {
    reserve(t);
    if (tangent_lanes.size() != moment_lanes.size()) {
      tangent_lanes.assign(moment_lanes.size(), 0.0);
      tangent_adjoint_lanes.assign(moment_lanes.size(), 0.0);
    }
  }
};

// Basic moments of the neighbourhood in s (sums over neighbours, one partial sum per lane of a chunk, added
// in a fixed order) into lane `lane` of out[b].
template <std::size_t N, std::size_t L>
OPENMTP_KERNEL_INLINE void basic_moments(const Evaluator::Tables& t, const Scratch& s, std::size_t n,
                                         const LaneArray<L>& out, std::size_t lane) {
  const std::size_t np = padded(n), cap = s.capacity;
  const double* __restrict f = s.f.data();
  const double* __restrict mon = s.mon.data();
  typedef typename NeighbourVector<N>::type V;
  for (int b = 0; b < t.basic; ++b) {
    const double* __restrict fv = f + std::size_t(t.mu[b]) * cap;
    const double* __restrict pv = mon + std::size_t(t.mono[b]) * cap;
    V a[kChunk / N] = {};
    for (std::size_t j0 = 0; j0 < np; j0 += kChunk)
      for (std::size_t p = 0; p < kChunk / N; ++p)
        a[p] += load_vector<V>(fv + j0 + p * N) * load_vector<V>(pv + j0 + p * N);
    double v[kChunk];
    for (std::size_t p = 0; p < kChunk / N; ++p) store_vector<V>(v + p * N, a[p]);
    out.at(b, lane) = ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
  }
}

// Energies of centres first..first+count-1 (count <= L) into energy[], and what want[] asks for (the same
// kind of request for every centre). Neighbours at or beyond the cutoff, as lists from outside may hold,
// contribute nothing: the radial basis is zero there.
// N: the native vector width (neighbours per vector); L: centres per group.
template <std::size_t N, std::size_t L>
OPENMTP_KERNEL_INLINE void site_group_body(const Evaluator::Tables& t, const NeighborList& nl, AtomAttributes atoms,
                                           std::size_t first, std::size_t count, GroupScratch& g,
                                           const SiteRequest* want, double* energy) {
  g.reserve(t);
  typedef typename LaneArray<L>::V Lanes;
  const LaneArray<L> M{g.moment_lanes.data()};
  std::fill(g.moment_lanes.begin(), g.moment_lanes.begin() + std::ptrdiff_t(t.moments * L), 0.0);
  std::size_t n[L] = {};
  for (std::size_t l = 0; l < count; ++l) {
    n[l] = load_neighbourhood<N>(t, nl, atoms, first + l, g.lane[l]);
    basic_moments<N, L>(t, g.lane[l], n[l], M, l);
  }
  // The products in file order; idle lanes compute on zeros.
  for (const auto& run : t.runs) {
    Lanes acc = M.get(run.moment);
    for (int q = run.begin; q < run.end; ++q) {
      const auto& p = t.products[std::size_t(q)];
      acc += p.mult * M.get(p.i) * M.get(p.j);
    }
    M.set(run.moment, acc);
  }

  const std::size_t m_count = t.mapping.size();
  const RadialBasis& distance_basis = t.basis.distance_basis();
  for (std::size_t l = 0; l < count; ++l) {
    double e = t.species[std::size_t(atoms.types[first + l])];
    for (std::size_t a = 0; a < m_count; ++a) e += t.linear[a] * M.at(t.mapping[a], l);
    if (distance_basis.has_repulsion()) {
      double dr;
      for (std::size_t j = 0; j < n[l]; ++j) e += distance_basis.repulsion(g.lane[l].r[j], &dr);
    }
    energy[l] = e;
    if (want[l].basis_values)
      for (std::size_t a = 0; a < m_count; ++a) want[l].basis_values[a] = M.at(t.mapping[a], l);
  }
  if (!want[0].pair_gradients && !want[0].parameter_gradient) return;

  // Reverse pass: adjoints dV/dM of every moment, all lanes at once (Tables::pulls), each lane in the
  // single-centre order.
  const LaneArray<L> adj{g.adjoint_lanes.data()};
  std::fill(g.adjoint_lanes.begin(), g.adjoint_lanes.begin() + std::ptrdiff_t(t.moments * L), 0.0);
  for (std::size_t a = 0; a < m_count; ++a) adj.add(t.mapping[a], Lanes{} + t.linear[a]);
  for (const auto& pull : t.pulls) {
    Lanes acc = adj.get(pull.moment);
    for (int u = pull.begin; u < pull.end; ++u) {
      const auto& use = t.uses[std::size_t(u)];
      acc += use.mult * adj.get(use.target) * M.get(use.other);
    }
    adj.set(pull.moment, acc);
  }

  // Each lane's neighbours from its adjoints.
  for (std::size_t l = 0; l < count; ++l) {
    Scratch& s = g.lane[l];
    for (int b = 0; b < t.basic; ++b) s.adjoint[std::size_t(b)] = adj.at(b, l);
    for (std::size_t a = 0; a < m_count; ++a) s.moments[std::size_t(t.mapping[a])] = M.at(t.mapping[a], l);
    site_neighbour_gradients<N>(t, nl, atoms, first + l, s, want[l], n[l]);
  }
}

// Per centre, the directional pass (below) up to the basic moments M_b and their tangents T_b along the
// directions t_j (one per neighbour), left in s.moments and s.tangent.
template <std::size_t N>
OPENMTP_KERNEL_INLINE std::size_t directional_prologue(const Evaluator::Tables& t, const NeighborList& nl,
                                                      AtomAttributes atoms, std::size_t centre,
                                                      const Vec3* directions, Scratch& s) {
  const std::size_t n = load_neighbourhood<N>(t, nl, atoms, centre, s);
  s.reserve_directional(t);
  const int K = t.K;
  const std::size_t cap = s.capacity;
  const double* __restrict inv_r = s.inv_r.data();
  const double* __restrict mon = s.mon.data();

  // u.t, and the derivative of each monomial P(u(r)) along t by the product rule over the monomial table
  // (monomial m = monomial parent[m] times u[axis[m]]), with du = (t - u (u.t)) / r: two operations per
  // monomial, where the formula (grad_u P . t - deg P u.t) / r per monomial took up to eight. The padding
  // (n..padded(n)-1) gets t = 0, so its terms vanish like its radial functions.
  const std::size_t np = padded(n);
  double* __restrict ut = s.ut.data();
  double* __restrict du[3] = {s.dux.data(), s.duy.data(), s.duz.data()};
  for (std::size_t j = 0; j < n; ++j) {
    const Vec3& d = directions[j];
    const double dot = s.ux[j] * d.x + s.uy[j] * d.y + s.uz[j] * d.z;
    ut[j] = dot;
    du[0][j] = (d.x - s.ux[j] * dot) * inv_r[j];
    du[1][j] = (d.y - s.uy[j] * dot) * inv_r[j];
    du[2][j] = (d.z - s.uz[j] * dot) * inv_r[j];
  }
  for (std::size_t j = n; j < np; ++j) du[0][j] = du[1][j] = du[2][j] = ut[j] = 0.0;
  typedef typename NeighbourVector<N>::type V;
#define OPENMTP_AT(p) load_vector<V>((p) + j0)
  double* __restrict dmon = s.dmon.data();
  for (std::size_t j = 0; j < np; ++j) dmon[j] = 0.0;
  const double* u[3] = {s.ux.data(), s.uy.data(), s.uz.data()};
  for (int m = 1; m < t.monomials; ++m) {
    const std::size_t from = std::size_t(t.parent[m]) * cap;
    const int a = t.axis[m];
    double* __restrict to = dmon + std::size_t(m) * cap;
    for (std::size_t j0 = 0; j0 < np; j0 += N)
      store_vector<V>(to + j0, OPENMTP_AT(dmon + from) * OPENMTP_AT(u[a]) + OPENMTP_AT(mon + from) * OPENMTP_AT(du[a]));
  }
  double* __restrict dfr = s.dfr.data();
  for (int m = 0; m < K; ++m) {
    const double* __restrict dfv = s.df.data() + std::size_t(m) * cap;
    double* __restrict o = dfr + std::size_t(m) * cap;
    for (std::size_t j0 = 0; j0 < np; j0 += N) store_vector<V>(o + j0, OPENMTP_AT(dfv) * OPENMTP_AT(ut));
  }

  // Basic moments and their tangents, as sums over neighbours: one partial sum per lane of a chunk, added in a
  // fixed order (as basic_moments), so every instruction-set path adds in the same order.
  double* __restrict M = s.moments.data();
  double* __restrict T = s.tangent.data();
  std::fill(s.moments.begin(), s.moments.end(), 0.0);
  std::fill(s.tangent.begin(), s.tangent.end(), 0.0);
  for (int b = 0; b < t.basic; ++b) {
    const double* __restrict fv = s.f.data() + std::size_t(t.mu[b]) * cap;
    const double* __restrict dv = dfr + std::size_t(t.mu[b]) * cap;
    const double* __restrict pv = mon + std::size_t(t.mono[b]) * cap;
    const double* __restrict qv = dmon + std::size_t(t.mono[b]) * cap;
    V a[kChunk / N] = {}, c[kChunk / N] = {};
    for (std::size_t j0 = 0; j0 < np; j0 += kChunk)
      for (std::size_t p = 0; p < kChunk / N; ++p) {
        const std::size_t at = j0 + p * N;
        const V fj = load_vector<V>(fv + at), pj = load_vector<V>(pv + at);
        a[p] += fj * pj;
        c[p] += load_vector<V>(dv + at) * pj + fj * load_vector<V>(qv + at);
      }
    double va[kChunk], vc[kChunk];
    for (std::size_t p = 0; p < kChunk / N; ++p) {
      store_vector<V>(va + p * N, a[p]);
      store_vector<V>(vc + p * N, c[p]);
    }
    M[b] = ((va[0] + va[1]) + (va[2] + va[3])) + ((va[4] + va[5]) + (va[6] + va[7]));
    T[b] = ((vc[0] + vc[1]) + (vc[2] + vc[3])) + ((vc[4] + vc[5]) + (vc[6] + vc[7]));
  }
#undef OPENMTP_AT
  return n;
}

// The rest of the directional pass for one centre prepared by directional_prologue, once the adjoints dJ/dM,
// dJ/dT of its basic moments are in s.adjoint and s.tangent_adjoint: the radial coefficients' part of g.
template <std::size_t N>
OPENMTP_KERNEL_INLINE void directional_epilogue(const Evaluator::Tables& t, const NeighborList& nl,
                                                AtomAttributes atoms, std::size_t centre, Scratch& s, std::size_t n,
                                                double* g) {
  const int* types = atoms.types;
  const std::size_t begin = nl.offsets[centre];
  const int ci = types[centre];
  const int C = t.C, K = t.K, R = t.R;
  const std::size_t cap = s.capacity, np = padded(n);
  const double* __restrict mon = s.mon.data();
  const double* __restrict dmon = s.dmon.data();
  const double* __restrict ut = s.ut.data();
  const double* __restrict q = s.q.data();
  const double* __restrict dq = s.dq.data();
  // The adjoints in the order of the members of each radial function (Tables::mu_member).
  double* __restrict mb = s.adjoint_by_mu.data();
  double* __restrict tb = s.tangent_adjoint_by_mu.data();
  for (int e = 0; e < t.basic; ++e) {
    mb[e] = s.adjoint[std::size_t(t.mu_member[std::size_t(e)])];
    tb[e] = s.tangent_adjoint[std::size_t(t.mu_member[std::size_t(e)])];
  }
  const int* __restrict mono = t.mu_member_mono.data();
  // Radial coefficients: M_b depends on them through f_mu, T_b through f_mu (times the monomial's
  // derivative along t) and f'_mu u.t. Per block of N neighbours, in registers: h_mu = dJ/df_mu(r_j) and
  // hd_mu = dJ/d(f'_mu(r_j)) (u.t_j included), each stored once.
  double* __restrict h = s.h.data();
  double* __restrict hd = s.hd.data();
  typedef typename NeighbourVector<N>::type V;
#define OPENMTP_AT(p) load_vector<V>((p) + j0)
  for (std::size_t j0 = 0; j0 < np; j0 += N) {
    for (int mu = 0; mu < K; ++mu) {
      V hv = {}, hdv = {};
      for (int e = t.mu_begin[std::size_t(mu)]; e < t.mu_begin[std::size_t(mu) + 1]; ++e) {
        const std::size_t row = std::size_t(mono[e]) * cap;
        const V pv = OPENMTP_AT(mon + row);
        hv += mb[e] * pv + tb[e] * OPENMTP_AT(dmon + row);
        hdv += tb[e] * pv;
      }
      store_vector<V>(h + std::size_t(mu) * cap + j0, hv);
      store_vector<V>(hd + std::size_t(mu) * cap + j0, hdv * OPENMTP_AT(ut));
    }
  }
  if (C == 1) {
    // One species pair: the radial block's entries are sums over the neighbours (padding adds zeros).
    double* block = g + std::size_t(ci * C) * K * R;
    for (int m = 0; m < K; ++m) {
      const double* __restrict hm = h + std::size_t(m) * cap;
      const double* __restrict hdm = hd + std::size_t(m) * cap;
      for (int xi = 0; xi < R; ++xi) {
        const double* __restrict qx = q + std::size_t(xi) * cap;
        const double* __restrict dqx = dq + std::size_t(xi) * cap;
        V a[kChunk / N] = {};
        for (std::size_t c0 = 0; c0 < np; c0 += kChunk)
          for (std::size_t p = 0; p < kChunk / N; ++p) {
            const std::size_t j0 = c0 + p * N;
            a[p] += OPENMTP_AT(hm) * OPENMTP_AT(qx) + OPENMTP_AT(hdm) * OPENMTP_AT(dqx);
          }
        double v[kChunk];
        for (std::size_t p = 0; p < kChunk / N; ++p) store_vector<V>(v + p * N, a[p]);
        block[m * R + xi] += ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
      }
    }
  } else {
    for (std::size_t j = 0; j < n; ++j) {
      const int cj = types[nl.neighbors[begin + j]];
      double* block = g + std::size_t(ci * C + cj) * K * R;
      for (int m = 0; m < K; ++m) {
        const double hv = h[std::size_t(m) * cap + j];
        const double hdv = hd[std::size_t(m) * cap + j];
        for (int xi = 0; xi < R; ++xi)
          block[m * R + xi] += hv * q[std::size_t(xi) * cap + j] + hdv * dq[std::size_t(xi) * cap + j];
      }
    }
  }
#undef OPENMTP_AT
}

// Adds to g the parameter gradient of J_i = energy_weight * V_i - sum_j t_j . dV_i/dr_ij for centres
// first..first+count-1 (count <= L), with t_j = directions[k] for pair k of the list. Forward mode carries the
// tangent dM/dt of every moment beside M through the products; one reverse pass then takes both to the
// parameters. The contractions run one centre per lane, each lane in the single-centre order.
template <std::size_t N, std::size_t L>
OPENMTP_KERNEL_INLINE void directional_group_body(const Evaluator::Tables& t, const NeighborList& nl,
                                                  AtomAttributes atoms, std::size_t first, std::size_t count,
                                                  double energy_weight, const Vec3* directions, GroupScratch& g,
                                                  double* grad) {
  g.reserve_directional(t);
  typedef typename LaneArray<L>::V Lanes;
  const std::ptrdiff_t used = std::ptrdiff_t(t.moments * L);
  const LaneArray<L> M{g.moment_lanes.data()}, T{g.tangent_lanes.data()};
  std::fill(g.moment_lanes.begin(), g.moment_lanes.begin() + used, 0.0);
  std::fill(g.tangent_lanes.begin(), g.tangent_lanes.begin() + used, 0.0);
  std::size_t n[L] = {};
  for (std::size_t l = 0; l < count; ++l) {
    Scratch& s = g.lane[l];
    n[l] = directional_prologue<N>(t, nl, atoms, first + l, directions + nl.offsets[first + l], s);
    for (int b = 0; b < t.basic; ++b) {
      M.at(b, l) = s.moments[std::size_t(b)];
      T.at(b, l) = s.tangent[std::size_t(b)];
    }
  }
  for (const auto& run : t.runs) {
    Lanes acc = M.get(run.moment), tacc = T.get(run.moment);
    for (int q = run.begin; q < run.end; ++q) {
      const auto& p = t.products[std::size_t(q)];
      const Lanes mi = M.get(p.i), mj = M.get(p.j);
      acc += p.mult * mi * mj;
      tacc += p.mult * (T.get(p.i) * mj + mi * T.get(p.j));
    }
    M.set(run.moment, acc);
    T.set(run.moment, tacc);
  }

  // Linear parameters (centres in order), and the adjoints dJ/dM, dJ/dT of the basis moments.
  const int C = t.C, K = t.K, R = t.R;
  const std::size_t m_count = t.mapping.size();
  const std::size_t nr = std::size_t(C) * C * K * R;
  for (std::size_t l = 0; l < count; ++l) {
    grad[nr + std::size_t(atoms.types[first + l])] += energy_weight;
    for (std::size_t a = 0; a < m_count; ++a) {
      const int k = t.mapping[a];
      grad[nr + std::size_t(C) + a] += energy_weight * M.at(k, l) - T.at(k, l);
    }
  }
  const LaneArray<L> Mb{g.adjoint_lanes.data()}, Tb{g.tangent_adjoint_lanes.data()};
  std::fill(g.adjoint_lanes.begin(), g.adjoint_lanes.begin() + used, 0.0);
  std::fill(g.tangent_adjoint_lanes.begin(), g.tangent_adjoint_lanes.begin() + used, 0.0);
  for (std::size_t a = 0; a < m_count; ++a) {
    const int k = t.mapping[a];
    Mb.add(k, Lanes{} + energy_weight * t.linear[a]);
    Tb.set(k, Tb.get(k) - t.linear[a]);
  }
  // Pulled as in the site kernel (Tables::pulls): per use of moment x by a product into `target` with the
  // other factor `other`, dJ/dM_x gains mult (dJ/dM_target M_other + dJ/dT_target T_other) and dJ/dT_x gains
  // mult dJ/dT_target M_other.
  for (const auto& pull : t.pulls) {
    Lanes mb = Mb.get(pull.moment), tb = Tb.get(pull.moment);
    for (int u = pull.begin; u < pull.end; ++u) {
      const auto& use = t.uses[std::size_t(u)];
      const Lanes mo = M.get(use.other);
      const Lanes tt = use.mult * Tb.get(use.target);
      mb += use.mult * Mb.get(use.target) * mo + tt * T.get(use.other);
      tb += tt * mo;
    }
    Mb.set(pull.moment, mb);
    Tb.set(pull.moment, tb);
  }

  for (std::size_t l = 0; l < count; ++l) {
    Scratch& s = g.lane[l];
    for (int b = 0; b < t.basic; ++b) {
      s.adjoint[std::size_t(b)] = Mb.at(b, l);
      s.tangent_adjoint[std::size_t(b)] = Tb.at(b, l);
    }
    directional_epilogue<N>(t, nl, atoms, first + l, s, n[l], grad);
  }
}

// One entry point per instruction set, each the same source compiled for that set (the bodies above are
// inlined into it); Evaluator picks one per call (default_kernel_isa(), or set_kernel_isa()).
using SiteKernel = void (*)(const Evaluator::Tables&, const NeighborList&, AtomAttributes, std::size_t, std::size_t,
                            GroupScratch&, const SiteRequest*, double*);
using DirectionalKernel = void (*)(const Evaluator::Tables&, const NeighborList&, AtomAttributes, std::size_t,
                                   std::size_t, double, const Vec3*, GroupScratch&, double*);
struct KernelPaths {
  SiteKernel site;
  DirectionalKernel directional;
  std::size_t lanes;  // centres per call
};

#define OPENMTP_DEFINE_KERNELS(suffix, attributes, N, lanes)                                                               \
  attributes void site_kernel_##suffix(const Evaluator::Tables& t, const NeighborList& nl, AtomAttributes atoms,   \
                                       std::size_t first, std::size_t count, GroupScratch& g,                      \
                                       const SiteRequest* want, double* energy) {                                  \
    site_group_body<N, lanes>(t, nl, atoms, first, count, g, want, energy);                                               \
  }                                                                                                                \
  attributes void directional_kernel_##suffix(const Evaluator::Tables& t, const NeighborList& nl,                  \
                                              AtomAttributes atoms, std::size_t first, std::size_t count,          \
                                              double energy_weight, const Vec3* directions, GroupScratch& g,       \
                                              double* grad) {                                                      \
    directional_group_body<N, lanes>(t, nl, atoms, first, count, energy_weight, directions, g, grad);                    \
  }

OPENMTP_DEFINE_KERNELS(baseline, , 2, 2)
#if defined(__x86_64__) && defined(__GNUC__)
OPENMTP_DEFINE_KERNELS(avx2, __attribute__((target("avx2,fma"))), 4, 4)
#if defined(__clang__)
OPENMTP_DEFINE_KERNELS(avx512, __attribute__((target("avx512f,avx512dq,avx2,fma"))), 8, 8)
#else  // ask GCC for 512-bit vectors (its tuning may otherwise prefer 256-bit ones)
OPENMTP_DEFINE_KERNELS(avx512, __attribute__((target("avx512f,avx512dq,avx2,fma,prefer-vector-width=512"))), 8, 8)
#endif
#define OPENMTP_HAVE_WIDE_KERNELS 1
#endif

KernelPaths kernel_paths(KernelIsa isa) {
#ifdef OPENMTP_HAVE_WIDE_KERNELS
  if (isa == KernelIsa::avx512) return {site_kernel_avx512, directional_kernel_avx512, 8};
  if (isa == KernelIsa::avx2) return {site_kernel_avx2, directional_kernel_avx2, 4};
#endif
  (void)isa;
  return {site_kernel_baseline, directional_kernel_baseline, 2};
}

// This thread's scratch, kept for the thread's life (evaluation never nests on one thread).
GroupScratch& thread_scratch() {
  thread_local GroupScratch scratch;
  return scratch;
}

// Centres are processed in fixed blocks; `work(block, scratch)` runs once per block on some thread.
constexpr std::size_t kBlock = 32;
static_assert(kBlock % kMaxLanes == 0, "a block is whole groups of centres on every path");

template <typename Work>
void for_each_block(std::size_t centres, int threads, Work work) {
  const std::size_t blocks = (centres + kBlock - 1) / kBlock;
  parallel_for(blocks, threads, [&](std::size_t b, std::size_t) { work(b, thread_scratch()); });
}

// `group(first, count, block, scratch)` for every group of up to `lanes` consecutive centres of a block.
template <typename Group>
void for_each_group(std::size_t centres, std::size_t lanes, int threads, Group group) {
  for_each_block(centres, threads, [&](std::size_t block, GroupScratch& g) {
    const std::size_t end = std::min(centres, (block + 1) * kBlock);
    for (std::size_t i = block * kBlock; i < end; i += lanes) group(i, std::min(lanes, end - i), block, g);
  });
}

// The site kernel over every centre of nl, in groups: ask(want, i, block) says what centre i should produce;
// site energies go to energies[i] when energies is given.
template <typename Ask>
void for_each_site(const Evaluator::Tables& t, KernelIsa isa, const NeighborList& nl, AtomAttributes atoms,
                   int threads, double* energies, Ask ask) {
  const KernelPaths kernel = kernel_paths(isa);
  for_each_group(nl.centers(), kernel.lanes, threads, [&](std::size_t first, std::size_t count, std::size_t block,
                                                          GroupScratch& g) {
    SiteRequest want[kMaxLanes];
    double energy[kMaxLanes];
    for (std::size_t l = 0; l < count; ++l) ask(want[l], first + l, block);
    kernel.site(t, nl, atoms, first, count, g, want, energies ? energies + first : energy);
  });
}

}  // namespace

Evaluator::Evaluator(const Potential& potential) : potential_(potential) {
  potential_.validate();
  auto t = std::make_shared<Tables>(potential_);
  const Potential& p = potential_;
  t->C = p.species_count;
  t->K = p.radial_funcs_count;
  t->R = p.pair_basis_size();
  if (p.radial.size > 64) throw Error("radial_basis_size above 64 is not supported");
  t->moments = p.moments.moments_count;
  t->basic = int(p.moments.basic.size());
  for (std::size_t q = 0; q < p.moments.times.size(); ++q) {
    const auto& e = p.moments.times[q];
    t->products.push_back({e[0], e[1], double(e[2])});
    if (t->runs.empty() || t->runs.back().moment != e[3])
      t->runs.push_back({e[3], int(q), int(q) + 1});
    else
      t->runs.back().end = int(q) + 1;
  }
  t->mapping = p.moments.scalar_moments;
  t->radial = p.radial_coeffs;
  t->species = p.species_coeffs;
  t->linear = p.moment_coeffs;

  // The reverse pass uses final moment values, which is exact when no moment is changed after a product
  // has used it (true of every MLIP template); anything else is refused rather than mis-differentiated.
  {
    std::vector<long> last_write(std::size_t(t->moments), -1);
    const auto& times = p.moments.times;
    for (std::size_t k = 0; k < times.size(); ++k) last_write[std::size_t(times[k][3])] = long(k);
    for (std::size_t k = 0; k < times.size(); ++k) {
      const auto& q = times[k];
      for (int idx : {q[0], q[1]})
        if (last_write[std::size_t(idx)] >= long(k) || idx == q[3])
          throw Error("alpha_index_times uses moment " + std::to_string(idx) + " before its last update");
    }
  }

  {
    const auto& times = p.moments.times;
    std::vector<long> last_def(std::size_t(t->moments), -1);
    std::vector<std::vector<Tables::Use>> uses_of(std::size_t(t->moments));
    for (std::size_t k = 0; k < times.size(); ++k) last_def[std::size_t(times[k][3])] = long(k);
    for (std::size_t k = times.size(); k-- > 0;) {
      const auto& q = times[k];
      uses_of[std::size_t(q[0])].push_back({q[3], q[1], double(q[2])});
      uses_of[std::size_t(q[1])].push_back({q[3], q[0], double(q[2])});
    }
    std::vector<int> order(std::size_t(t->moments));
    for (int k = 0; k < t->moments; ++k) order[std::size_t(k)] = k;
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return last_def[std::size_t(a)] > last_def[std::size_t(b)]; });
    for (int k : order) {
      const auto& u = uses_of[std::size_t(k)];
      if (u.empty()) continue;
      t->pulls.push_back({k, int(t->uses.size()), int(t->uses.size() + u.size())});
      t->uses.insert(t->uses.end(), u.begin(), u.end());
    }
  }

  int max_degree = 0;
  for (const auto& b : p.moments.basic) max_degree = std::max(max_degree, b[1] + b[2] + b[3]);
  // Enumerate monomials by degree; index[(a*(D+1) + b)*(D+1) + c].
  const int D = max_degree;
  std::vector<int> index(std::size_t((D + 1) * (D + 1) * (D + 1)), -1);
  auto at = [&](int a, int b, int c) -> int& { return index[std::size_t((a * (D + 1) + b) * (D + 1) + c)]; };
  int count = 0;
  t->parent.clear();
  t->axis.clear();
  for (int deg = 0; deg <= D; ++deg)
    for (int a = deg; a >= 0; --a)
      for (int b = deg - a; b >= 0; --b) {
        const int c = deg - a - b;
        at(a, b, c) = count++;
        if (deg == 0) {
          t->parent.push_back(-1);
          t->axis.push_back(-1);
        } else if (a > 0) {
          t->parent.push_back(at(a - 1, b, c));
          t->axis.push_back(0);
        } else if (b > 0) {
          t->parent.push_back(at(a, b - 1, c));
          t->axis.push_back(1);
        } else {
          t->parent.push_back(at(a, b, c - 1));
          t->axis.push_back(2);
        }
      }
  t->monomials = count;
  std::vector<int> slot_of(std::size_t(count), -1);
  for (const auto& b : p.moments.basic) {
    const int a = b[1], bb = b[2], c = b[3];
    const int m = at(a, bb, c);
    if (slot_of[std::size_t(m)] < 0) {
      slot_of[std::size_t(m)] = int(t->slot_mono.size());
      t->slot_mono.push_back(m);
      t->slot_degree.push_back(a + bb + c);
      t->slot_dmono.push_back({a > 0 ? at(a - 1, bb, c) : 0, bb > 0 ? at(a, bb - 1, c) : 0, c > 0 ? at(a, bb, c - 1) : 0});
      t->slot_dfactor.push_back({a, bb, c});
    }
    t->mu.push_back(b[0]);
    t->mono.push_back(m);
    t->slot.push_back(slot_of[std::size_t(m)]);
  }
  const std::size_t slots = t->slot_mono.size();
  t->mu_begin.assign(std::size_t(t->K) + 1, 0);
  t->slot_begin.assign(slots + 1, 0);
  for (int b = 0; b < t->basic; ++b) {
    if (t->mu[std::size_t(b)] < 0 || t->mu[std::size_t(b)] >= t->K)
      throw Error("alpha_index_basic names radial function " + std::to_string(t->mu[std::size_t(b)]) + ", but there are " +
                  std::to_string(t->K));
    ++t->mu_begin[std::size_t(t->mu[std::size_t(b)]) + 1];
    ++t->slot_begin[std::size_t(t->slot[std::size_t(b)]) + 1];
  }
  for (std::size_t k = 0; k < std::size_t(t->K); ++k) t->mu_begin[k + 1] += t->mu_begin[k];
  for (std::size_t k = 0; k < slots; ++k) t->slot_begin[k + 1] += t->slot_begin[k];
  t->mu_member.resize(std::size_t(t->basic));
  t->mu_member_mono.resize(std::size_t(t->basic));
  t->slot_member.resize(std::size_t(t->basic));
  t->slot_member_mu.resize(std::size_t(t->basic));
  {
    std::vector<int> mu_fill(t->mu_begin.begin(), t->mu_begin.end() - 1);
    std::vector<int> slot_fill(t->slot_begin.begin(), t->slot_begin.end() - 1);
    for (int b = 0; b < t->basic; ++b) {
      const std::size_t e = std::size_t(mu_fill[std::size_t(t->mu[std::size_t(b)])]++);
      t->mu_member[e] = b;
      t->mu_member_mono[e] = t->mono[std::size_t(b)];
      const std::size_t u = std::size_t(slot_fill[std::size_t(t->slot[std::size_t(b)])]++);
      t->slot_member[u] = b;
      t->slot_member_mu[u] = t->mu[std::size_t(b)];
    }
  }
  for (std::size_t u = 0; u < slots; ++u)
    if (t->slot_degree[u] > 0)
      t->gradient_slots.push_back({t->slot_begin[u], t->slot_begin[u + 1], t->slot_dmono[u],
                                   {double(t->slot_dfactor[u][0]), double(t->slot_dfactor[u][1]),
                                    double(t->slot_dfactor[u][2])}});
  tables_ = std::move(t);
  kernel_isa_ = default_kernel_isa();
}

void Evaluator::set_kernel_isa(KernelIsa isa) {
  for (KernelIsa supported : supported_kernel_isas())
    if (supported == isa) {
      kernel_isa_ = isa;
      return;
    }
  throw Error("kernel path " + kernel_isa_name(isa) + " is not supported by this CPU");
}

void Evaluator::set_threads(int threads) {
  threads_ = resolve_threads(threads);
}

void Evaluator::check_types(const NeighborList& nl, AtomAttributes atoms) const {
  const int* types = atoms.types;
  if (potential_.is_magnetic() && !atoms.magnetic_moments)
    throw Error("the potential is magnetic (magnetic_basis_type): the atoms need magnetic moments");
  const int C = potential_.species_count;
  auto check = [&](int type) {
    if (type < 0 || type >= C)
      throw Error("species type " + std::to_string(type) + " found, but the potential has " + std::to_string(C) +
                  " species (types 0.." + std::to_string(C - 1) + ")");
  };
  for (std::size_t i = 0; i < nl.centers(); ++i) check(types[i]);
  for (int j : nl.neighbors) check(types[j]);
}

void Evaluator::compute_sites(const NeighborList& nl, AtomAttributes atoms, SiteResults& out) const {
  check_types(nl, atoms);
  const std::size_t n = nl.centers();
  out.site_energies.assign(n, 0.0);
  out.pair_gradients.assign(nl.total(), Vec3{});
  const bool magnetic = potential_.is_magnetic();
  out.centre_moment_derivatives.assign(magnetic ? n : 0, 0.0);
  out.pair_moment_derivatives.assign(magnetic ? nl.total() : 0, 0.0);
  for_each_site(*tables_, kernel_isa_, nl, atoms, threads_, out.site_energies.data(),
                [&](SiteRequest& want, std::size_t i, std::size_t) {
                  want.pair_gradients = true;
                  want.gradients = out.pair_gradients.data() + nl.offsets[i];
                  if (magnetic) {
                    want.centre_moment_derivative = &out.centre_moment_derivatives[i];
                    want.pair_moment_derivatives = out.pair_moment_derivatives.data() + nl.offsets[i];
                  }
                });
}

EfsResults Evaluator::compute(const Configuration& cfg) const {
  if (cfg.types.size() != cfg.size()) throw Error("configuration has no type for every atom");
  // The list and the site results are this thread's, kept from one configuration to the next (no allocation
  // per configuration once they have grown), and released after a configuration with over kKeptPairs pairs.
  // Should a thread pool ever run another configuration on this thread while this one waits for its centres,
  // that one gets arrays of its own.
  struct Kept {
    NeighborList nl;
    SiteResults sites;
    bool in_use = false;
  };
  thread_local Kept kept;
  Kept own;
  Kept& k = kept.in_use ? own : kept;
  struct Release {
    Kept& k;
    ~Release() {
      k.in_use = false;
      constexpr std::size_t kKeptPairs = std::size_t(1) << 20;
      if (k.nl.neighbors.capacity() > kKeptPairs) k = Kept();
    }
  } release{k};
  k.in_use = true;
  NeighborList& nl = k.nl;
  SiteResults& sites = k.sites;
  NeighborList::build(cfg, cutoff(), nl);
  const std::vector<double> moments = collinear_magnetic_moments(cfg, potential_);
  compute_sites(nl, {cfg.types.data(), moments.empty() ? nullptr : moments.data()}, sites);
  EfsResults res;
  const std::size_t n = cfg.size();
  // Ghost atoms (MLIP-3 clusters) are not centres: no site energy of their own, but forces from their
  // neighbours' energies.
  res.site_energies.assign(n, 0.0);
  std::copy(sites.site_energies.begin(), sites.site_energies.end(), res.site_energies.begin());
  res.forces.assign(n, Vec3{});
  res.atom_virials.assign(n, Mat3{});
  for (std::size_t i = 0; i < nl.centers(); ++i) {
    res.energy += res.site_energies[i];
    Mat3& w = res.atom_virials[i];
    for (std::size_t k = nl.offsets[i]; k < nl.offsets[i + 1]; ++k) {
      const Vec3& g = sites.pair_gradients[k];
      const Vec3& d = nl.displacements[k];
      res.forces[i] += g;
      res.forces[std::size_t(nl.neighbors[k])] -= g;
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) w.m[a][b] -= g[a] * d[b];
    }
    res.virial += w;
  }
  if (potential_.is_magnetic()) {
    res.moment_derivatives.assign(n, 0.0);
    for (std::size_t i = 0; i < nl.centers(); ++i) {
      res.moment_derivatives[i] += sites.centre_moment_derivatives[i];
      for (std::size_t k = nl.offsets[i]; k < nl.offsets[i + 1]; ++k)
        res.moment_derivatives[std::size_t(nl.neighbors[k])] += sites.pair_moment_derivatives[k];
    }
  }
  return res;
}

void Evaluator::compute_into(Configuration& cfg) const {
  EfsResults res = compute(cfg);
  store_efs(cfg, res);
  cfg.site_energies = std::move(res.site_energies);
}

std::vector<double> Evaluator::site_energy_parameter_gradients(const NeighborList& nl, AtomAttributes atoms) const {
  check_types(nl, atoms);
  const std::size_t n = nl.centers();
  const std::size_t P = potential_.parameter_count();
  std::vector<double> out(n * P, 0.0);
  for_each_site(*tables_, kernel_isa_, nl, atoms, threads_, nullptr,
                [&](SiteRequest& want, std::size_t i, std::size_t) { want.parameter_gradient = out.data() + i * P; });
  return out;
}

std::vector<double> Evaluator::energy_parameter_gradient(const NeighborList& nl, AtomAttributes atoms) const {
  check_types(nl, atoms);
  const std::size_t n = nl.centers();
  const std::size_t P = potential_.parameter_count();
  const std::size_t blocks = (n + kBlock - 1) / kBlock;
  // One partial sum per fixed block, added in block order: the same result for any thread count.
  std::vector<double> partial(blocks * P, 0.0);
  for_each_site(*tables_, kernel_isa_, nl, atoms, threads_, nullptr,
                [&](SiteRequest& want, std::size_t, std::size_t block) {
                  want.parameter_gradient = partial.data() + block * P;
                });
  std::vector<double> out(P, 0.0);
  for (std::size_t b = 0; b < blocks; ++b)
    for (std::size_t p = 0; p < P; ++p) out[p] += partial[b * P + p];
  return out;
}

std::vector<double> Evaluator::site_basis_values(const NeighborList& nl, AtomAttributes atoms) const {
  check_types(nl, atoms);
  const std::size_t n = nl.centers();
  const std::size_t m = potential_.moments.scalar_moments.size();
  std::vector<double> out(n * m, 0.0);
  for_each_site(*tables_, kernel_isa_, nl, atoms, threads_, nullptr,
                [&](SiteRequest& want, std::size_t i, std::size_t) { want.basis_values = out.data() + i * m; });
  return out;
}

void Evaluator::for_each_site_basis_gradient(
    const NeighborList& nl, AtomAttributes atoms,
    const std::function<void(std::size_t centre, const double* values, const Vec3* gradients)>& visit) const {
  check_types(nl, atoms);
  const Tables& t = *tables_;
  const std::size_t m_count = t.mapping.size();
  Scratch s;
  // Jacobian of every moment with respect to the 3n pair coordinates (moment-major), and the rows handed out.
  std::vector<double> jac;
  std::vector<Vec3> rows;
  std::vector<double> values(m_count);
  for (std::size_t i = 0; i < nl.centers(); ++i) {
    const std::size_t n = load_neighbourhood<2>(t, nl, atoms, i, s);
    const std::size_t nd = 3 * n, cap = s.capacity;
    double* M = s.moments.data();
    std::fill(s.moments.begin(), s.moments.end(), 0.0);
    jac.assign(std::size_t(t.moments) * nd, 0.0);
    // Basic moments and their gradients: d/dr_k [f(r) P(u)] = f'(r) P u + f (grad_u P - deg(P) P u) / r.
    for (std::size_t k = 0; k < n; ++k) {
      const Vec3 u{s.ux[k], s.uy[k], s.uz[k]};
      for (int b = 0; b < t.basic; ++b) {
        const std::size_t mu = std::size_t(t.mu[std::size_t(b)]);
        const std::size_t slot = std::size_t(t.slot[std::size_t(b)]);
        const double f = s.f[mu * cap + k], df = s.df[mu * cap + k];
        const double mv = s.mon[std::size_t(t.mono[std::size_t(b)]) * cap + k];
        const auto& dm = t.slot_dmono[slot];
        const auto& dfac = t.slot_dfactor[slot];
        const Vec3 gu{double(dfac[0]) * s.mon[std::size_t(dm[0]) * cap + k],
                      double(dfac[1]) * s.mon[std::size_t(dm[1]) * cap + k],
                      double(dfac[2]) * s.mon[std::size_t(dm[2]) * cap + k]};
        const Vec3 gm = (gu - u * (double(t.slot_degree[slot]) * mv)) * s.inv_r[k];
        M[b] += f * mv;
        const Vec3 g = u * (df * mv) + gm * f;
        double* jb = &jac[std::size_t(b) * nd + 3 * k];
        jb[0] = g.x;
        jb[1] = g.y;
        jb[2] = g.z;
      }
    }
    // The products, each carrying its Jacobian row.
    for (const auto& run : t.runs)
      for (int q = run.begin; q < run.end; ++q) {
        const auto& p = t.products[std::size_t(q)];
        const double ma = p.mult * M[p.i], mb = p.mult * M[p.j];
        double* jc = &jac[std::size_t(run.moment) * nd];
        const double* ja = &jac[std::size_t(p.i) * nd];
        const double* jb = &jac[std::size_t(p.j) * nd];
        for (std::size_t e = 0; e < nd; ++e) jc[e] += mb * ja[e] + ma * jb[e];
        M[run.moment] += p.mult * M[p.i] * M[p.j];
      }
    rows.resize(m_count * n);
    for (std::size_t a = 0; a < m_count; ++a) {
      const std::size_t k = std::size_t(t.mapping[a]);
      values[a] = M[k];
      const double* j = &jac[k * nd];
      for (std::size_t e = 0; e < n; ++e) rows[a * n + e] = {j[3 * e], j[3 * e + 1], j[3 * e + 2]};
    }
    visit(i, values.data(), rows.data());
  }
}

void Evaluator::add_directional_parameter_gradient(const NeighborList& nl, AtomAttributes atoms, double energy_weight,
                                                   const Vec3* pair_directions, double* gradient) const {
  check_types(nl, atoms);
  const std::size_t n = nl.centers();
  const std::size_t P = potential_.parameter_count();
  const std::size_t blocks = (n + kBlock - 1) / kBlock;
  const Tables& t = *tables_;
  const KernelPaths kernel = kernel_paths(kernel_isa_);
  // One partial sum per fixed block, added in block order: the same result for any thread count.
  std::vector<double> partial(blocks * P, 0.0);
  for_each_group(n, kernel.lanes, threads_, [&](std::size_t first, std::size_t count, std::size_t block, GroupScratch& g) {
    kernel.directional(t, nl, atoms, first, count, energy_weight, pair_directions, g, partial.data() + block * P);
  });
  for (std::size_t b = 0; b < blocks; ++b)
    for (std::size_t p = 0; p < P; ++p) gradient[p] += partial[b * P + p];
}

}  // namespace mtp
