#pragma once
// A smooth Morse pair potential with a shifted, cut-off energy: a cheap stand-in energy model for tests of
// drivers (relaxation, selection plumbing) that must not depend on the MTP evaluator.
#include <cmath>

#include "mtp/core/configuration.hpp"
#include "mtp/core/neighbor_list.hpp"

namespace mtp::test {

struct MorsePotential {
  double depth = 0.35;     // eV
  double alpha = 1.36;     // 1/A
  double r0 = 2.55;        // A (Cu-like nearest-neighbour distance)
  double cutoff = 5.0;

  // Pair energy with the value and slope at the cutoff subtracted, so energy and force are continuous.
  double pair(double r, double& dphi) const {
    auto morse = [&](double x, double& d) {
      const double e = std::exp(-alpha * (x - r0));
      d = depth * (-2.0 * alpha * e * e + 2.0 * alpha * e);
      return depth * (e * e - 2.0 * e);
    };
    double dc;
    const double vc = morse(cutoff, dc);
    double d;
    const double v = morse(r, d);
    dphi = d - dc;
    return v - vc - (r - cutoff) * dc;
  }

  void operator()(Configuration& cfg) const {
    const NeighborList nl = NeighborList::build(cfg, cutoff);
    double energy = 0.0;
    cfg.forces.assign(cfg.size(), Vec3{});
    Mat3 w;
    for (std::size_t i = 0; i < nl.centers(); ++i)
      for (std::size_t k = nl.offsets[i]; k < nl.offsets[i + 1]; ++k) {
        const Vec3& r = nl.displacements[k];
        const double d = norm(r);
        double dphi;
        energy += 0.5 * pair(d, dphi);
        const Vec3 g = r * (0.5 * dphi / d);  // d(half pair energy)/d r_ij
        cfg.forces[i] += g;
        cfg.forces[nl.neighbors[k]] -= g;
        for (int a = 0; a < 3; ++a)
          for (int b = 0; b < 3; ++b) w(a, b) -= g[a] * r[b];
      }
    cfg.energy = energy;
    cfg.virial = w;
  }
};

inline Configuration fcc_cell(double a, int n, int type = 0) {
  Configuration cfg;
  cfg.lattice = Lattice::periodic(Mat3::identity() * (a * n));
  const Vec3 basis[4] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      for (int k = 0; k < n; ++k)
        for (const Vec3& b : basis) {
          cfg.positions.push_back((Vec3{double(i), double(j), double(k)} + b) * a);
          cfg.types.push_back(type);
        }
  return cfg;
}

}  // namespace mtp::test
