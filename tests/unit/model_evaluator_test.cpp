#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/core/error.hpp"
#include "mtp/core/neighbor_list.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/model/evaluator.hpp"
#include "support/energy_derivatives.hpp"
#include "support/paths.hpp"
#include "support/random_potential.hpp"

namespace {

using mtp::Configuration;
using mtp::Evaluator;
using mtp::Mat3;
using mtp::NeighborList;
using mtp::Potential;
using mtp::Vec3;

using mtp::test::random_potential;

Configuration random_cell(unsigned seed, int atoms, int species, double size = 5.5, double skew = 1.5) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Configuration cfg;
  Mat3 rows;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) rows(i, j) = i == j ? size * (0.9 + 0.2 * u(rng)) : skew * (u(rng) - 0.5);
  cfg.lattice = mtp::Lattice::periodic(rows);
  while (int(cfg.size()) < atoms) {
    const Vec3 x = Vec3{u(rng), u(rng), u(rng)} * rows;
    Configuration trial = cfg;
    trial.positions.push_back(x);
    trial.types.push_back(int(cfg.size()) % species);
    if (trial.min_distance(5.0) > 1.9) cfg = trial;
  }
  return cfg;
}

double energy(const Evaluator& ev, const Configuration& cfg) { return ev.compute(cfg).energy; }

// The potential with parameter p moved by -h and +h (h relative to the parameter's size), and 2h.
struct ParameterPair {
  Potential minus, plus;
  double width;
};
ParameterPair perturbed(const Potential& pot, std::size_t p) {
  std::vector<double> tm = pot.parameters(), tp = tm;
  const double h = 1e-6 * std::max(1.0, std::abs(tp[p]));
  tp[p] += h;
  tm[p] -= h;
  ParameterPair out{pot, pot, 2 * h};
  out.minus.set_parameters(tm);
  out.plus.set_parameters(tp);
  return out;
}

class ModelFixture : public ::testing::Test {
 protected:
  void SetUp() override { REQUIRE_SHARED(); }
};

using Model = ModelFixture;

TEST_F(Model, ForcesAreMinusEnergyGradient) {
  for (int level : {8, 16}) {
    const Evaluator ev(random_potential(level, 3, 11u + unsigned(level)));
    Configuration cfg = random_cell(5u + unsigned(level), 7, 3);
    const mtp::EfsResults res = ev.compute(cfg);
    double fmax = 0.0;
    for (const Vec3& f : res.forces) fmax = std::max({fmax, std::abs(f.x), std::abs(f.y), std::abs(f.z)});
    ASSERT_GT(fmax, 1e-3);
    const double h = 1e-5;
    for (std::size_t i = 0; i < cfg.size(); ++i)
      for (int a = 0; a < 3; ++a) {
        Configuration plus = cfg, minus = cfg;
        plus.positions[i][a] += h;
        minus.positions[i][a] -= h;
        const double fd = -(energy(ev, plus) - energy(ev, minus)) / (2 * h);
        EXPECT_NEAR(res.forces[i][a], fd, 1e-6 * fmax) << "level " << level << " atom " << i << " axis " << a;
      }
  }
}

TEST_F(Model, VirialIsMinusStrainDerivative) {
  const Evaluator ev(random_potential(16, 2, 3u));
  const Configuration cfg = random_cell(9u, 6, 2, 5.0, 3.0);
  const mtp::EfsResults res = ev.compute(cfg);
  const double h = 1e-6;
  double wmax = 0.0;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) wmax = std::max(wmax, std::abs(res.virial(a, b)));
  ASSERT_GT(wmax, 1e-3);
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) {
      const double dE = (energy(ev, mtp::test::strained(cfg, a, b, h)) - energy(ev, mtp::test::strained(cfg, a, b, -h))) / (2 * h);
      EXPECT_NEAR(res.virial(a, b), -dE, 1e-6 * wmax) << a << b;
    }
  // Symmetric (rotational invariance), and the per-atom virials add up to it.
  Mat3 sum;
  for (const Mat3& w : res.atom_virials) sum += w;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) {
      EXPECT_NEAR(res.virial(a, b), res.virial(b, a), 1e-9 * wmax);
      EXPECT_NEAR(sum(a, b), res.virial(a, b), 1e-12 * wmax);
    }
}

