// Every instruction-set path of the evaluator's kernel that this CPU runs (model/kernel_isa.hpp) gives the
// baseline path's energies, forces, virials and parameter gradients to rounding. Reads the MLIP-2 templates
// from ../shared (skips where absent).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/core/error.hpp"
#include "mtp/core/neighbor_list.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/model/evaluator.hpp"
#include "mtp/model/kernel_isa.hpp"
#include "support/paths.hpp"
#include "support/random_potential.hpp"

namespace {

using mtp::Configuration;
using mtp::Evaluator;
using mtp::KernelIsa;
using mtp::Mat3;
using mtp::Potential;
using mtp::Vec3;

using mtp::test::random_potential;

// A rattled simple-cubic cell of 27 atoms (spacing 2.2: about 30 neighbours within 4.6, not a multiple of the
// kernel's chunk of 8), species cycling.
Configuration rattled_cell(unsigned seed, int species) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-0.25, 0.25);
  Configuration cfg;
  Mat3 rows;
  rows.set_row(0, Vec3{6.6, 0.0, 0.0});
  rows.set_row(1, Vec3{0.3, 6.6, 0.0});
  rows.set_row(2, Vec3{0.0, -0.2, 6.6});
  cfg.lattice = mtp::Lattice::periodic(rows);
  for (int x = 0; x < 3; ++x)
    for (int y = 0; y < 3; ++y)
      for (int z = 0; z < 3; ++z) {
        cfg.positions.push_back(Vec3{2.2 * x + u(rng), 2.2 * y + u(rng), 2.2 * z + u(rng)});
        cfg.types.push_back(int(cfg.positions.size()) % species);
      }
  return cfg;
}

// |a_k - b_k| <= tol * (1 + max_k |b_k|) for all k.
void expect_close(const std::vector<double>& a, const std::vector<double>& b, const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  double scale = 1.0;
  for (double v : b) scale = std::max(scale, std::abs(v));
  for (std::size_t k = 0; k < a.size(); ++k) ASSERT_NEAR(a[k], b[k], 1e-11 * scale) << what << " entry " << k;
}

std::vector<double> flat(const mtp::EfsResults& r) {
  std::vector<double> v{r.energy};
  for (const Vec3& f : r.forces) v.insert(v.end(), {f.x, f.y, f.z});
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) v.push_back(r.virial.m[a][b]);
  v.insert(v.end(), r.site_energies.begin(), r.site_energies.end());
  return v;
}

TEST(KernelIsa, BaselineIsAlwaysSupportedAndTheDefaultIsSupported) {
  const std::vector<KernelIsa> isas = mtp::supported_kernel_isas();
  ASSERT_FALSE(isas.empty());
  EXPECT_EQ(isas.front(), KernelIsa::baseline);
  EXPECT_NE(std::find(isas.begin(), isas.end(), mtp::default_kernel_isa()), isas.end());
}

TEST(KernelIsa, EveryPathAgreesWithTheBaselineToRounding) {
  REQUIRE_SHARED();
  const std::vector<KernelIsa> isas = mtp::supported_kernel_isas();
  if (isas.size() == 1) std::printf("note: this CPU runs the baseline kernel path only\n");
  for (int level : {8, 16, 24}) {
    const Potential pot = random_potential(level, 2, unsigned(level));
    const Configuration cfg = rattled_cell(unsigned(level) + 1, 2);
    Evaluator reference(pot);
    reference.set_kernel_isa(KernelIsa::baseline);
    const mtp::NeighborList nl = mtp::NeighborList::build(cfg, reference.cutoff());
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    std::vector<Vec3> directions(nl.total());
    for (Vec3& d : directions) d = Vec3{u(rng), u(rng), u(rng)};

    const std::vector<double> efs = flat(reference.compute(cfg));
    const std::vector<double> sites = reference.site_energy_parameter_gradients(nl, cfg.types.data());
    const std::vector<double> basis = reference.site_basis_values(nl, cfg.types.data());
    std::vector<double> directional(pot.parameter_count(), 0.0);
    reference.add_directional_parameter_gradient(nl, cfg.types.data(), 0.7, directions.data(), directional.data());
    ASSERT_GT(std::abs(efs[1]) + std::abs(efs[2]), 1e-6) << "forces should not vanish in a rattled cell";

    for (KernelIsa isa : isas) {
      const std::string what = "level " + std::to_string(level) + ", path " + mtp::kernel_isa_name(isa);
      Evaluator ev(pot);
      ev.set_kernel_isa(isa);
      EXPECT_EQ(ev.kernel_isa(), isa);
      expect_close(flat(ev.compute(cfg)), efs, what + ": E, F, W, site energies");
      expect_close(ev.site_energy_parameter_gradients(nl, cfg.types.data()), sites, what + ": dV_i/dtheta");
      expect_close(ev.site_basis_values(nl, cfg.types.data()), basis, what + ": basis values");
      std::vector<double> g(pot.parameter_count(), 0.0);
      ev.add_directional_parameter_gradient(nl, cfg.types.data(), 0.7, directions.data(), g.data());
      expect_close(g, directional, what + ": directional parameter gradient");
    }
  }
}

}  // namespace
