// The pair styles give the library's numbers: energy, forces, per-atom energies and virials and the global
// virial of a LAMMPS snapshot equal mtp::Evaluator on the same configuration to 1e-10 relative, for newton on
// and off, the mtp and mlip (mlip.ini) syntaxes, and 1 and 2 MPI ranks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "lammps_support.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/model/evaluator.hpp"

namespace mtp::test {
namespace {

constexpr double kRelative = 1e-10;

// The Cu potential with its species named in the potential_tag line, written into `dir`.
std::string named_cu_potential(const std::string& dir) {
  std::ifstream in(cu_potential());
  const std::string path = dir + "/Cu-named.mtp";
  std::ofstream out(path);
  bool tagged = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("potential_tag", 0) == 0) {
      line = "potential_tag = species_names: Cu";
      tagged = true;
    }
    out << line << "\n";
  }
  EXPECT_TRUE(tagged);
  return path;
}

void expect_close(double lammps, double library, double scale, const std::string& what) {
  EXPECT_LE(std::abs(lammps - library), kRelative * scale) << what << ": LAMMPS " << lammps << ", library " << library;
}

// Runs the snapshot input and checks every number against the library. Atoms of type `excluded_type` are left
// to another style (NULL in pair_coeff): the reference is the configuration without them, and they get nothing.
// `named_species`: the potential is a copy of the Cu potential that records its species name (Cu).
void check_snapshot(const std::string& name, const std::string& vars, int ranks = 1, int excluded_type = 0,
                    bool named_species = false) {
  REQUIRE_SHARED();
  const std::string dir = scratch_dir(name);
  const std::string pot = named_species ? named_cu_potential(dir) : cu_potential();
  {
    std::ofstream ini(dir + "/mlip.ini");
    ini << "mtp-filename " << cu_potential() << "\n";
  }
  const auto run = run_lammps(dir, example_input("in.cu_snapshot"), "-var pot " + pot + " " + vars, ranks);
  ASSERT_EQ(run.status, 0) << run.output;
  const auto frames = read_dump(dir + "/snapshot.dump");
  ASSERT_EQ(frames.size(), 1u);
  const DumpFrame& f = frames[0];
  const auto thermo = read_thermo(dir + "/log.lammps");
  ASSERT_EQ(thermo.size(), 1u) << run.output;

  const Evaluator evaluator(io::load_potential(cu_potential()));
  const Configuration all = configuration_of(f);
  ASSERT_EQ(all.size(), 108u);
  Configuration cfg = all;
  std::vector<std::size_t> row_of;  // dump row of each atom of cfg
  cfg.positions.clear();
  cfg.types.clear();
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (int(f.value(i, "type")) == excluded_type) continue;
    cfg.positions.push_back(all.positions[i]);
    cfg.types.push_back(0);
    row_of.push_back(i);
  }
  if (excluded_type > 0) {
    ASSERT_GT(cfg.size(), 20u);
    ASSERT_LT(cfg.size(), 90u);
    for (std::size_t i = 0; i < all.size(); ++i)
      if (int(f.value(i, "type")) == excluded_type) {
        EXPECT_EQ(f.value(i, "fx"), 0.0);
        EXPECT_EQ(f.value(i, "c_pe"), 0.0);
        EXPECT_EQ(f.value(i, "c_s[1]"), 0.0);
      }
  }
  const EfsResults ref = evaluator.compute(cfg);

  expect_close(thermo[0].at("PotEng"), ref.energy, std::abs(ref.energy), "energy");
  double fscale = 0.0, escale = 0.0, wscale = 0.0, vscale = 0.0;
  for (std::size_t i = 0; i < cfg.size(); ++i) {
    fscale = std::max({fscale, std::abs(ref.forces[i].x), std::abs(ref.forces[i].y), std::abs(ref.forces[i].z)});
    escale = std::max(escale, std::abs(ref.site_energies[i]));
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) vscale = std::max(vscale, std::abs(ref.atom_virials[i](a, b)));
  }
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) wscale = std::max(wscale, std::abs(ref.virial(a, b)));
  ASSERT_GT(fscale, 0.1);  // a distorted cell: forces are not zero by symmetry

  const int pairs[6][2] = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 2}, {1, 2}};
  for (std::size_t n = 0; n < cfg.size(); ++n) {
    const std::size_t i = row_of[n];
    const std::string at = " of atom " + std::to_string(i + 1);
    expect_close(f.value(i, "fx"), ref.forces[n].x, fscale, "fx" + at);
    expect_close(f.value(i, "fy"), ref.forces[n].y, fscale, "fy" + at);
    expect_close(f.value(i, "fz"), ref.forces[n].z, fscale, "fz" + at);
    expect_close(f.value(i, "c_pe"), ref.site_energies[n], escale, "site energy" + at);
    // compute stress/atom reports -nktv2p * (per-atom virial); MLIP's off-diagonals are symmetrised.
    for (int k = 0; k < 6; ++k) {
      const auto [a, b] = pairs[k];
      const double w = 0.5 * (ref.atom_virials[n](a, b) + ref.atom_virials[n](b, a));
      expect_close(-f.value(i, "c_s[" + std::to_string(k + 1) + "]") / kMetalNktv2p, w, vscale,
                   "virial " + std::to_string(k + 1) + at);
    }
  }
  // compute pressure NULL virial reports nktv2p * virial / volume.
  const double volume = thermo[0].at("v_vol");
  EXPECT_NEAR(volume, cfg.lattice.volume(), 1e-9 * volume);
  for (int k = 0; k < 6; ++k) {
    const auto [a, b] = pairs[k];
    const double w = 0.5 * (ref.virial(a, b) + ref.virial(b, a));
    expect_close(thermo[0].at("c_w[" + std::to_string(k + 1) + "]") * volume / kMetalNktv2p, w, wscale,
                 "virial component " + std::to_string(k + 1));
  }
}

