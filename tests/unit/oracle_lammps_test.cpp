#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include "mtp/core/error.hpp"
#include "mtp/oracle/oracle.hpp"
#include "oracle_test_support.hpp"
#include "support/pair_potential.hpp"
#include "support/paths.hpp"

namespace {

using mtp::Configuration;
using mtp::Mat3;
using mtp::Vec3;
using mtp::oracle::make_oracle;

#define REQUIRE_LAMMPS() \
  if (!mtp::test::program_on_path("lmp")) GTEST_SKIP() << "needs LAMMPS's lmp on PATH (Debian package lammps)"

const char* kEam = "/usr/share/lammps/potentials/Cu_u3.eam";

// The same smooth Morse as tests/support/pair_potential.hpp, in LAMMPS (morse/smooth/linear subtracts the
// value and slope at the cutoff, as MorsePotential does): an independent evaluation of the same energy.
std::unique_ptr<mtp::oracle::Oracle> morse_oracle() {
  const mtp::test::MorsePotential m;
  return make_oracle("lammps", {{"species", "Cu"},
                                {"pair_style", "morse/smooth/linear " + std::to_string(m.cutoff)},
                                {"pair_coeff", "* * " + std::to_string(m.depth) + " " + std::to_string(m.alpha) + " " +
                                                   std::to_string(m.r0)}});
}

Configuration shaken(Configuration cfg, unsigned seed, double amplitude) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-amplitude, amplitude);
  for (Vec3& p : cfg.positions) p += Vec3{u(rng), u(rng), u(rng)};
  return cfg;
}

// Energy, forces and virial of the oracle against MorsePotential on the same configuration.
void expect_matches_morse(const Configuration& input, const std::string& workdir) {
  Configuration got = input;
  morse_oracle()->compute(got, workdir);
  Configuration want = input;
  mtp::test::MorsePotential{}(want);
  ASSERT_TRUE(got.has_energy() && got.has_forces() && got.has_virial());
  EXPECT_EQ(got.features.at("EFS_by"), "lammps");
  EXPECT_NEAR(*got.energy, *want.energy, 1e-9 * std::abs(*want.energy));
  for (std::size_t i = 0; i < got.size(); ++i)
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(got.forces[i][k], want.forces[i][k], 1e-9) << "atom " << i << " axis " << k;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) EXPECT_NEAR((*got.virial)(a, b), (*want.virial)(a, b), 1e-7) << a << b;
  // The input geometry is kept as it was.
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got.positions[i], input.positions[i]);
}

TEST(OracleLammps, OrthogonalCellMatchesMorse) {
  REQUIRE_LAMMPS();
  expect_matches_morse(shaken(mtp::test::fcc_cell(3.6, 2), 1, 0.1), mtp::test::scratch_dir("lmp-orth"));
}

// A general triclinic cell in an arbitrary orientation: LAMMPS sees it rotated into its restricted form,
// and the forces and virial must come back in the configuration's frame.
TEST(OracleLammps, RotatedTriclinicCellMatchesMorse) {
  REQUIRE_LAMMPS();
  Configuration cfg = mtp::test::fcc_cell(3.6, 2);
  Mat3 m;  // a shear and a rotation: rows of the new cell are rows * m
  m.set_row(0, {0.93, 0.25, -0.18});
  m.set_row(1, {-0.21, 0.96, 0.12});
  m.set_row(2, {0.30, -0.08, 1.02});
  cfg.lattice.rows = cfg.lattice.rows * m;
  for (Vec3& p : cfg.positions) p = p * m;
  expect_matches_morse(shaken(cfg, 2, 0.05), mtp::test::scratch_dir("lmp-tri"));
}

// A left-handed cell whose second and third vectors lean by more than half a box length: the oracle
// reduces the tilts LAMMPS would refuse, and the reflection into a right-handed box is undone.
TEST(OracleLammps, LeftHandedSkewedCellMatchesMorse) {
  REQUIRE_LAMMPS();
  Configuration cfg = shaken(mtp::test::fcc_cell(3.6, 2), 3, 0.08);
  const Vec3 a = cfg.lattice.rows.row(0), b = cfg.lattice.rows.row(1), c = cfg.lattice.rows.row(2);
  cfg.lattice.rows.set_row(0, a);
  cfg.lattice.rows.set_row(1, c + a * 2.0);        // swapped with row 2: left-handed
  cfg.lattice.rows.set_row(2, b - a * 1.0 + c * 1.0);
  ASSERT_LT(mtp::determinant(cfg.lattice.rows), 0.0);
  expect_matches_morse(cfg, mtp::test::scratch_dir("lmp-left"));
}

TEST(OracleLammps, ClusterAndSlabMatchMorse) {
  REQUIRE_LAMMPS();
  Configuration cluster = shaken(mtp::test::fcc_cell(3.6, 2), 4, 0.1);
  cluster.lattice = mtp::Lattice{};
  expect_matches_morse(cluster, mtp::test::scratch_dir("lmp-cluster"));

  Configuration slab = shaken(mtp::test::fcc_cell(3.6, 2), 5, 0.1);
  Mat3 rows = slab.lattice.rows;
  rows.set_row(1, rows.row(1) + rows.row(0) * 0.3);  // an oblique in-plane cell
  rows.set_row(2, Vec3{});
  slab.lattice = mtp::Lattice{rows, 2};
  expect_matches_morse(slab, mtp::test::scratch_dir("lmp-slab"));
}

