#include "mtp/active/equation_rows.hpp"

#include <string>

#include "mtp/core/error.hpp"
#include "mtp/model/magnetic_moments.hpp"

namespace mtp::active {
namespace {

constexpr double kPositionStep = 1e-5;  // Angstrom
constexpr double kStrainStep = 1e-5;

std::vector<double> energy_gradient(const Evaluator& evaluator, const Configuration& cfg) {
  const NeighborList nl = NeighborList::build(cfg, evaluator.cutoff());
  const std::vector<double> moments = collinear_magnetic_moments(cfg, evaluator.potential());
  return evaluator.energy_parameter_gradient(nl, {cfg.types.data(), moments.empty() ? nullptr : moments.data()});
}

void check_weights(const SelectionWeights& weights) {
  if (!weights.any()) throw Error("selection weights are all zero: no equation would be selected");
}

// Appends the site-energy and energy rows computed from a neighbour list.
void append_list_rows(const Evaluator& evaluator, const NeighborList& nl, AtomAttributes types,
                      const SelectionWeights& weights, EquationRows& out, std::size_t& row) {
  const std::size_t atoms = nl.centers();
  const Eigen::Index p = Eigen::Index(evaluator.potential().parameter_count());
  if (weights.site_energy != 0.0) {
    const std::vector<double> g = evaluator.site_energy_parameter_gradients(nl, types);
    for (std::size_t i = 0; i < atoms; ++i, ++row) {
      out.values.row(Eigen::Index(row)) = Eigen::Map<const Eigen::RowVectorXd>(g.data() + i * std::size_t(p), p);
      out.equations[row] = site_energy_equation(atoms, i);
    }
  }
  if (weights.energy != 0.0) {
    const std::vector<double> g = evaluator.energy_parameter_gradient(nl, types);
    const double f = weights.energy_factor(double(atoms));
    out.values.row(Eigen::Index(row)) = Eigen::Map<const Eigen::RowVectorXd>(g.data(), p) * f;
    out.equations[row] = energy_equation();
    ++row;
  }
}

}  // namespace

EquationRows equation_rows(const Evaluator& evaluator, const NeighborList& nl, AtomAttributes types,
                           const SelectionWeights& weights) {
  check_weights(weights);
  if (weights.force != 0.0 || weights.stress != 0.0)
    throw Error("force and stress rows need the whole configuration, not a neighbour list");
  const std::size_t atoms = nl.centers();
  EquationRows out;
  if (atoms == 0) return out;
  const std::size_t count = (weights.site_energy != 0.0 ? atoms : 0) + (weights.energy != 0.0 ? 1 : 0);
  out.values.resize(Eigen::Index(count), Eigen::Index(evaluator.potential().parameter_count()));
  out.equations.resize(count);
  std::size_t row = 0;
  append_list_rows(evaluator, nl, types, weights, out, row);
  return out;
}

EquationRows equation_rows(const Evaluator& evaluator, const Configuration& cfg, const SelectionWeights& weights) {
  check_weights(weights);
  const std::size_t atoms = cfg.size();
  EquationRows out;
  if (atoms == 0) return out;
  const NeighborList nl = NeighborList::build(cfg, evaluator.cutoff());
  if ((weights.force != 0.0 || weights.stress != 0.0) && nl.centers() != atoms)
    throw Error("force and stress rows of a cluster with ghost atoms are not defined here (select with energy or "
                "site-energy rows)");
  const std::size_t count = (weights.site_energy != 0.0 ? nl.centers() : 0) + (weights.energy != 0.0 ? 1 : 0) +
                            (weights.force != 0.0 ? 3 * atoms : 0) + (weights.stress != 0.0 ? 9 : 0);
  const Eigen::Index p = Eigen::Index(evaluator.potential().parameter_count());
  out.values.resize(Eigen::Index(count), p);
  out.equations.resize(count);
  std::size_t row = 0;
  const std::vector<double> moments = collinear_magnetic_moments(cfg, evaluator.potential());
  append_list_rows(evaluator, nl, {cfg.types.data(), moments.empty() ? nullptr : moments.data()}, weights, out, row);
  if (weights.force != 0.0) {
    // dF_ia/dtheta = -d/dx_ia (dE/dtheta)
    const double f = weights.force_factor(double(atoms));
    Configuration moved = cfg;
    for (std::size_t i = 0; i < atoms; ++i)
      for (int a = 0; a < 3; ++a, ++row) {
        moved.positions[i][a] = cfg.positions[i][a] + kPositionStep;
        const std::vector<double> plus = energy_gradient(evaluator, moved);
        moved.positions[i][a] = cfg.positions[i][a] - kPositionStep;
        const std::vector<double> minus = energy_gradient(evaluator, moved);
        moved.positions[i][a] = cfg.positions[i][a];
        for (Eigen::Index k = 0; k < p; ++k)
          out.values(Eigen::Index(row), k) = -f * (plus[std::size_t(k)] - minus[std::size_t(k)]) / (2 * kPositionStep);
        out.equations[row] = force_equation(atoms, i, a);
      }
  }
  if (weights.stress != 0.0) {
    // W_ab = -dE/d(eps_ab) under x_a -> x_a + eps_ab x_b (positions and lattice rows alike).
    const double f = weights.stress_factor(double(atoms));
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b, ++row) {
        std::vector<double> g[2];
        for (int s = 0; s < 2; ++s) {
          const double e = (s == 0 ? kStrainStep : -kStrainStep);
          Configuration strained = cfg;
          for (Vec3& x : strained.positions) x[a] += e * x[b];
          for (int r = 0; r < strained.lattice.periodic_dims; ++r) strained.lattice.rows(r, a) += e * cfg.lattice.rows(r, b);
          g[s] = energy_gradient(evaluator, strained);
        }
        for (Eigen::Index k = 0; k < p; ++k)
          out.values(Eigen::Index(row), k) = -f * (g[0][std::size_t(k)] - g[1][std::size_t(k)]) / (2 * kStrainStep);
        out.equations[row] = stress_equation(atoms, a, b);
      }
  }
  return out;
}

}  // namespace mtp::active
