// mtp::bridge::HostEvaluation without LAMMPS: a host is emulated as LAMMPS keeps atoms (owned atoms, then
// ghost copies: periodic images and the atoms of the other "rank"), with a full neighbour list that has a
// skin, shuffled rows and flag bits above the neighbour mask. Energy, forces (newton on: ghost forces summed
// into owners by the host; newton off: through the bridge's pack/unpack), per-atom energies and virials and
// the global virial must equal Evaluator::compute on the periodic configuration.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "mtp/bridge/host_evaluation.hpp"
#include "mtp/core/configuration.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/model/evaluator.hpp"
#include "support/paths.hpp"

namespace {

using mtp::Configuration;
using mtp::Evaluator;
using mtp::Mat3;
using mtp::Vec3;
using mtp::bridge::HostAtoms;
using mtp::bridge::HostEvaluation;
using mtp::bridge::HostFullList;
using mtp::bridge::HostOutput;
using mtp::bridge::HostTotals;

constexpr int kFlagBit = 1 << 30;  // LAMMPS keeps special-bond flags above NEIGHMASK
constexpr int kMask = kFlagBit - 1;

mtp::Potential two_species_potential() {
  mtp::Potential p = mtp::io::load_potential(mtp::test::shared_path("reference/mlip2/untrained_mtps/08.mtp"));
  p.species_count = 2;
  p.radial.min_dist = 1.6;
  p.radial.max_dist = 4.2;
  p.scaling = 0.02;
  p.set_untrained_defaults();
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<double> theta = p.parameters();
  for (double& t : theta) t = 0.4 * u(rng);
  p.set_parameters(theta);
  return p;
}

// A tilted cell smaller than twice the cutoff, so atoms see their own images.
Configuration tilted_cell() {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Configuration cfg;
  Mat3 rows;
  rows(0, 0) = 5.3; rows(0, 1) = 0.0; rows(0, 2) = 0.0;
  rows(1, 0) = 0.7; rows(1, 1) = 5.6; rows(1, 2) = 0.0;
  rows(2, 0) = -0.4; rows(2, 1) = 0.5; rows(2, 2) = 5.1;
  cfg.lattice = mtp::Lattice::periodic(rows);
  while (cfg.size() < 10) {
    Configuration trial = cfg;
    trial.positions.push_back(Vec3{u(rng), u(rng), u(rng)} * rows);
    trial.types.push_back(int(cfg.size()) % 2);
    if (trial.min_distance(5.0) > 1.9) cfg = trial;
  }
  return cfg;
}

// One emulated rank: owned atoms first, then ghosts; origin[i] is the configuration atom host atom i copies.
struct Rank {
  std::vector<Vec3> x;
  std::vector<int> type;
  std::vector<int> origin;
  int nlocal = 0;
  std::vector<int> ilist, numneigh;
  std::vector<std::vector<int>> rows;
  std::vector<const int*> firstneigh;
  std::vector<double*> xp;
  std::vector<std::vector<double>> xs;

