#include "mtp/relax/relaxation_objective.hpp"

#include <algorithm>
#include <cmath>

#include "mtp/core/error.hpp"

namespace mtp {

RelaxationObjective::RelaxationObjective(const Configuration& reference, EfsFunction efs, double pressure_gpa,
                                         bool relax_positions, bool relax_cell)
    : reference_(reference),
      efs_(std::move(efs)),
      pressure_gpa_(pressure_gpa),
      relax_positions_(relax_positions),
      relax_cell_(relax_cell && reference.lattice.periodic_dims == 3),
      cell_length_(1.0),
      size_(0) {
  if (relax_cell_) cell_length_ = std::cbrt(reference_.lattice.volume());
  size_ = (relax_positions_ ? 3 * reference_.size() : 0) + (relax_cell_ ? 9 : 0);
}

std::vector<double> RelaxationObjective::initial_variables() const {
  std::vector<double> u(size_, 0.0);
  if (relax_positions_)
    for (std::size_t i = 0; i < reference_.size(); ++i)
      for (int a = 0; a < 3; ++a) u[3 * i + a] = reference_.positions[i][a];
  return u;
}

Mat3 RelaxationObjective::deformation(const std::vector<double>& u) const {
  Mat3 f = Mat3::identity();
  if (!relax_cell_) return f;
  const std::size_t off = relax_positions_ ? 3 * reference_.size() : 0;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) f(a, b) += u[off + 3 * a + b] / cell_length_;
  return f;
}

Configuration RelaxationObjective::configuration_at(const std::vector<double>& u) const {
  if (u.size() != size_) throw Error("relaxation: variable vector has the wrong size");
  Configuration cfg = reference_;
  const Mat3 f = deformation(u);
  for (std::size_t i = 0; i < cfg.size(); ++i) {
    const Vec3 s = relax_positions_ ? Vec3{u[3 * i], u[3 * i + 1], u[3 * i + 2]} : reference_.positions[i];
    cfg.positions[i] = s * f;
  }
  if (relax_cell_) cfg.lattice.rows = reference_.lattice.rows * f;
  return cfg;
}

double RelaxationObjective::evaluate(const std::vector<double>& u, std::vector<double>& gradient,
                                     Configuration& cfg) const {
  cfg = configuration_at(u);
  cfg.clear_efs();
  efs_(cfg);
  if (!cfg.energy || cfg.forces.size() != cfg.size())
    throw Error("relaxation: the energy model returned no energy or forces");
  const Mat3 f = deformation(u);
  gradient.assign(size_, 0.0);
  if (relax_positions_) {
    // dE/ds_i = -F_i (I + D)^T, since x_i = s_i (I + D).
    for (std::size_t i = 0; i < cfg.size(); ++i) {
      const Vec3& force = cfg.forces[i];
      for (int a = 0; a < 3; ++a) {
        double g = 0.0;
        for (int b = 0; b < 3; ++b) g -= force[b] * f(a, b);
        gradient[3 * i + a] = g;
      }
    }
  }
  double enthalpy = *cfg.energy;
  if (relax_cell_) {
    if (!cfg.virial) throw Error("relaxation: the energy model returned no virial, needed to relax the cell");
    const double volume = cfg.lattice.volume();
    const double pv = pressure_gpa_ / kGpaPerEvPerA3 * volume;
    enthalpy += pv;
    // (I + D) -> (I + D)(I + eps) changes H by -(W - P V I) : eps, so dH/dD = -(I + D)^-T (W - P V I).
    Mat3 w = *cfg.virial;
    for (int a = 0; a < 3; ++a) w(a, a) -= pv;
    const Mat3 g = transpose(inverse(f)) * w;
    const std::size_t off = relax_positions_ ? 3 * cfg.size() : 0;
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) gradient[off + 3 * a + b] = -g(a, b) / cell_length_;
  }
  return enthalpy;
}

double max_force(const Configuration& cfg) {
  double m = 0.0;
  for (const Vec3& f : cfg.forces) m = std::max(m, norm(f));
  return m;
}

double max_stress_deviation_gpa(const Configuration& cfg, double pressure_gpa) {
  if (!cfg.virial || cfg.lattice.periodic_dims != 3) return 0.0;
  const double scale = kGpaPerEvPerA3 / cfg.lattice.volume();
  double m = 0.0;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) {
      const double target = a == b ? pressure_gpa : 0.0;
      m = std::max(m, std::fabs((*cfg.virial)(a, b) * scale - target));
    }
  return m;
}

}  // namespace mtp