// A many-body potential, checked against the energies it returns: forces are -dE/dx and the virial is
// -dE/d(strain) (positive when compressed: the cell below is squeezed).
TEST(OracleLammps, EamForcesAndVirialAreEnergyDerivatives) {
  REQUIRE_LAMMPS();
  if (!std::filesystem::exists(kEam)) GTEST_SKIP() << "needs " << kEam << " (Debian package lammps-data)";
  const auto oracle = make_oracle("lammps", {{"species", "Cu"}, {"pair_style", "eam"}, {"pair_coeff", std::string("* * ") + kEam}});
  const std::string dir = mtp::test::scratch_dir("lmp-eam");
  Configuration cfg = mtp::test::fcc_cell(3.45, 2);  // a = 3.615 at equilibrium
  Mat3 m = Mat3::identity();
  m(1, 0) = 0.12;
  m(2, 1) = -0.07;
  cfg.lattice.rows = cfg.lattice.rows * m;
  for (Vec3& p : cfg.positions) p = p * m;
  cfg = shaken(cfg, 6, 0.08);
  Configuration base = cfg;
  oracle->compute(base, dir + "/base");
  int run = 0;
  auto energy = [&](const Configuration& c) {
    Configuration x = c;
    oracle->compute(x, dir + "/fd" + std::to_string(run++));
    return *x.energy;
  };
  for (auto [i, k] : {std::pair<std::size_t, int>{3, 0}, {17, 2}})
    EXPECT_NEAR(base.forces[i][k], mtp::test::force_by_difference(cfg, i, k, 1e-4, energy), 1e-6);
  EXPECT_GT((*base.virial)(0, 0), 1.0);
  for (auto [a, b] : {std::pair<int, int>{0, 0}, {2, 2}, {0, 1}, {1, 2}})
    EXPECT_NEAR((*base.virial)(a, b), mtp::test::virial_by_difference(cfg, a, b, 1e-5, energy), 1e-4) << a << b;
}

TEST(OracleLammps, SpeciesExpandInPairCoeffAndMassesFollowElements) {
  REQUIRE_LAMMPS();
  const std::string alloy = "/usr/share/lammps/potentials/Cu_mishin1.eam.alloy";
  if (!std::filesystem::exists(alloy)) GTEST_SKIP() << "needs " << alloy;
  const auto oracle = make_oracle(
      "lammps", {{"species", "Cu"}, {"pair_style", "eam/alloy"}, {"pair_coeff", "* * " + alloy + " {species}"}});
  const std::string dir = mtp::test::scratch_dir("lmp-alloy");
  Configuration cfg = mtp::test::fcc_cell(3.615, 2);
  oracle->compute(cfg, dir);
  // Mishin's Cu: cohesive energy 3.54 eV/atom at a = 3.615 A; a perfect crystal has no force or shear.
  EXPECT_NEAR(*cfg.energy / cfg.size(), -3.54, 0.005);
  for (const Vec3& f : cfg.forces) EXPECT_LT(mtp::norm(f), 1e-10);
  EXPECT_NEAR((*cfg.virial)(0, 1), 0.0, 1e-9);
  std::ifstream in(dir + "/in.lammps");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(text.find(alloy + " Cu\n"), std::string::npos) << text;
  EXPECT_NE(text.find("mass 1 63.546"), std::string::npos) << text;
}

TEST(OracleLammps, FailuresAreErrorsNamingTheLog) {
  REQUIRE_LAMMPS();
  const std::string dir = mtp::test::scratch_dir("lmp-fail");
  const auto oracle = make_oracle("lammps", {{"species", "Cu"}, {"pair_style", "eam"}, {"pair_coeff", "* * /nonexistent.eam"}});
  Configuration cfg = mtp::test::fcc_cell(3.6, 1);
  try {
    oracle->compute(cfg, dir);
    FAIL() << "expected an error";
  } catch (const mtp::Error& e) {
    EXPECT_NE(std::string(e.what()).find("log.lammps"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("ERROR"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(cfg.has_energy());
  EXPECT_TRUE(std::filesystem::exists(dir + "/in.lammps"));
  Configuration two_types = cfg;
  two_types.types[1] = 1;
  EXPECT_THROW(morse_oracle()->compute(two_types, dir + "/types"), mtp::Error);
}

TEST(OracleLammps, MissingExecutableIsAnErrorSayingSo) {
  const auto oracle = make_oracle("lammps", {{"species", "Cu"},
                                             {"pair_style", "eam"},
                                             {"pair_coeff", std::string("* * ") + kEam},
                                             {"executable", "/nonexistent/lmp"}});
  Configuration cfg = mtp::test::fcc_cell(3.6, 1);
  try {
    oracle->compute(cfg, mtp::test::scratch_dir("lmp-noexe"));
    FAIL() << "expected an error";
  } catch (const mtp::Error& e) {
    EXPECT_NE(std::string(e.what()).find("exit status 127"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("/nonexistent/lmp"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("not found"), std::string::npos) << e.what();
  }
}

TEST(OracleLammps, SettingsAreChecked) {
  EXPECT_THROW(make_oracle("lammps", {{"species", "Cu"}, {"pair_style", "eam"}}), mtp::Error);  // no pair_coeff
  EXPECT_THROW(make_oracle("lammps", {{"species", "Qq"}, {"pair_style", "eam"}, {"pair_coeff", "* *"}}), mtp::Error);
  EXPECT_THROW(make_oracle("lammps", {{"species", "Cu"}, {"pair_style", "eam"}, {"pair_coeff", "* *"}, {"pair_stlye", "x"}}),
               mtp::Error);
  EXPECT_THROW(make_oracle("vasp", {}), mtp::Error);
  EXPECT_EQ(make_oracle("lammps", {{"kind", "lammps"}, {"species", "Cu"}, {"pair_style", "eam"}, {"pair_coeff", "* *"}})->name(),
            "lammps");
}

}  // namespace