  HostAtoms atoms() {
    xs.assign(x.size(), std::vector<double>(3));
    xp.resize(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      xs[i] = {x[i].x, x[i].y, x[i].z};
      xp[i] = xs[i].data();
    }
    return HostAtoms{nlocal, int(x.size()) - nlocal, xp.data(), type.data()};
  }
  HostFullList list() {
    firstneigh.resize(x.size(), nullptr);
    for (int i = 0; i < nlocal; ++i) firstneigh[i] = rows[i].data();
    return HostFullList{int(ilist.size()), ilist.data(), numneigh.data(), firstneigh.data(), kMask};
  }
};

// owned: the configuration atoms this rank owns; host_type: the host type of each configuration atom.
Rank make_rank(const Configuration& cfg, const std::vector<int>& owned, const std::vector<int>& host_type,
               double reach, unsigned seed) {
  Rank r;
  for (int a : owned) {
    r.x.push_back(cfg.positions[a]);
    r.type.push_back(host_type[a]);
    r.origin.push_back(a);
  }
  r.nlocal = int(owned.size());
  for (int n0 = -2; n0 <= 2; ++n0)
    for (int n1 = -2; n1 <= 2; ++n1)
      for (int n2 = -2; n2 <= 2; ++n2)
        for (int a = 0; a < int(cfg.size()); ++a) {
          const bool home = n0 == 0 && n1 == 0 && n2 == 0;
          if (home && std::find(owned.begin(), owned.end(), a) != owned.end()) continue;
          const Vec3 y = cfg.positions[a] + Vec3{double(n0), double(n1), double(n2)} * cfg.lattice.rows;
          bool near = false;
          for (int i = 0; i < r.nlocal && !near; ++i) near = mtp::norm(y - r.x[i]) < reach;
          if (!near) continue;
          r.x.push_back(y);
          r.type.push_back(host_type[a]);
          r.origin.push_back(a);
        }
  std::mt19937 rng(seed);
  r.rows.resize(r.nlocal);
  for (int i = 0; i < r.nlocal; ++i) {
    for (int j = 0; j < int(r.x.size()); ++j)
      if (j != i && mtp::norm(r.x[j] - r.x[i]) < reach) r.rows[i].push_back(j % 3 == 0 ? (j | kFlagBit) : j);
    std::shuffle(r.rows[i].begin(), r.rows[i].end(), rng);
    r.numneigh.push_back(int(r.rows[i].size()));
    r.ilist.push_back(i);
  }
  std::shuffle(r.ilist.begin(), r.ilist.end(), rng);
  return r;
}

struct Assembled {
  double energy = 0.0;
  std::vector<Vec3> forces;
  std::vector<double> site_energies;
  std::vector<std::vector<double>> atom_virials;
  double virial[6] = {0, 0, 0, 0, 0, 0};
};

// Runs every rank through the bridge and gathers the results by configuration atom.
Assembled run(const Configuration& cfg, std::vector<Rank>& ranks, const std::vector<int>& species_of_type,
              const Evaluator& ev, bool newton) {
  const std::size_t n = cfg.size();
  Assembled out;
  out.forces.assign(n, Vec3{});
  out.site_energies.assign(n, 0.0);
  out.atom_virials.assign(n, std::vector<double>(6, 0.0));
  std::vector<HostEvaluation> bridges(ranks.size());
  std::vector<std::vector<std::vector<double>>> f(ranks.size());
  std::vector<std::vector<double*>> fp(ranks.size());
  std::vector<std::vector<double>> eatom(ranks.size());
  std::vector<std::vector<std::vector<double>>> vatom(ranks.size());
  std::vector<std::vector<double*>> vp(ranks.size());
  for (std::size_t k = 0; k < ranks.size(); ++k) {
    Rank& r = ranks[k];
    const std::size_t nall = r.x.size();
    f[k].assign(nall, std::vector<double>(3, 0.0));
    vatom[k].assign(nall, std::vector<double>(6, 0.0));
    eatom[k].assign(nall, 0.0);
    for (std::size_t i = 0; i < nall; ++i) {
      fp[k].push_back(f[k][i].data());
      vp[k].push_back(vatom[k][i].data());
    }
    bridges[k].set_species_of_type(species_of_type);
    bridges[k].fill(r.atoms(), r.list(), ev.cutoff());
    bridges[k].evaluate(ev);
    HostOutput o{fp[k].data(), eatom[k].data(), vp[k].data(), true, newton};
    const HostTotals t = bridges[k].assemble(o);
    out.energy += t.energy;
    for (int a = 0; a < 6; ++a) out.virial[a] += t.virial[a];
  }
  // Owner of each configuration atom: (rank, local index).
  std::vector<std::pair<int, int>> owner(n, {-1, -1});
  for (std::size_t k = 0; k < ranks.size(); ++k)
    for (int i = 0; i < ranks[k].nlocal; ++i) owner[ranks[k].origin[i]] = {int(k), i};
  if (!newton) {
    // The host's reverse communication: every rank packs its ghosts' forces, each goes to its owner.
    for (std::size_t k = 0; k < ranks.size(); ++k) {
      const int nlocal = ranks[k].nlocal, nghost = int(ranks[k].x.size()) - nlocal;
      std::vector<double> buf(3 * std::size_t(nghost));
      EXPECT_EQ(bridges[k].pack_ghost_forces(nghost, nlocal, buf.data()), 3 * nghost);
      for (int g = 0; g < nghost; ++g) {
        const auto [rank, local] = owner[ranks[k].origin[nlocal + g]];
        if (rank < 0) continue;  // an atom of a type no rank evaluates: its ghost force must be zero
        bridges[rank].unpack_ghost_forces(1, &local, &buf[3 * g]);
      }
    }
    for (std::size_t k = 0; k < ranks.size(); ++k) bridges[k].add_ghost_forces_to_owned(fp[k].data());
  }
  for (std::size_t k = 0; k < ranks.size(); ++k) {
    const Rank& r = ranks[k];
    for (std::size_t i = 0; i < r.x.size(); ++i) {
      const bool local = int(i) < r.nlocal;
      if (!local && !newton) {
        // With newton off nothing may be written to ghost atoms.
        EXPECT_EQ(f[k][i][0], 0.0);
        EXPECT_EQ(f[k][i][1], 0.0);
        EXPECT_EQ(f[k][i][2], 0.0);
        continue;
      }
      out.forces[r.origin[i]] += Vec3{f[k][i][0], f[k][i][1], f[k][i][2]};
      if (!local) continue;
      out.site_energies[r.origin[i]] = eatom[k][i];
      out.atom_virials[r.origin[i]] = vatom[k][i];
    }
  }
  return out;
}

void expect_matches(const Assembled& got, const mtp::EfsResults& want, const std::vector<int>& atoms) {
  const double tol = 1e-10;
  ASSERT_GT(std::fabs(want.energy), 1e-3);
  EXPECT_NEAR(got.energy, want.energy, tol * std::fabs(want.energy));
  double fmax = 0.0;
  for (const Vec3& v : want.forces) fmax = std::max(fmax, mtp::norm(v));
  ASSERT_GT(fmax, 1e-3);
  for (std::size_t a = 0; a < atoms.size(); ++a)
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(got.forces[atoms[a]][c], want.forces[a][c], tol * fmax) << a << " " << c;
  const int ij[6][2] = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 2}, {1, 2}};
  double wmax = 0.0;
  for (int v = 0; v < 6; ++v) wmax = std::max(wmax, std::fabs(want.virial(ij[v][0], ij[v][1])));
  for (int v = 0; v < 6; ++v) {
    const double w = 0.5 * (want.virial(ij[v][0], ij[v][1]) + want.virial(ij[v][1], ij[v][0]));
    EXPECT_NEAR(got.virial[v], w, tol * wmax) << v;
  }
  for (std::size_t a = 0; a < atoms.size(); ++a) {
    EXPECT_NEAR(got.site_energies[atoms[a]], want.site_energies[a], tol * std::fabs(want.energy));
    for (int v = 0; v < 6; ++v) {
      const Mat3& m = want.atom_virials[a];
      EXPECT_NEAR(got.atom_virials[atoms[a]][v], 0.5 * (m(ij[v][0], ij[v][1]) + m(ij[v][1], ij[v][0])), tol * wmax);
    }
  }
}