TEST_F(Model, ParameterGradientsMatchFiniteDifferences) {
  const Potential pot = random_potential(16, 3, 21u);
  const Evaluator ev(pot);
  const Configuration cfg = random_cell(33u, 6, 3);
  const NeighborList nl = NeighborList::build(cfg, ev.cutoff());
  const std::vector<double> grad = ev.energy_parameter_gradient(nl, cfg.types.data());
  const std::vector<double> sites = ev.site_energy_parameter_gradients(nl, cfg.types.data());
  const std::size_t P = pot.parameter_count();
  ASSERT_EQ(grad.size(), P);
  ASSERT_EQ(sites.size(), P * cfg.size());
  double gmax = 0.0;
  for (double g : grad) gmax = std::max(gmax, std::abs(g));
  int nonzero_radial = 0;
  for (std::size_t p = 0; p < P; ++p) {
    const ParameterPair pair = perturbed(pot, p);
    const double h = pair.width / 2;
    const mtp::EfsResults ep = Evaluator(pair.plus).compute(cfg), em = Evaluator(pair.minus).compute(cfg);
    const double fd = (ep.energy - em.energy) / (2 * h);
    EXPECT_NEAR(grad[p], fd, 1e-6 * gmax + 1e-7 * std::abs(fd)) << "parameter " << p;
    double site_sum = 0.0;
    for (std::size_t i = 0; i < cfg.size(); ++i) {
      const double site_fd = (ep.site_energies[i] - em.site_energies[i]) / (2 * h);
      EXPECT_NEAR(sites[i * P + p], site_fd, 1e-6 * gmax + 1e-7 * std::abs(site_fd)) << "site " << i << " parameter " << p;
      site_sum += sites[i * P + p];
    }
    EXPECT_NEAR(site_sum, grad[p], 1e-12 * gmax);
    if (p < pot.radial_parameter_count() && grad[p] != 0.0) ++nonzero_radial;
  }
  EXPECT_GT(nonzero_radial, int(pot.radial_parameter_count() / 2));
  // Species part counts atoms of each species.
  for (int c = 0; c < 3; ++c)
    EXPECT_EQ(grad[pot.radial_parameter_count() + std::size_t(c)],
              double(std::count(cfg.types.begin(), cfg.types.end(), c)));
}

TEST_F(Model, SiteBasisValuesGiveTheSiteEnergy) {
  const Potential pot = random_potential(12, 2, 4u);
  const Evaluator ev(pot);
  const Configuration cfg = random_cell(8u, 5, 2);
  const NeighborList nl = NeighborList::build(cfg, ev.cutoff());
  const std::vector<double> b = ev.site_basis_values(nl, cfg.types.data());
  const mtp::EfsResults res = ev.compute(cfg);
  const std::size_t m = pot.moment_coeffs.size();
  for (std::size_t i = 0; i < cfg.size(); ++i) {
    double v = pot.species_coeffs[std::size_t(cfg.types[i])];
    for (std::size_t a = 0; a < m; ++a) v += pot.moment_coeffs[a] * b[i * m + a];
    EXPECT_NEAR(v, res.site_energies[i], 1e-12 * (1 + std::abs(v)));
  }
}

Mat3 rotation(double a, double b, double c) {
  Mat3 rx = Mat3::identity(), ry = Mat3::identity(), rz = Mat3::identity();
  rx(1, 1) = rx(2, 2) = std::cos(a);
  rx(1, 2) = -std::sin(a);
  rx(2, 1) = std::sin(a);
  ry(0, 0) = ry(2, 2) = std::cos(b);
  ry(0, 2) = std::sin(b);
  ry(2, 0) = -std::sin(b);
  rz(0, 0) = rz(1, 1) = std::cos(c);
  rz(0, 1) = -std::sin(c);
  rz(1, 0) = std::sin(c);
  return rx * ry * rz;
}

