#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "mtp/core/error.hpp"
#include "mtp/oracle/oracle.hpp"
#include "mtp/oracle/qe_oracle.hpp"
#include "oracle_test_support.hpp"
#include "support/paths.hpp"

namespace {

using mtp::Configuration;
using mtp::Mat3;
using mtp::Vec3;
using mtp::oracle::make_oracle;

const char* kPseudoDir = "/usr/share/espresso/pseudo";

#define REQUIRE_PW()                                                                                         \
  if (!mtp::test::program_on_path("pw.x") || !std::filesystem::exists(std::string(kPseudoDir) + "/Al.pz-vbc.UPF")) \
  GTEST_SKIP() << "needs Quantum ESPRESSO's pw.x and " << kPseudoDir << "/Al.pz-vbc.UPF (Debian packages "          \
                  "quantum-espresso, quantum-espresso-data)"

// Two Al atoms in a small oblique cell, off their lattice sites: forces and every stress component are
// non-zero. Tiny cutoff and k-point grid (fixed, so a strained cell keeps it) keep one SCF at a second.
Configuration two_al_atoms() {
  Configuration cfg;
  Mat3 rows;
  rows.set_row(0, {4.0, 0.1, 0.0});
  rows.set_row(1, {0.2, 4.1, 0.1});
  rows.set_row(2, {0.0, 0.15, 3.9});
  cfg.lattice = mtp::Lattice::periodic(rows);
  cfg.positions = {{0.1, 0.0, 0.05}, {2.0, 2.1, 1.8}};
  cfg.types = {0, 0};
  return cfg;
}

mtp::oracle::OracleSettings al_settings(const std::string& ecutwfc) {
  return {{"species", "Al"}, {"ecutwfc", ecutwfc}, {"kpoints", "2 2 2"}, {"conv_thr", "1e-11"}};
}

TEST(OracleQe, ForcesAreEnergyDerivatives) {
  REQUIRE_PW();
  const auto oracle = make_oracle("qe", al_settings("12"));
  const std::string dir = mtp::test::scratch_dir("qe-forces");
  Configuration cfg = two_al_atoms();
  Configuration base = cfg;
  oracle->compute(base, dir + "/base");
  ASSERT_TRUE(base.has_energy() && base.has_forces() && base.has_virial());
  EXPECT_EQ(base.features.at("EFS_by"), "qe");
  EXPECT_LT(*base.energy, -100.0);  // about -56 eV per Al atom with this pseudopotential
  EXPECT_GT(mtp::norm(base.forces[0]), 0.05);
  // Newton's third law for two atoms, to the printed precision (1e-8 Ry/bohr).
  EXPECT_LT(mtp::norm(base.forces[0] + base.forces[1]), 1e-5);
  int run = 0;
  auto energy = [&](const Configuration& c) {
    Configuration x = c;
    oracle->compute(x, dir + "/fd" + std::to_string(run++));
    return *x.energy;
  };
  for (int k : {0, 2})
    EXPECT_NEAR(base.forces[0][k], mtp::test::force_by_difference(cfg, 0, k, 0.01, energy), 2e-3) << "axis " << k;
  // Work files stay for the user; pw.x's scratch (wave functions) is removed.
  EXPECT_TRUE(std::filesystem::exists(dir + "/base/pw.in"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/base/pw.out"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/base/pwscf.save.d"));
}

// The virial is -dE/d(strain) (PlusStress: positive when compressed; this cell is stretched, so negative).
// At 20 Ry a shear and a diagonal component both agreed with the energy difference to 0.7 %; the diagonal
// one has the wider tolerance because a volume change at a fixed cutoff changes the basis (Pulay stress).
TEST(OracleQe, VirialIsMinusStrainDerivative) {
  REQUIRE_PW();
  const auto oracle = make_oracle("qe", al_settings("20"));
  const std::string dir = mtp::test::scratch_dir("qe-virial");
  Configuration cfg = two_al_atoms();
  Configuration base = cfg;
  oracle->compute(base, dir + "/base");
  int run = 0;
  auto energy = [&](const Configuration& c) {
    Configuration x = c;
    oracle->compute(x, dir + "/fd" + std::to_string(run++));
    return *x.energy;
  };
  const double shear = mtp::test::virial_by_difference(cfg, 0, 1, 0.004, energy);
  EXPECT_GT(std::abs(shear), 0.02);
  EXPECT_NEAR((*base.virial)(0, 1), shear, 0.02 * std::abs(shear) + 2e-3);
  const double diagonal = mtp::test::virial_by_difference(cfg, 2, 2, 0.004, energy);
  EXPECT_GT(std::abs(diagonal), 0.5);
  EXPECT_LT(diagonal, 0.0);
  EXPECT_NEAR((*base.virial)(2, 2), diagonal, 0.05 * std::abs(diagonal));
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) EXPECT_EQ((*base.virial)(a, b), (*base.virial)(b, a));
}