class HostEvaluationTest : public ::testing::TestWithParam<bool> {};

TEST_P(HostEvaluationTest, OneRankEqualsTheConfigurationEvaluation) {
  REQUIRE_SHARED();
  const bool newton = GetParam();
  const Evaluator ev(two_species_potential());
  const Configuration cfg = tilted_cell();
  std::vector<int> all(cfg.size()), host_type(cfg.size());
  for (std::size_t a = 0; a < cfg.size(); ++a) {
    all[a] = int(a);
    host_type[a] = cfg.types[a] + 1;
  }
  std::vector<Rank> ranks{make_rank(cfg, all, host_type, ev.cutoff() + 1.0, 3)};
  const Assembled got = run(cfg, ranks, {-1, 0, 1}, ev, newton);
  expect_matches(got, ev.compute(cfg), all);
}

TEST_P(HostEvaluationTest, TwoRanksSumToTheConfigurationEvaluation) {
  REQUIRE_SHARED();
  const bool newton = GetParam();
  const Evaluator ev(two_species_potential());
  const Configuration cfg = tilted_cell();
  std::vector<int> all(cfg.size()), host_type(cfg.size()), first, second;
  for (std::size_t a = 0; a < cfg.size(); ++a) {
    all[a] = int(a);
    host_type[a] = cfg.types[a] + 1;
    (a < 4 ? first : second).push_back(int(a));
  }
  std::vector<Rank> ranks{make_rank(cfg, first, host_type, ev.cutoff() + 0.7, 5),
                          make_rank(cfg, second, host_type, ev.cutoff() + 0.7, 6)};
  expect_matches(run(cfg, ranks, {-1, 0, 1}, ev, newton), ev.compute(cfg), all);
}