double max_force(const mtp::EfsResults& r) {
  double m = 0.0;
  for (const Vec3& f : r.forces) m = std::max({m, std::abs(f.x), std::abs(f.y), std::abs(f.z)});
  return m;
}

double max_abs(const Mat3& w) {
  double m = 0.0;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) m = std::max(m, std::abs(w(a, b)));
  return m;
}

void expect_same_results(const mtp::EfsResults& a, const mtp::EfsResults& b, const std::vector<std::size_t>& perm,
                         double tol) {
  EXPECT_NEAR(a.energy, b.energy, tol * (1 + std::abs(a.energy)));
  const double fscale = 1.0 + max_force(a);
  for (std::size_t i = 0; i < perm.size(); ++i) {
    EXPECT_NEAR(a.site_energies[i], b.site_energies[perm[i]], tol * (1 + std::abs(a.site_energies[i])));
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(a.forces[i][k], b.forces[perm[i]][k], tol * fscale);
  }
}

TEST_F(Model, InvariantUnderRotationTranslationAndPermutation) {
  const Evaluator ev(random_potential(16, 3, 7u));
  const Configuration cfg = random_cell(17u, 8, 3);
  const mtp::EfsResults ref = ev.compute(cfg);
  std::vector<std::size_t> identity(cfg.size());
  std::iota(identity.begin(), identity.end(), 0);

  Configuration moved = cfg;
  for (Vec3& x : moved.positions) x += Vec3{0.37, -1.91, 12.5};
  expect_same_results(ref, ev.compute(moved), identity, 1e-11);

  // Rotation: energy and site energies unchanged, forces and virial rotate (x' = x Q as rows).
  const Mat3 Q = rotation(0.3, -1.1, 2.0);
  Configuration rotated = cfg;
  rotated.lattice.rows = cfg.lattice.rows * Q;
  for (Vec3& x : rotated.positions) x = x * Q;
  const mtp::EfsResults rot = ev.compute(rotated);
  EXPECT_NEAR(rot.energy, ref.energy, 1e-11 * (1 + std::abs(ref.energy)));
  for (std::size_t i = 0; i < cfg.size(); ++i) {
    const Vec3 f = ref.forces[i] * Q;
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(rot.forces[i][k], f[k], 1e-11 * (1 + max_force(ref)));
  }
  const Mat3 w = transpose(Q) * ref.virial * Q;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) EXPECT_NEAR(rot.virial(a, b), w(a, b), 1e-11 * (1 + max_abs(ref.virial)));

  // Permutation of the atoms.
  std::vector<std::size_t> perm = identity;
  std::mt19937 rng(3);
  std::shuffle(perm.begin(), perm.end(), rng);
  Configuration shuffled = cfg;
  for (std::size_t i = 0; i < cfg.size(); ++i) {
    shuffled.positions[perm[i]] = cfg.positions[i];
    shuffled.types[perm[i]] = cfg.types[i];
  }
  expect_same_results(ref, ev.compute(shuffled), perm, 1e-11);
}

