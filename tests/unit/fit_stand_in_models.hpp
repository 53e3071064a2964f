#pragma once
// Small stand-in MTPs and configurations for the training tests: hand-made moment tables (a scalar, a vector
// contracted with itself, a rank-2 tensor contracted with itself and a triple product), so the tests need no
// template file and exercise every kind of contraction.
#include <cmath>
#include <random>

#include "mtp/core/configuration.hpp"
#include "mtp/model/potential.hpp"

namespace mtp::test {

inline Potential stand_in_potential(int species, unsigned seed, double min_dist = 1.8, double max_dist = 4.6) {
  Potential p;
  p.species_count = species;
  p.scaling = 0.7;
  p.radial.min_dist = min_dist;
  p.radial.max_dist = max_dist;
  p.radial.size = 6;
  p.radial_funcs_count = 2;
  auto& mt = p.moments;
  // 0: mu0 scalar; 1-3: mu0 vector; 4: mu1 scalar; 5-10: mu1 rank 2 (xx xy xz yy yz zz); 11-13: mu1 vector.
  mt.basic = {{0, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}, {1, 0, 0, 0}, {1, 2, 0, 0}, {1, 1, 1, 0},
              {1, 1, 0, 1}, {1, 0, 2, 0}, {1, 0, 1, 1}, {1, 0, 0, 2}, {1, 1, 0, 0}, {1, 0, 1, 0}, {1, 0, 0, 1}};
  // 14 = v0.v0, 15 = T:T, 16 = M0 * v0.v0, 17 = v0.v1
  mt.times = {{1, 1, 1, 14}, {2, 2, 1, 14}, {3, 3, 1, 14}, {5, 5, 1, 15}, {6, 6, 2, 15}, {7, 7, 2, 15},
              {8, 8, 1, 15}, {9, 9, 2, 15}, {10, 10, 1, 15}, {0, 14, 1, 16}, {1, 11, 1, 17}, {2, 12, 1, 17},
              {3, 13, 1, 17}};
  mt.moments_count = 18;
  mt.scalar_moments = {0, 4, 14, 15, 16, 17};
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> U(-1.0, 1.0);
  p.radial_coeffs.resize(p.radial_parameter_count());
  for (double& c : p.radial_coeffs) c = 0.5 * U(rng);
  p.species_coeffs.resize(std::size_t(species));
  for (double& c : p.species_coeffs) c = U(rng);
  p.moment_coeffs.resize(mt.scalar_moments.size());
  for (double& c : p.moment_coeffs) c = U(rng);
  p.trained = true;
  return p;
}

// A periodic, slightly sheared cell with `atoms` atoms on a jittered grid, random species, and made-up
// reference energy, forces and virial.
inline Configuration stand_in_configuration(int atoms, int species, unsigned seed, double spacing = 2.3) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> U(-1.0, 1.0);
  Configuration cfg;
  const int side = int(std::ceil(std::cbrt(double(atoms))));
  Mat3 rows;
  rows.m[0][0] = side * spacing;
  rows.m[1][1] = side * spacing;
  rows.m[2][2] = side * spacing;
  rows.m[1][0] = 0.3;
  rows.m[2][1] = -0.2;
  cfg.lattice = Lattice::periodic(rows);
  cfg.resize(std::size_t(atoms));
  for (int n = 0; n < atoms; ++n) {
    const Vec3 frac{(n % side + 0.5 + 0.12 * U(rng)) / side, ((n / side) % side + 0.5 + 0.12 * U(rng)) / side,
                    (n / (side * side) + 0.5 + 0.12 * U(rng)) / side};
    cfg.positions[std::size_t(n)] = cfg.lattice.to_cartesian(frac);
    cfg.types[std::size_t(n)] = int(rng() % unsigned(species));
  }
  cfg.energy = -3.0 * atoms + U(rng);
  cfg.forces.resize(std::size_t(atoms));
  for (Vec3& f : cfg.forces) f = Vec3{U(rng), U(rng), U(rng)};
  Mat3 w;
  for (int a = 0; a < 3; ++a)
    for (int b = a; b < 3; ++b) w.m[a][b] = w.m[b][a] = 2.0 * U(rng);
  cfg.virial = w;
  return cfg;
}

}  // namespace mtp::test