TEST(OracleQe, NonConvergedScfIsAnError) {
  REQUIRE_PW();
  auto settings = al_settings("12");
  settings["electron_maxstep"] = "1";
  const auto oracle = make_oracle("qe", settings);
  const std::string dir = mtp::test::scratch_dir("qe-nonconv");
  Configuration cfg = two_al_atoms();
  try {
    oracle->compute(cfg, dir);
    FAIL() << "expected an error";
  } catch (const mtp::Error& e) {
    EXPECT_NE(std::string(e.what()).find("convergence NOT achieved"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("pw.out"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(cfg.has_energy());
}

TEST(OracleQe, FailingPwIsAnErrorWithQesMessage) {
  REQUIRE_PW();
  auto settings = al_settings("12");
  settings["system_extra"] = "nosuchvariable = 1";
  const auto oracle = make_oracle("qe", settings);
  Configuration cfg = two_al_atoms();
  try {
    oracle->compute(cfg, mtp::test::scratch_dir("qe-fail"));
    FAIL() << "expected an error";
  } catch (const mtp::Error& e) {
    EXPECT_NE(std::string(e.what()).find("exit status"), std::string::npos) << e.what();
  }
}

TEST(OracleQe, SettingsInputAndKpointGrid) {
  if (!std::filesystem::exists(std::string(kPseudoDir) + "/Al.pz-vbc.UPF")) GTEST_SKIP() << "needs " << kPseudoDir;
  // kspacing as VASP's KSPACING: ceil(|b_i| / kspacing) with |b| = 2 pi / 4 A for a 4 A cube -> ceil(6.28).
  mtp::oracle::QeOracleOptions o;
  o.species = {"Al"};
  o.ecutwfc = 10;
  o.kspacing = 0.25;
  const mtp::oracle::QeOracle oracle(o);
  const auto grid = oracle.kpoint_grid(Mat3::identity() * 4.0);
  EXPECT_EQ(grid, (std::vector<int>{7, 7, 7}));
  Mat3 rows = Mat3::identity() * 4.0;
  rows(2, 2) = 12.0;
  EXPECT_EQ(oracle.kpoint_grid(rows), (std::vector<int>{7, 7, 3}));
  EXPECT_THROW(make_oracle("qe", {{"species", "Al"}}), mtp::Error);                                // no ecutwfc
  EXPECT_THROW(make_oracle("qe", {{"species", "Si"}, {"ecutwfc", "10"}}), mtp::Error);             // several Si files
  EXPECT_NO_THROW(make_oracle("qe", {{"species", "Si"}, {"ecutwfc", "10"}, {"pseudopotentials", "Si:Si.pz-vbc.UPF"}}));
  EXPECT_THROW(make_oracle("qe", {{"species", "Al"}, {"ecutwfc", "10"}, {"kpoints", "2 2"}}), mtp::Error);
  EXPECT_THROW(make_oracle("qe", {{"species", "Al"}, {"ecutwfc", "10"}, {"pseudopotentials", "Al:Al.missing.UPF"}}),
               mtp::Error);
  EXPECT_THROW(make_oracle("qe", {{"species", "Al"}, {"ecutwfc", "x"}}), mtp::Error);
  Configuration slab = two_al_atoms();
  slab.lattice.periodic_dims = 2;
  slab.lattice.rows.set_row(2, Vec3{});
  EXPECT_THROW(oracle.compute(slab, mtp::test::scratch_dir("qe-slab")), mtp::Error);
}

}  // namespace
