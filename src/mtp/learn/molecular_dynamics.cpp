#include "mtp/learn/molecular_dynamics.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "mtp/core/error.hpp"

namespace mtp::learn {
namespace {

// The dynamics proper; `cfg` is the state, left where the run ended.
int run_md_from(Configuration& cfg, const EfsFunction& efs, const MdParameters& p, const MdObserver& observe) {
  const std::size_t n = cfg.size();
  std::vector<double> mass(n);
  for (std::size_t i = 0; i < n; ++i) {
    const int t = cfg.types[i];
    if (t < 0 || std::size_t(t) >= p.masses.size()) throw Error("MD: no mass for species type " + std::to_string(t));
    mass[i] = p.masses[std::size_t(t)];
  }
  std::mt19937_64 rng(p.seed);
  std::normal_distribution<double> gauss(0.0, 1.0);
  double target = p.temperature;  // the thermostat's temperature at the current step
  auto sigma = [&](std::size_t i) { return std::sqrt(kBoltzmann * target / (mass[i] * kMvv2e)); };

  std::vector<Vec3> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = Vec3{gauss(rng), gauss(rng), gauss(rng)} * sigma(i);
  if (n > 1) {  // no drift of the whole cell
    Vec3 momentum{0, 0, 0};
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) { momentum += v[i] * mass[i]; total += mass[i]; }
    for (std::size_t i = 0; i < n; ++i) v[i] -= momentum * (1.0 / total);
  }
  const double dt = p.timestep;
  const double c1 = std::exp(-dt / p.thermostat_damping);
  const double c2 = std::sqrt(std::max(0.0, 1.0 - c1 * c1));
  auto accel = [&](std::size_t i) { return cfg.forces[i] * (1.0 / (mass[i] * kMvv2e)); };

  efs(cfg);
  if (observe && !observe(cfg, 0)) return 0;
  for (int step = 1; step <= p.steps; ++step) {
    if (p.end_temperature >= 0.0)
      target = p.temperature + (p.end_temperature - p.temperature) * double(step) / double(p.steps);
    for (std::size_t i = 0; i < n; ++i) v[i] += accel(i) * (0.5 * dt);
    for (std::size_t i = 0; i < n; ++i) cfg.positions[i] += v[i] * (0.5 * dt);
    for (std::size_t i = 0; i < n; ++i)
      v[i] = v[i] * c1 + Vec3{gauss(rng), gauss(rng), gauss(rng)} * (c2 * sigma(i));
    for (std::size_t i = 0; i < n; ++i) cfg.positions[i] += v[i] * (0.5 * dt);
    efs(cfg);
    for (std::size_t i = 0; i < n; ++i) v[i] += accel(i) * (0.5 * dt);

    if (p.barostat && cfg.lattice.periodic_dims == 3 && cfg.has_virial()) {
      double kinetic2 = 0;  // 2 KE, eV
      for (std::size_t i = 0; i < n; ++i) kinetic2 += mass[i] * kMvv2e * (v[i].x * v[i].x + v[i].y * v[i].y + v[i].z * v[i].z);
      const Mat3& w = *cfg.virial;
      const double volume = cfg.lattice.volume();
      const double pressure = (kinetic2 + w(0, 0) + w(1, 1) + w(2, 2)) / (3.0 * volume) * kGpaPerEvPerA3;
      const double compressibility = 1.0 / 100.0;  // 1/GPa, a metal's order of magnitude; sets the speed only
      double mu3 = 1.0 - compressibility * dt / p.barostat_damping * (p.pressure_gpa - pressure);
      mu3 = std::clamp(mu3, 0.99, 1.01);
      const double mu = std::cbrt(mu3);
      cfg.lattice.rows *= mu;
      for (Vec3& x : cfg.positions) x *= mu;
    }
    if (observe && step % p.observe_every == 0 && !observe(cfg, step)) return step;
  }
  return p.steps;
}

}  // namespace

int run_md(const Configuration& start, const EfsFunction& efs, const MdParameters& p, const MdObserver& observe,
           Configuration* last) {
  Configuration cfg = start;
  const int steps = run_md_from(cfg, efs, p, observe);
  if (last) *last = std::move(cfg);
  return steps;
}

}  // namespace mtp::learn
