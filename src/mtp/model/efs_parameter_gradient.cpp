#include "mtp/model/efs_parameter_gradient.hpp"

#include <algorithm>
#include <cmath>

#include "mtp/core/error.hpp"

namespace mtp {

// Per-centre scratch: everything about the neighbours that the passes share. Structure of arrays, sized once
// per centre; reused across centres so the neighbour loop does not allocate.
struct EfsParameterGradient::Workspace {
  std::size_t n = 0;
  std::vector<double> r;        // |r_ij|
  std::vector<Vec3> u;          // r_ij / |r_ij|
  std::vector<int> pair;        // radial block (ci * C + cj) * K * R
  std::vector<double> q, dq;    // n x R: Q_xi(r), dQ_xi/dr
  std::vector<double> f, df;    // n x K: f_mu(r), df_mu/dr
  std::vector<double> m;        // n x B: monomials of u
  std::vector<Vec3> gm;         // n x B: d(monomial)/d r_ij
  std::vector<double> mono;     // monomials of one neighbour's unit vector
  std::vector<double> moments;
  std::vector<double> jac;      // moments x 3n (linear rows)
};

EfsParameterGradient::EfsParameterGradient(const Potential& potential)
    : potential_(potential), basis_(potential) {
  const auto& mt = potential_.moments;
  const std::size_t nb = mt.basic.size();
  basic_mu_.resize(nb);
  basic_a_.resize(nb);
  basic_b_.resize(nb);
  basic_c_.resize(nb);
  for (std::size_t n = 0; n < nb; ++n) {
    basic_mu_[n] = mt.basic[n][0];
    basic_a_[n] = mt.basic[n][1];
    basic_b_[n] = mt.basic[n][2];
    basic_c_[n] = mt.basic[n][3];
    if (basic_mu_[n] < 0 || basic_mu_[n] >= potential_.radial_funcs_count)
      throw Error("alpha_index_basic: radial function index out of range");
  }
  if (std::size_t(mt.moments_count) < nb) throw Error("alpha_moments_count is smaller than alpha_index_basic_count");
  {
    int max_degree = 0;
    for (std::size_t n = 0; n < nb; ++n) max_degree = std::max(max_degree, basic_a_[n] + basic_b_[n] + basic_c_[n]);
    const int D = max_degree + 1;
    std::vector<int> index(std::size_t(D * D * D), -1);
    auto at = [&](int a, int b, int c) -> int& { return index[std::size_t((a * D + b) * D + c)]; };
    at(0, 0, 0) = 0;
    mono_parent_.push_back(0);
    mono_axis_.push_back(-1);
    for (int deg = 1; deg <= max_degree; ++deg)
      for (int a = deg; a >= 0; --a)
        for (int b = deg - a; b >= 0; --b) {
          const int c = deg - a - b;
          at(a, b, c) = int(mono_parent_.size());
          if (a > 0) mono_parent_.push_back(at(a - 1, b, c)), mono_axis_.push_back(0);
          else if (b > 0) mono_parent_.push_back(at(a, b - 1, c)), mono_axis_.push_back(1);
          else mono_parent_.push_back(at(a, b, c - 1)), mono_axis_.push_back(2);
        }
    for (std::size_t n = 0; n < nb; ++n) {
      const int a = basic_a_[n], b = basic_b_[n], c = basic_c_[n];
      basic_mono_.push_back(at(a, b, c));
      basic_dmono_.push_back({a > 0 ? at(a - 1, b, c) : 0, b > 0 ? at(a, b - 1, c) : 0, c > 0 ? at(a, b, c - 1) : 0});
      basic_dfactor_.push_back({double(a), double(b), double(c)});
      basic_degree_.push_back(double(a + b + c));
    }
  }
  // Degrees in the global scaling: basic moments 1; a product adds its factors' degrees. All terms summed
  // into one moment must agree, otherwise the moment is not homogeneous and no degrees are reported.
  std::vector<int> degree(std::size_t(mt.moments_count), 0);
  for (std::size_t n = 0; n < nb; ++n) degree[n] = 1;
  bool homogeneous = true;
  for (const auto& t : mt.times) {
    if (t[0] < 0 || t[1] < 0 || t[3] < 0 || t[0] >= mt.moments_count || t[1] >= mt.moments_count ||
        t[3] >= mt.moments_count)
      throw Error("alpha_index_times: moment index out of range");
    const int d = degree[std::size_t(t[0])] + degree[std::size_t(t[1])];
    int& dk = degree[std::size_t(t[3])];
    if (dk == 0) dk = d;
    else if (dk != d) homogeneous = false;
  }
  for (int k : mt.scalar_moments) {
    if (k < 0 || k >= mt.moments_count) throw Error("alpha_moment_mapping: moment index out of range");
    basis_degrees_.push_back(degree[std::size_t(k)]);
  }
  if (!homogeneous) basis_degrees_.clear();
  const std::size_t C = std::size_t(potential_.species_count);
  if (potential_.radial_coeffs.size() != potential_.radial_parameter_count() || potential_.species_coeffs.size() != C ||
      potential_.moment_coeffs.size() != mt.scalar_moments.size())
    throw Error("potential coefficients do not match its tables (untrained potential without defaults?)");
  evaluator_ = std::make_shared<const Evaluator>(potential_);
}

void EfsParameterGradient::set_parameters(const std::vector<double>& theta) {
  if (theta.size() != potential_.parameter_count()) throw Error("parameter vector has the wrong size");
  potential_.set_parameters(theta);
  evaluator_ = std::make_shared<const Evaluator>(potential_);
}

void EfsParameterGradient::set_scaling(double scaling) {
  potential_.scaling = scaling;
  basis_ = PairRadialBasis(potential_);
  evaluator_ = std::make_shared<const Evaluator>(potential_);
}

std::vector<double> EfsParameterGradient::parameters() const { return potential_.parameters(); }

void EfsParameterGradient::radial_and_angular(const NeighborList& nl, AtomAttributes atom_data, std::size_t i,
                                              Workspace& w) const {
  const Potential& p = potential_;
  const int* types = atom_data.types;
  const int R = p.pair_basis_size(), K = p.radial_funcs_count, C = p.species_count;
  std::vector<double> unused_mi, unused_mj;
  if (basis_.magnetic()) {
    if (!atom_data.magnetic_moments)
      throw Error("the potential is magnetic (magnetic_basis_type): the atoms need magnetic moments");
    unused_mi.resize(std::size_t(R));
    unused_mj.resize(std::size_t(R));
  }
  const std::size_t B = basic_mu_.size();
  const std::size_t begin = nl.offsets[i];
  const std::size_t n = nl.offsets[i + 1] - begin;
  w.n = n;
  w.r.resize(n);
  w.u.resize(n);
  w.pair.resize(n);
  w.q.resize(n * std::size_t(R));
  w.dq.resize(n * std::size_t(R));
  w.f.resize(n * std::size_t(K));
  w.df.resize(n * std::size_t(K));
  w.m.resize(n * B);
  w.gm.resize(n * B);
  w.mono.resize(mono_parent_.size());
  const int ci = types[i];
  if (ci < 0 || ci >= C) throw Error("atom type " + std::to_string(ci) + " is not below species_count");
  for (std::size_t k = 0; k < n; ++k) {
    const Vec3 d = nl.displacements[begin + k];
    const int cj = types[nl.neighbors[begin + k]];
    if (cj < 0 || cj >= C) throw Error("atom type " + std::to_string(cj) + " is not below species_count");
    const double r = norm(d);
    w.r[k] = r;
    const Vec3 u = d * (1.0 / r);
    w.u[k] = u;
    w.pair[k] = (ci * C + cj) * K * R;
    double* q = &w.q[k * std::size_t(R)];
    double* dq = &w.dq[k * std::size_t(R)];
    if (basis_.magnetic())
      basis_.evaluate(r, atom_data.magnetic_moments[i], atom_data.magnetic_moments[nl.neighbors[begin + k]], q, dq,
                      unused_mi.data(), unused_mj.data());
    else
      basis_.evaluate(r, q, dq);
    const double* c = &p.radial_coeffs[std::size_t(w.pair[k])];
    for (int mu = 0; mu < K; ++mu) {
      double fv = 0.0, dfv = 0.0;
      for (int x = 0; x < R; ++x) {
        fv += c[mu * R + x] * q[x];
        dfv += c[mu * R + x] * dq[x];
      }
      w.f[k * std::size_t(K) + std::size_t(mu)] = fv;
      w.df[k * std::size_t(K) + std::size_t(mu)] = dfv;
    }
    const double uc[3] = {u.x, u.y, u.z};
    double* mono = w.mono.data();
    mono[0] = 1.0;
    for (std::size_t t = 1; t < mono_parent_.size(); ++t) mono[t] = mono[mono_parent_[t]] * uc[mono_axis_[t]];
    const double inv_r = 1.0 / r;
    for (std::size_t b = 0; b < B; ++b) {
      const double mv = mono[basic_mono_[b]];
      // d m / d r_vec = (grad_u m - nu m u) / r for m a monomial of the unit vector of total degree nu.
      const auto& dm = basic_dmono_[b];
      const auto& df = basic_dfactor_[b];
      const Vec3 gu{df[0] * mono[dm[0]], df[1] * mono[dm[1]], df[2] * mono[dm[2]]};
      const double nu = basic_degree_[b];
      w.m[k * B + b] = mv;
      w.gm[k * B + b] = (gu - u * (nu * mv)) * inv_r;
    }
  }
}


ConfigurationEfs EfsParameterGradient::compute(const NeighborList& nl, AtomAttributes atom_data,
                                               std::size_t atoms) const {
  SiteResults sites;
  evaluator_->compute_sites(nl, atom_data, sites);
  ConfigurationEfs out;
  out.forces.assign(atoms, Vec3{});
  for (std::size_t i = 0; i < nl.centers(); ++i) {
    out.energy += sites.site_energies[i];
    for (std::size_t k = nl.offsets[i]; k < nl.offsets[i + 1]; ++k) {
      const Vec3 g = sites.pair_gradients[k];
      const Vec3 d = nl.displacements[k];
      out.forces[i] += g;
      out.forces[std::size_t(nl.neighbors[k])] -= g;
      for (int a = 0; a < 3; ++a)
        for (int c = 0; c < 3; ++c) out.virial.m[a][c] -= g[a] * d[c];
    }
  }
  return out;
}

void EfsParameterGradient::add_combination_gradient(const NeighborList& nl, AtomAttributes atom_data, std::size_t atoms,
                                                    double energy_weight, const std::vector<Vec3>& force_weights,
                                                    const Mat3& virial_weights,
                                                    std::vector<double>& gradient) const {
  if (gradient.size() != potential_.parameter_count()) throw Error("gradient has the wrong size");
  const bool have_v = !force_weights.empty();
  if (have_v && force_weights.size() != atoms) throw Error("force weights need one vector per atom");
  // The tangent: pair displacement r_ij moves along v_j - v_i + U r_ij. J's force and virial parts equal
  // minus the directional derivative of E along it.
  std::vector<Vec3> directions(nl.total());
  const auto& U = virial_weights.m;
  for (std::size_t i = 0; i < nl.centers(); ++i)
    for (std::size_t k = nl.offsets[i]; k < nl.offsets[i + 1]; ++k) {
      const Vec3 d = nl.displacements[k];
      Vec3 t{U[0][0] * d.x + U[0][1] * d.y + U[0][2] * d.z, U[1][0] * d.x + U[1][1] * d.y + U[1][2] * d.z,
             U[2][0] * d.x + U[2][1] * d.y + U[2][2] * d.z};
      if (have_v) t += force_weights[std::size_t(nl.neighbors[k])] - force_weights[i];
      directions[k] = t;
    }
  evaluator_->add_directional_parameter_gradient(nl, atom_data, energy_weight, directions.data(), gradient.data());
}

LinearRows EfsParameterGradient::linear_rows(const NeighborList& nl, AtomAttributes atom_data, std::size_t atoms,
                                             bool with_forces, bool with_virial) const {
  const int* types = atom_data.types;
  const Potential& p = potential_;
  const auto& mt = p.moments;
  const std::size_t B = basic_mu_.size(), K = std::size_t(p.radial_funcs_count);
  const std::size_t C = std::size_t(p.species_count), m = mt.scalar_moments.size();
  const std::size_t M = std::size_t(mt.moments_count);
  LinearRows rows;
  rows.columns = C + m;
  rows.energy.assign(C + m, 0.0);
  if (with_forces) rows.forces.assign(3 * atoms * (C + m), 0.0);
  if (with_virial) rows.virial.assign(9 * (C + m), 0.0);
  if (with_forces) rows.force_offsets.assign(3 * atoms, 0.0);
  if (with_virial) rows.virial_offsets.assign(9, 0.0);
  const bool derivatives = with_forces || with_virial;
  Workspace w;
  w.moments.resize(M);
  for (std::size_t i = 0; i < nl.centers(); ++i) {
    radial_and_angular(nl, atom_data, i, w);
    const std::size_t n = w.n, nd = 3 * n;
    std::fill(w.moments.begin(), w.moments.end(), 0.0);
    if (derivatives) w.jac.assign(M * nd, 0.0);
    for (std::size_t k = 0; k < n; ++k)
      for (std::size_t b = 0; b < B; ++b) {
        const std::size_t mu = std::size_t(basic_mu_[b]);
        w.moments[b] += w.f[k * K + mu] * w.m[k * B + b];
        if (derivatives) {
          const Vec3 g = w.u[k] * (w.df[k * K + mu] * w.m[k * B + b]) + w.gm[k * B + b] * w.f[k * K + mu];
          double* jb = &w.jac[b * nd + 3 * k];
          jb[0] = g.x;
          jb[1] = g.y;
          jb[2] = g.z;
        }
      }
    // Forward mode over all 3n neighbour coordinates at once: the Jacobian rows follow the products.
    for (const auto& t : mt.times) {
      const std::size_t a = std::size_t(t[0]), b = std::size_t(t[1]), c = std::size_t(t[3]);
      const double mult = t[2];
      if (derivatives) {
        const double ma = mult * w.moments[a], mb = mult * w.moments[b];
        double* jc = &w.jac[c * nd];
        const double* ja = &w.jac[a * nd];
        const double* jb = &w.jac[b * nd];
        for (std::size_t e = 0; e < nd; ++e) jc[e] += mb * ja[e] + ma * jb[e];
      }
      w.moments[c] += mult * w.moments[a] * w.moments[b];
    }
    rows.energy[std::size_t(types[i])] += 1.0;
    const std::size_t begin = nl.offsets[i];
    if (basis_.distance_basis().has_repulsion())
      for (std::size_t k = 0; k < n; ++k) {
        double dr;
        rows.energy_offset += basis_.distance_basis().repulsion(w.r[k], &dr);
        const Vec3 g = w.u[k] * dr;  // dV_i/dr_ij
        if (with_forces) {
          const std::size_t nb = std::size_t(nl.neighbors[begin + k]);
          for (int d = 0; d < 3; ++d) {
            rows.force_offsets[3 * i + std::size_t(d)] += g[d];
            rows.force_offsets[3 * nb + std::size_t(d)] -= g[d];
          }
        }
        if (with_virial) {
          const Vec3 d = nl.displacements[begin + k];
          for (int a = 0; a < 3; ++a)
            for (int c = 0; c < 3; ++c) rows.virial_offsets[std::size_t(3 * a + c)] -= g[a] * d[c];
        }
      }
    for (std::size_t al = 0; al < m; ++al) {
      const std::size_t mk = std::size_t(mt.scalar_moments[al]);
      rows.energy[C + al] += w.moments[mk];
      if (!derivatives) continue;
      const double* j = &w.jac[mk * nd];
      for (std::size_t k = 0; k < n; ++k) {
        const Vec3 g{j[3 * k], j[3 * k + 1], j[3 * k + 2]};
        if (with_forces) {
          // F = -dE/dx: the centre gains +g, the neighbour -g.
          const std::size_t nb = std::size_t(nl.neighbors[begin + k]);
          for (int d = 0; d < 3; ++d) {
            rows.forces[(3 * i + std::size_t(d)) * (C + m) + C + al] += g[d];
            rows.forces[(3 * nb + std::size_t(d)) * (C + m) + C + al] -= g[d];
          }
        }
        if (with_virial) {
          const Vec3 d = nl.displacements[begin + k];
          for (int a = 0; a < 3; ++a)
            for (int c = 0; c < 3; ++c) rows.virial[std::size_t(3 * a + c) * (C + m) + C + al] -= g[a] * d[c];
        }
      }
    }
  }
  return rows;
}

}  // namespace mtp