// Host types 1 and 3 are both species 0; type 4 (extra atoms) is NULL: left to another style, so the result
// is that of the configuration without them.
TEST_P(HostEvaluationTest, TypesSharingASpeciesAndUnhandledTypes) {
  REQUIRE_SHARED();
  const bool newton = GetParam();
  const Evaluator ev(two_species_potential());
  const Configuration cfg = tilted_cell();
  Configuration host_cfg = cfg;
  std::vector<int> host_type, handled;
  for (std::size_t a = 0; a < cfg.size(); ++a) {
    host_type.push_back(cfg.types[a] == 0 ? (a % 4 == 0 ? 3 : 1) : 2);
    handled.push_back(int(a));
  }
  for (const Vec3& extra : {Vec3{0.1, 0.2, 0.3}, Vec3{2.5, 2.6, 2.4}}) {
    host_cfg.positions.push_back(extra);
    host_cfg.types.push_back(0);
    host_type.push_back(4);
  }
  std::vector<int> all(host_cfg.size());
  for (std::size_t a = 0; a < all.size(); ++a) all[a] = int(a);
  std::vector<Rank> ranks{make_rank(host_cfg, all, host_type, ev.cutoff() + 0.5, 9)};
  const Assembled got = run(host_cfg, ranks, {-1, 0, 1, 0, -1}, ev, newton);
  expect_matches(got, ev.compute(cfg), handled);
  for (std::size_t a = cfg.size(); a < host_cfg.size(); ++a) {
    EXPECT_EQ(mtp::norm(got.forces[a]), 0.0);
    EXPECT_EQ(got.site_energies[a], 0.0);
  }
}

INSTANTIATE_TEST_SUITE_P(Newton, HostEvaluationTest, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? "NewtonOn" : "NewtonOff"; });

TEST(HostEvaluation, NeighboursOutsideTheHostsAtomsAndUnmappedTypesAreErrors) {
  REQUIRE_SHARED();
  const Evaluator ev(two_species_potential());
  double x0[3] = {0, 0, 0}, x1[3] = {1.5, 0, 0};
  double* x[2] = {x0, x1};
  int type[2] = {1, 2};
  int row0[1] = {5}, ilist[1] = {0}, numneigh[1] = {1};
  const int* first[2] = {row0, nullptr};
  HostEvaluation bridge;
  bridge.set_species_of_type({-1, 0, 1});
  EXPECT_THROW(bridge.fill(HostAtoms{1, 1, x, type}, HostFullList{1, ilist, numneigh, first, ~0}, ev.cutoff()),
               mtp::Error);
  row0[0] = 1;
  type[1] = 7;
  EXPECT_THROW(bridge.fill(HostAtoms{1, 1, x, type}, HostFullList{1, ilist, numneigh, first, ~0}, ev.cutoff()),
               mtp::Error);
}

TEST(HostEvaluation, AtomsAtOnePositionAreNamedByTheHostsIds) {
  REQUIRE_SHARED();
  const Evaluator ev(two_species_potential());
  double x0[3] = {1, 2, 3}, x1[3] = {1, 2, 3};
  double* x[2] = {x0, x1};
  int type[2] = {1, 1};
  int row0[1] = {1}, ilist[1] = {0}, numneigh[1] = {1};
  const int* first[2] = {row0, nullptr};
  HostEvaluation bridge;
  bridge.set_species_of_type({-1, 0, 1});
  const long long ids[2] = {17, 42};
  try {
    bridge.fill(HostAtoms{1, 1, x, type, [&](int k) { return ids[k]; }}, HostFullList{1, ilist, numneigh, first, ~0},
                ev.cutoff());
    FAIL() << "coincident atoms were accepted";
  } catch (const mtp::Error& e) {
    EXPECT_NE(std::string(e.what()).find("atoms with IDs 17 and 42 are at one position"), std::string::npos) << e.what();
  }
}

}  // namespace