TEST_F(Model, IndependentOfTheChoiceOfPeriodicCell) {
  const Evaluator ev(random_potential(16, 2, 9u));
  const Configuration cfg = random_cell(19u, 6, 2);
  const mtp::EfsResults ref = ev.compute(cfg);
  std::vector<std::size_t> identity(cfg.size());
  std::iota(identity.begin(), identity.end(), 0);

  // Equivalent lattice vectors (a unimodular integer change of basis), atoms wrapped differently.
  Configuration other = cfg;
  const Vec3 a1 = cfg.lattice.vector(0), a2 = cfg.lattice.vector(1), a3 = cfg.lattice.vector(2);
  other.lattice.rows.set_row(0, a1);
  other.lattice.rows.set_row(1, a2 + a1 * 2.0);
  other.lattice.rows.set_row(2, a3 - a2 + a1);
  for (std::size_t i = 0; i < other.size(); ++i) other.positions[i] += a2 * double(i % 3) - a3 * double(i % 2);
  const mtp::EfsResults eq = ev.compute(other);
  expect_same_results(ref, eq, identity, 1e-11);
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) EXPECT_NEAR(eq.virial(a, b), ref.virial(a, b), 1e-11 * (1 + max_abs(ref.virial)));

  // A 2x2x2 supercell: 8 times the energy and virial, the same site energies and forces on every copy.
  Configuration super;
  super.lattice = mtp::Lattice::periodic(cfg.lattice.rows * 2.0);
  for (int x = 0; x < 2; ++x)
    for (int y = 0; y < 2; ++y)
      for (int z = 0; z < 2; ++z)
        for (std::size_t i = 0; i < cfg.size(); ++i) {
          super.positions.push_back(cfg.positions[i] + a1 * double(x) + a2 * double(y) + a3 * double(z));
          super.types.push_back(cfg.types[i]);
        }
  const mtp::EfsResults big = ev.compute(super);
  EXPECT_NEAR(big.energy, 8.0 * ref.energy, 1e-10 * (1 + std::abs(ref.energy)));
  for (std::size_t i = 0; i < super.size(); ++i) {
    const std::size_t j = i % cfg.size();
    EXPECT_NEAR(big.site_energies[i], ref.site_energies[j], 1e-11 * (1 + std::abs(ref.site_energies[j])));
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(big.forces[i][k], ref.forces[j][k], 1e-11 * (1 + max_force(ref)));
  }
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) EXPECT_NEAR(big.virial(a, b), 8.0 * ref.virial(a, b), 1e-11 * (1 + max_abs(ref.virial)));
}

TEST_F(Model, SkewedCellEqualsItsReducedCell) {
  // Issue 3's cell: rows (6,0,0), (18.5,1,0), (0,0,6) with a 5 A cutoff. a2 - 3 a1 = (0.5, 1, 0), so each atom
  // has an image 1.118 A away; the evaluation must equal that of the reduced cell (6,0,0), (0.5,1,0), (0,0,6).
  const Evaluator ev(random_potential(16, 2, 31u, 1.0, 5.0));
  Configuration skewed, reduced;
  Mat3 rows;
  rows.set_row(0, {6, 0, 0});
  rows.set_row(1, {18.5, 1, 0});
  rows.set_row(2, {0, 0, 6});
  skewed.lattice = mtp::Lattice::periodic(rows);
  rows.set_row(1, {0.5, 1, 0});
  reduced.lattice = mtp::Lattice::periodic(rows);
  skewed.positions = reduced.positions = {{0.1, 0.2, 0.3}, {3.2, 0.7, 2.9}};
  skewed.types = reduced.types = {0, 1};
  const mtp::EfsResults a = ev.compute(skewed), b = ev.compute(reduced);
  std::vector<std::size_t> identity = {0, 1};
  expect_same_results(a, b, identity, 1e-11);
  for (int x = 0; x < 3; ++x)
    for (int y = 0; y < 3; ++y) EXPECT_NEAR(a.virial(x, y), b.virial(x, y), 1e-11 * (1 + max_abs(b.virial)));
  // The close image matters: dropping it (a cell where it is farther than the cutoff) changes the energy.
  Configuration wide = reduced;
  rows.set_row(1, {0.5, 6, 0});
  wide.lattice = mtp::Lattice::periodic(rows);
  EXPECT_GT(std::abs(ev.compute(wide).energy - a.energy), 1e-3 * (1 + std::abs(a.energy)));
}

