#include "mtp/model/efs_parameter_gradient.hpp"

#include <algorithm>
#include <cmath>

#include "mtp/core/error.hpp"

namespace mtp {

EfsParameterGradient::EfsParameterGradient(const Potential& potential)
    : potential_(potential), basis_(potential) {
  const auto& mt = potential_.moments;
  const std::size_t nb = mt.basic.size();
  for (const auto& b : mt.basic)
    if (b[0] < 0 || b[0] >= potential_.radial_funcs_count)
      throw Error("alpha_index_basic: radial function index out of range");
  if (std::size_t(mt.moments_count) < nb) throw Error("alpha_moments_count is smaller than alpha_index_basic_count");
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
  const std::size_t C = std::size_t(p.species_count), m = mt.scalar_moments.size();
  LinearRows rows;
  rows.columns = C + m;
  rows.energy.assign(C + m, 0.0);
  if (with_forces) rows.forces.assign(3 * atoms * (C + m), 0.0);
  if (with_virial) rows.virial.assign(9 * (C + m), 0.0);
  if (with_forces) rows.force_offsets.assign(3 * atoms, 0.0);
  if (with_virial) rows.virial_offsets.assign(9, 0.0);
  const bool derivatives = with_forces || with_virial;
  const RadialBasis& distance_basis = basis_.distance_basis();
  // The basis values and their gradients come from the evaluator (its one neighbourhood loader and radial
  // basis); here they are only summed into rows.
  evaluator_->for_each_site_basis_gradient(nl, atom_data, [&](std::size_t i, const double* values, const Vec3* grads) {
    const std::size_t begin = nl.offsets[i];
    const std::size_t n = nl.offsets[i + 1] - begin;
    rows.energy[std::size_t(types[i])] += 1.0;
    if (distance_basis.has_repulsion())
      for (std::size_t k = 0; k < n; ++k) {
        const Vec3 d = nl.displacements[begin + k];
        const double r = norm(d);
        double dr;
        rows.energy_offset += distance_basis.repulsion(r, &dr);
        const Vec3 g = d * (1.0 / r) * dr;  // dV_i/dr_ij
        if (with_forces) {
          const std::size_t nb = std::size_t(nl.neighbors[begin + k]);
          for (int c = 0; c < 3; ++c) {
            rows.force_offsets[3 * i + std::size_t(c)] += g[c];
            rows.force_offsets[3 * nb + std::size_t(c)] -= g[c];
          }
        }
        if (with_virial)
          for (int a = 0; a < 3; ++a)
            for (int c = 0; c < 3; ++c) rows.virial_offsets[std::size_t(3 * a + c)] -= g[a] * d[c];
      }
    for (std::size_t al = 0; al < m; ++al) {
      rows.energy[C + al] += values[al];
      if (!derivatives) continue;
      for (std::size_t k = 0; k < n; ++k) {
        const Vec3 g = grads[al * n + k];
        if (with_forces) {
          // F = -dE/dx: the centre gains +g, the neighbour -g.
          const std::size_t nb = std::size_t(nl.neighbors[begin + k]);
          for (int c = 0; c < 3; ++c) {
            rows.forces[(3 * i + std::size_t(c)) * (C + m) + C + al] += g[c];
            rows.forces[(3 * nb + std::size_t(c)) * (C + m) + C + al] -= g[c];
          }
        }
        if (with_virial) {
          const Vec3 d = nl.displacements[begin + k];
          for (int a = 0; a < 3; ++a)
            for (int c = 0; c < 3; ++c) rows.virial[std::size_t(3 * a + c) * (C + m) + C + al] -= g[a] * d[c];
        }
      }
    }
  });
  return rows;
}

}  // namespace mtp
