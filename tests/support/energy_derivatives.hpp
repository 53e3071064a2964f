#pragma once
// Finite-difference checks of an evaluator's forces and virial: F = -dE/dx by central differences of every
// coordinate, W = -dE/d(strain) by straining cell and positions by (I + e).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "mtp/core/configuration.hpp"
#include "mtp/model/evaluator.hpp"

namespace mtp::test {

// cfg with cell rows and positions multiplied on the right by I + e E_ba.
inline Configuration strained(const Configuration& cfg, int a, int b, double e) {
  Mat3 d = Mat3::identity();
  d(b, a) += e;
  Configuration c = cfg;
  c.lattice.rows = cfg.lattice.rows * d;
  for (Vec3& x : c.positions) x = x * d;
  return c;
}

// Forces within tolerance * max |F| and the virial within tolerance * max(1, max |W|) of central differences
// with step h. Returns max |F| so callers can check the case is not trivial.
inline double expect_forces_and_virial_are_energy_derivatives(const Evaluator& ev, const Configuration& cfg,
                                                              double h, double tolerance, const std::string& label) {
  const EfsResults res = ev.compute(cfg);
  auto energy = [&](const Configuration& c) { return ev.compute(c).energy; };
  double fmax = 0.0, wmax = 1.0;
  for (const Vec3& f : res.forces) fmax = std::max({fmax, std::abs(f.x), std::abs(f.y), std::abs(f.z)});
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) wmax = std::max(wmax, std::abs(res.virial(a, b)));
  for (std::size_t i = 0; i < cfg.size(); ++i)
    for (int a = 0; a < 3; ++a) {
      Configuration plus = cfg, minus = cfg;
      plus.positions[i][a] += h;
      minus.positions[i][a] -= h;
      EXPECT_NEAR(res.forces[i][a], -(energy(plus) - energy(minus)) / (2 * h), tolerance * fmax)
          << label << " atom " << i << " axis " << a;
    }
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b)
      EXPECT_NEAR(res.virial(a, b), -(energy(strained(cfg, a, b, h)) - energy(strained(cfg, a, b, -h))) / (2 * h),
                  tolerance * wmax)
          << label << " virial " << a << b;
  return fmax;
}

}  // namespace mtp::test