TEST_F(Model, EnergyIsContinuousAsANeighbourCrossesTheCutoff) {
  const Potential pot = random_potential(16, 2, 13u);
  const Evaluator ev(pot);
  Configuration cfg;
  cfg.positions = {{0, 0, 0}, {-20.0, 0.3, -0.4}, {0, 0, 0}};  // atom 1 is far from both
  cfg.types = {0, 1, 1};
  const Vec3 dir = Vec3{0.48, 0.6, 0.64};  // unit vector
  auto at = [&](double r) {
    Configuration c = cfg;
    c.positions[2] = dir * r;
    return ev.compute(c);
  };
  const double rc = pot.cutoff();
  const mtp::EfsResults far = at(rc + 1.0);
  for (double eps : {1e-3, 1e-4, 1e-5}) {
    const mtp::EfsResults in = at(rc - eps), out = at(rc + eps);
    // The radial basis vanishes as (r - rc)^2, so energy differences and forces shrink with eps.
    EXPECT_NEAR(in.energy, out.energy, 50.0 * eps * eps);
    EXPECT_EQ(out.energy, far.energy);
    EXPECT_NEAR(in.forces[2].x, 0.0, 100.0 * eps);
  }
  EXPECT_NE(at(rc - 0.5).energy, far.energy);
}

TEST_F(Model, IsolatedAtomHasItsSpeciesCoefficient) {
  const Potential pot = random_potential(20, 3, 14u);
  const Evaluator ev(pot);
  for (int c = 0; c < 3; ++c) {
    Configuration cfg;
    cfg.positions = {{0.1, 0.2, 0.3}};
    cfg.types = {c};
    const mtp::EfsResults res = ev.compute(cfg);
    EXPECT_EQ(res.energy, pot.species_coeffs[std::size_t(c)]);
    EXPECT_EQ(res.forces[0], Vec3{});
  }
  // And in a periodic cell larger than the cutoff.
  Configuration cfg;
  cfg.lattice = mtp::Lattice::periodic(Mat3::identity() * 10.0);
  cfg.positions = {{1, 1, 1}, {6, 6, 6}};
  cfg.types = {2, 1};
  EXPECT_DOUBLE_EQ(ev.compute(cfg).energy, pot.species_coeffs[2] + pot.species_coeffs[1]);
}

TEST_F(Model, ResultsDoNotDependOnTheThreadCount) {
  const Potential pot = random_potential(16, 3, 15u);
  Evaluator ev(pot);
  const Configuration cfg = random_cell(23u, 150, 3, 14.0, 2.0);
  const NeighborList nl = NeighborList::build(cfg, ev.cutoff());
  ev.set_threads(1);
  const mtp::EfsResults one = ev.compute(cfg);
  const std::vector<double> g1 = ev.energy_parameter_gradient(nl, cfg.types.data());
  std::vector<Vec3> directions(nl.total());
  for (std::size_t k = 0; k < directions.size(); ++k) directions[k] = Vec3{0.1 * double(k % 7), -0.2, 0.05 * double(k % 3)};
  auto directional = [&] {
    std::vector<double> g(pot.parameter_count(), 0.0);
    ev.add_directional_parameter_gradient(nl, cfg.types.data(), 0.3, directions.data(), g.data());
    return g;
  };
  const std::vector<double> d1 = directional();
  for (int threads : {2, 3, 7}) {
    ev.set_threads(threads);
    const mtp::EfsResults many = ev.compute(cfg);
    EXPECT_EQ(many.energy, one.energy);
    EXPECT_EQ(many.site_energies, one.site_energies);
    for (std::size_t i = 0; i < cfg.size(); ++i) ASSERT_EQ(many.forces[i], one.forces[i]);
    EXPECT_EQ(many.virial, one.virial);
    EXPECT_EQ(ev.energy_parameter_gradient(nl, cfg.types.data()), g1);
    EXPECT_EQ(directional(), d1);
  }
}