TEST(LammpsPair, SnapshotEqualsLibraryNewtonOn) { check_snapshot("snap-on", "-var newton on"); }
TEST(LammpsPair, SnapshotEqualsLibraryNewtonOff) { check_snapshot("snap-off", "-var newton off"); }
TEST(LammpsPair, SnapshotEqualsLibraryMlipIni) { check_snapshot("snap-ini", "-var style mlip"); }
TEST(LammpsPair, SnapshotEqualsLibraryOpenmtpStyle) { check_snapshot("snap-openmtp", "-var style openmtp"); }
TEST(LammpsPair, SnapshotEqualsLibraryTwoRanks) { check_snapshot("snap-np2", "-var newton on", 2); }
TEST(LammpsPair, SnapshotEqualsLibraryTwoRanksNewtonOff) { check_snapshot("snap-np2-off", "-var newton off", 2); }

// Two atom types mapped to the one species give the one-type numbers; a type mapped to NULL under
// pair_style hybrid/overlay is invisible to the MTP.
TEST(LammpsPair, TwoTypesOneSpecies) { check_snapshot("snap-types", "-var ntypes 2 -var species '0 0'"); }
TEST(LammpsPair, NullTypeUnderHybrid) {
  check_snapshot("snap-null", "-var ntypes 2 -var species '0 NULL' -var hybrid yes", 2, 2);
}

// pair_coeff * * pot.mtp Cu Cu: types mapped by the element name the potential records.
TEST(LammpsPair, TypesMappedByElementName) {
  check_snapshot("snap-names", "-var ntypes 2 -var species 'Cu Cu'", 1, 0, true);
}
TEST(LammpsPair, UnknownElementNameStopsTheRun) {
  REQUIRE_SHARED();
  const std::string dir = scratch_dir("snap-bad-name");
  const auto run = run_lammps(dir, example_input("in.cu_snapshot"),
                              "-var pot " + named_cu_potential(dir) + " -var ntypes 2 -var species 'Cu Ta'");
  EXPECT_NE(run.status, 0);
  EXPECT_NE(run.output.find("'Ta' is not one of the potential's species (Cu)"), std::string::npos) << run.output;
}

TEST(LammpsPair, ErrorsStopTheRunWithAMessage) {
  REQUIRE_SHARED();
  const std::string dir = scratch_dir("snap-missing");
  const auto run = run_lammps(dir, example_input("in.cu_snapshot"), "-var pot no-such.mtp");
  EXPECT_NE(run.status, 0);
  EXPECT_NE(run.output.find("no-such.mtp"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace mtp::test