// J = w E - sum_k t_k . dE/dr_k is w E plus the derivative of E as every pair displacement moves along t_k; with
// t_k = (x_j - x_i) motion of whole atoms it is a derivative of the energy along an atomic displacement field,
// which finite differences of the parameters check through the forces.
TEST_F(Model, DirectionalParameterGradientMatchesFiniteDifferences) {
  const Potential pot = random_potential(16, 2, 5u);
  const Configuration cfg = random_cell(7u, 8, 2);
  const Evaluator ev(pot);
  const NeighborList nl = NeighborList::build(cfg, ev.cutoff());
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<Vec3> field(cfg.size());
  for (Vec3& x : field) x = Vec3{u(rng), u(rng), u(rng)};
  std::vector<Vec3> directions(nl.total());
  for (std::size_t i = 0; i < nl.centers(); ++i)
    for (std::size_t k = nl.offsets[i]; k < nl.offsets[i + 1]; ++k)
      directions[k] = field[std::size_t(nl.neighbors[k])] - field[i];
  const double w = 0.7;
  // sum_k t_k . dE/dr_k = -sum_i field_i . F_i.
  auto J = [&](const Potential& p) {
    const mtp::EfsResults r = Evaluator(p).compute(cfg);
    double j = w * r.energy;
    for (std::size_t i = 0; i < cfg.size(); ++i) j += mtp::dot(field[i], r.forces[i]);
    return j;
  };
  std::vector<double> grad(pot.parameter_count(), 0.0);
  ev.add_directional_parameter_gradient(nl, cfg.types.data(), w, directions.data(), grad.data());
  double gmax = 0.0;
  for (double g : grad) gmax = std::max(gmax, std::abs(g));
  ASSERT_GT(gmax, 0.0);
  for (std::size_t p = 0; p < grad.size(); ++p) {
    const ParameterPair pair = perturbed(pot, p);
    const double fd = (J(pair.plus) - J(pair.minus)) / pair.width;
    EXPECT_NEAR(grad[p], fd, 1e-6 * gmax + 1e-7 * std::abs(fd)) << "parameter " << p;
  }
}

TEST_F(Model, NeighbourListFromOutsideWithGhostAtoms) {
  // What LAMMPS hands in: neighbours indexed as ghost atoms beyond the local ones.
  const Evaluator ev(random_potential(16, 2, 16u));
  const Configuration cfg = random_cell(29u, 5, 2);
  const NeighborList nl = NeighborList::build(cfg, ev.cutoff());
  NeighborList ghost = nl;
  std::vector<int> types = cfg.types;
  for (std::size_t k = 0; k < ghost.total(); ++k) {
    types.push_back(cfg.types[std::size_t(nl.neighbors[k])]);
    ghost.neighbors[k] = int(types.size() - 1);
  }
  mtp::SiteResults a, b;
  ev.compute_sites(nl, cfg.types.data(), a);
  ev.compute_sites(ghost, types.data(), b);
  EXPECT_EQ(a.site_energies, b.site_energies);
  ASSERT_EQ(a.pair_gradients.size(), b.pair_gradients.size());
  for (std::size_t k = 0; k < a.pair_gradients.size(); ++k) EXPECT_EQ(a.pair_gradients[k], b.pair_gradients[k]);
  // A list with a skin (neighbours out to cutoff + 1, as LAMMPS builds them): the extra pairs add nothing.
  const NeighborList skin = NeighborList::build(cfg, ev.cutoff() + 1.0);
  ASSERT_GT(skin.total(), nl.total());
  mtp::SiteResults c;
  ev.compute_sites(skin, cfg.types.data(), c);
  for (std::size_t i = 0; i < cfg.size(); ++i) EXPECT_NEAR(c.site_energies[i], a.site_energies[i], 1e-12);
  // Pair gradients are dV_i/dr_ij: move one displacement and compare.
  const double h = 1e-6;
  for (std::size_t k = 0; k < std::min<std::size_t>(nl.total(), 12); ++k)
    for (int c = 0; c < 3; ++c) {
      NeighborList plus = nl, minus = nl;
      plus.displacements[k][c] += h;
      minus.displacements[k][c] -= h;
      mtp::SiteResults sp, sm;
      ev.compute_sites(plus, cfg.types.data(), sp);
      ev.compute_sites(minus, cfg.types.data(), sm);
      std::size_t i = 0;
      while (nl.offsets[i + 1] <= k) ++i;
      const double fd = (sp.site_energies[i] - sm.site_energies[i]) / (2 * h);
      EXPECT_NEAR(a.pair_gradients[k][c], fd, 1e-7 * (1 + std::abs(fd)));
    }
}

TEST_F(Model, RejectsTypesBeyondTheSpeciesCount) {
  const Evaluator ev(random_potential(8, 2, 1u));
  Configuration cfg;
  cfg.positions = {{0, 0, 0}, {2, 0, 0}};
  cfg.types = {0, 2};
  EXPECT_THROW(ev.compute(cfg), mtp::Error);
  cfg.types = {0, 1};
  cfg.positions[1] = cfg.positions[0];  // coinciding atoms: an error, not NaN
  EXPECT_THROW(ev.compute(cfg), mtp::Error);
}

}  // namespace

namespace {

// MLIP-3's ghost atoms: the last atoms of a cluster are neighbours only. The energy is the sum of the other
// atoms' site energies in the same cluster without flags; forces and virial are its derivatives (ghost atoms
// move too); the cell is ignored.
TEST_F(Model, GhostAtomsAreNeighboursOnly) {
  const Potential pot = random_potential(16, 2, 9u);
  const Evaluator ev(pot);
  Configuration cluster = random_cell(4u, 20, 2, 7.0, 0.0);
  cluster.lattice = mtp::Lattice();  // the plain cluster, no periodic images
  const mtp::EfsResults all = ev.compute(cluster);
  Configuration flagged = cluster;
  flagged.lattice = random_cell(4u, 20, 2, 7.0, 0.0).lattice;  // a cell that ghost atoms make irrelevant
  flagged.ghost.assign(20, false);
  for (std::size_t i = 14; i < 20; ++i) flagged.ghost[i] = true;
  const NeighborList nl = NeighborList::build(flagged, ev.cutoff());
  ASSERT_EQ(nl.centers(), 14u);
  const mtp::EfsResults part = ev.compute(flagged);
  double expected = 0.0;
  for (std::size_t i = 0; i < 14; ++i) {
    expected += all.site_energies[i];
    // The same neighbours in another order: equal to rounding.
    EXPECT_NEAR(part.site_energies[i], all.site_energies[i], 1e-13 * std::max(1.0, std::abs(all.site_energies[i]))) << i;
  }
  for (std::size_t i = 14; i < 20; ++i) EXPECT_EQ(part.site_energies[i], 0.0);
  EXPECT_NEAR(part.energy, expected, 1e-12 * std::abs(expected));
  // Forces by central differences, ghost atoms included.
  const double h = 1e-5;
  for (std::size_t i : {std::size_t(0), std::size_t(17)})
    for (int a = 0; a < 3; ++a) {
      Configuration p = flagged, m = flagged;
      p.positions[i][a] += h;
      m.positions[i][a] -= h;
      const double fd = -(energy(ev, p) - energy(ev, m)) / (2 * h);
      EXPECT_NEAR(part.forces[i][a], fd, 1e-6 * std::max(1.0, std::abs(fd))) << "atom " << i << " axis " << a;
    }
  // Ghost atoms must be the last atoms.
  Configuration misplaced = flagged;
  misplaced.ghost[0] = true;
  misplaced.ghost[19] = false;
  EXPECT_THROW(NeighborList::build(misplaced, ev.cutoff()), mtp::Error);
}

}  // namespace
