#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/cfg_binary.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/vasp_outcar.hpp"
#include "support/paths.hpp"

namespace {

using mtp::Configuration;
using mtp::Error;
using mtp::Vec3;
namespace io = mtp::io;

struct Read {
  std::vector<Configuration> cfgs;
  std::vector<std::string> warnings;
};

Read read_stream(std::istream& in, const std::string& name) {
  Read r;
  auto reader = io::make_vasp_outcar_reader(in, name, [&](const std::string& w) { r.warnings.push_back(w); });
  Configuration c;
  while (reader->next(c)) r.cfgs.push_back(c);
  return r;
}

Read read_file(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  return read_stream(in, path);
}

Read read_file(const std::string& path, const io::OutcarOptions& options) {
  Read r;
  auto reader = io::make_vasp_outcar_reader(path, options, [&](const std::string& w) { r.warnings.push_back(w); });
  Configuration c;
  while (reader->next(c)) r.cfgs.push_back(c);
  return r;
}

Read read_text(const std::string& text) {
  std::istringstream in(text);
  return read_stream(in, "OUTCAR");
}

std::vector<Configuration> read_cfg(const std::string& path) {
  std::vector<Configuration> out;
  auto reader = io::make_cfg_reader(path);
  Configuration c;
  while (reader->next(c)) out.push_back(c);
  return out;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// What MLIP-2 wrote, to the digits it printed: positions and cell %.6f, forces %.6f, energy %.12f,
// stress %.5f.
void expect_matches_printed(const Configuration& ours, const Configuration& ref) {
  ASSERT_EQ(ours.size(), ref.size());
  EXPECT_EQ(ours.types, ref.types);
  EXPECT_EQ(ours.lattice.periodic_dims, ref.lattice.periodic_dims);
  for (int i = 0; i < 3; ++i)
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(ours.lattice.rows(i, k), ref.lattice.rows(i, k), 5.1e-7);
  for (std::size_t i = 0; i < ours.size(); ++i)
    for (int k = 0; k < 3; ++k) {
      EXPECT_NEAR(ours.positions[i][k], ref.positions[i][k], 5.1e-7);
      EXPECT_NEAR(ours.forces[i][k], ref.forces[i][k], 5.1e-7);
    }
  ASSERT_TRUE(ours.energy && ref.energy);
  EXPECT_NEAR(*ours.energy, *ref.energy, 5.1e-13 * std::max(1.0, std::fabs(*ref.energy)));
  ASSERT_EQ(ours.has_virial(), ref.has_virial());
  if (ours.virial) {
    for (int i = 0; i < 3; ++i)
      for (int k = 0; k < 3; ++k) EXPECT_NEAR((*ours.virial)(i, k), (*ref.virial)(i, k), 5.1e-6);
  }
  EXPECT_EQ(ours.features, ref.features);
}

// Our conversion written as MLIP-2's fixed .cfg text, byte for byte against its output.
void expect_same_cfg_text(const std::vector<Configuration>& cfgs, const std::string& reference) {
  std::ostringstream out;
  for (const Configuration& c : cfgs) io::write_cfg_text(out, c);
  EXPECT_EQ(out.str(), slurp(reference)) << reference;
}

struct Expected {
  const char* folder;
  const char* outcar;
  std::size_t count;
  bool sigma_zero_energy = false;  // the reference holds energy(sigma->0) (ISMEAR > 0, an older MLIP-2's rule)
};

class OutcarMlip2 : public ::testing::TestWithParam<Expected> {};

TEST_P(OutcarMlip2, MatchesOriginalConversion) {
  REQUIRE_SHARED();
  const Expected e = GetParam();
  io::OutcarOptions options;
  options.sigma_zero_energy = e.sigma_zero_energy;
  const auto r = read_file(mtp::test::shared_path(std::string("reference/mlip2/") + e.outcar), options);
  const std::string out = mtp::test::shared_path(std::string("reference/mlip2/expected/") + e.folder + "/out.cfg");
  const auto ref = read_cfg(out);
  ASSERT_EQ(r.cfgs.size(), e.count);
  ASSERT_EQ(ref.size(), e.count);
  for (std::size_t k = 0; k < ref.size(); ++k) expect_matches_printed(r.cfgs[k], ref[k]);
  expect_same_cfg_text(r.cfgs, out);
  // MLIP-2 prints a warning for each non-converged step, before "Processed ...".
  const std::string stdout_text = slurp(mtp::test::shared_path(std::string("reference/mlip2/expected/") + e.folder + "/stdout.txt"));
  std::string warnings;
  for (const std::string& w : r.warnings) warnings += "MLIP WARNING: " + w + "\n";
  EXPECT_EQ(warnings + "Processed " + std::to_string(e.count) + " configurations\n", stdout_text);
}

INSTANTIATE_TEST_SUITE_P(
    Outcar, OutcarMlip2,
    ::testing::Values(Expected{"e_convert_outcar_usual", "test/self-test/configurations/VASP/OUTCAR_usual", 1},
                      Expected{"e_convert_outcar_not_converged", "test/self-test/configurations/VASP/OUTCAR_not_converged", 1},
                      Expected{"e_convert_outcar_no_stresses", "test/self-test/configurations/VASP/OUTCAR_no_stresses", 1},
                      // ISMEAR = 1: this output (and the shipped correct_output.cfg) holds energy(sigma->0), where
                      // MLIP-2's master takes the free energy TOTEN (see ShippedExamplesMatch).
                      Expected{"e_convert_outcar_relax_multistep", "test/examples/convert-cfg/14.convert-cfg/OUTCAR_relax", 9, true}),
    [](const auto& info) { return std::string(info.param.folder).substr(17); });

TEST(Outcar, ShippedExamplesMatch) {
  REQUIRE_SHARED();
  // convert-cfg/07: one ionic step, ISMEAR = 0 (free energy TOTEN).
  const std::string dir = mtp::test::shared_path("reference/mlip2/test/examples/convert-cfg/");
  auto r = read_file(dir + "07.convert-cfg/OUTCAR");
  auto ref = read_cfg(dir + "07.convert-cfg/correct_output.cfg");
  ASSERT_EQ(r.cfgs.size(), 1u);
  expect_matches_printed(r.cfgs[0], ref[0]);
  expect_same_cfg_text(r.cfgs, dir + "07.convert-cfg/correct_output.cfg");

  // 08: the same step as binary .cfg; 13: appended to an existing text .cfg. (07a ships the same OUTCAR with
  // energy(sigma->0) although ISMEAR = 0: an older MLIP-2; the current rule and example 07 say TOTEN.)
  std::ostringstream binary;
  io::write_cfg_binary(binary, r.cfgs[0]);
  EXPECT_EQ(binary.str(), slurp(dir + "08.convert-cfg/correct_output.bin.cfg"));
  auto appended = read_cfg(dir + "13.convert-cfg/output.cfg");
  appended.push_back(read_file(dir + "13.convert-cfg/OUTCAR").cfgs.at(0));
  expect_same_cfg_text(appended, dir + "13.convert-cfg/correct_output.cfg");

  // 00.convert_vasp_outcar (ISMEAR = 1): a species with no atoms ("ions per type = 0 32") keeps its number, so
  // the atoms are type 1, and the energy is the free energy TOTEN, as MLIP-2's master writes it (-88.79099344 for
  // the first step): the shipped sample output, number for number. --sigma-zero-energy gives energy(sigma->0).
  const std::string ex = mtp::test::shared_path("reference/mlip2/test/examples/00.convert_vasp_outcar/");
  r = read_file(ex + "OUTCAR");
  ref = read_cfg(ex + "sample_out/relax.cfg");
  ASSERT_EQ(r.cfgs.size(), 3u);
  ASSERT_EQ(ref.size(), 3u);
  const double toten[3] = {-88.79099344, -88.79508029, -88.79549823};
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(*r.cfgs[k].energy, toten[k]);
    expect_matches_printed(r.cfgs[k], ref[k]);
  }
  io::OutcarOptions sigma_zero;
  sigma_zero.sigma_zero_energy = true;
  const auto s0 = read_file(ex + "OUTCAR", sigma_zero);
  ASSERT_EQ(s0.cfgs.size(), 3u);
  const double sigma0[3] = {-88.79341561, -88.79750184, -88.79792171};
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(*s0.cfgs[k].energy, sigma0[k]);
    EXPECT_EQ(s0.cfgs[k].positions, r.cfgs[k].positions);
  }
}

TEST(Outcar, UnfinishedLastStepIsLeftOut) {
  REQUIRE_SHARED();
  // OUTCAR_broken is OUTCAR_relax cut off after the third step's energy.
  const std::string dir = mtp::test::shared_path("reference/mlip2/test/self-test/configurations/VASP/");
  const auto whole = read_file(dir + "OUTCAR_relax");
  const auto cut = read_file(dir + "OUTCAR_broken");
  ASSERT_EQ(whole.cfgs.size(), 3u);
  ASSERT_EQ(cut.cfgs.size(), 3u);
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(cut.cfgs[k].positions, whole.cfgs[k].positions);
    EXPECT_EQ(*cut.cfgs[k].energy, *whole.cfgs[k].energy);
  }
}

// A small OUTCAR in VASP's layout, built line by line so tests know every line number.
struct Synthetic {
  std::vector<std::string> lines;
  int ismear = 0;
  int nelm = 5;
  std::vector<int> counts = {1, 2};

  void header() {
    lines.push_back(" POTCAR:    PAW_PBE Al 04Jan2001");
    lines.push_back(" POTCAR:    PAW_PBE Ni 06Sep2000");
    int n = 0;
    for (int c : counts) n += c;
    lines.push_back("   number of dos      NEDOS =    301   number of ions     NIONS =      " + std::to_string(n));
    std::string per = "   ions per type =";
    for (int c : counts) per += "  " + std::to_string(c);
    lines.push_back(per);
    lines.push_back("   NELM   =     " + std::to_string(nelm) + ";   NELMIN=  2; NELMDL=  0     # of ELM steps");
    lines.push_back("   ISMEAR =     " + std::to_string(ismear) + ";   SIGMA  =   0.10  broadening in eV");
  }
  // One ionic step with `iterations` electronic steps; positions shifted by `shift`.
  void step(int number, int iterations, double shift, bool stress = true) {
    for (int i = 1; i <= iterations; ++i)
      lines.push_back("--------- Iteration    " + std::to_string(number) + "(   " + std::to_string(i) + ")  ---------");
    if (stress) {
      lines.push_back("  FORCE on cell =-STRESS in cart. coord.  units (eV):");
      lines.push_back("  Direction    XX          YY          ZZ          XY          YZ          ZX");
      lines.push_back("  ----------------------------------------------------------------");
      lines.push_back("  Total      1.25000    -2.50000     3.00000     0.10000     0.20000     0.30000");
      lines.push_back("  in kB      1.0 2.0 3.0 0.1 0.2 0.3");
    }
    lines.push_back("      direct lattice vectors                 reciprocal lattice vectors");
    lines.push_back("     4.000000000  0.000000000  0.000000000     0.250000000  0.000000000  0.000000000");
    lines.push_back("     0.500000000  4.000000000  0.000000000     0.000000000  0.250000000  0.000000000");
    lines.push_back("     0.000000000  0.000000000  5.000000000     0.000000000  0.000000000  0.200000000");
    lines.push_back(" POSITION                                       TOTAL-FORCE (eV/Angst)");
    lines.push_back(" -----------------------------------------------------------------------------------");
    int n = 0;
    for (int c : counts) n += c;
    for (int a = 0; a < n; ++a) {
      std::ostringstream s;
      s << "      " << 0.5 * a + shift << "      " << 1.0 + a << "      " << 2.0 << "         " << 0.01 * a << "  "
        << -0.02 * a << "  " << 0.5;
      lines.push_back(s.str());
    }
    lines.push_back(" -----------------------------------------------------------------------------------");
    lines.push_back("  FREE ENERGIE OF THE ION-ELECTRON SYSTEM (eV)");
    lines.push_back("  ---------------------------------------------------");
    lines.push_back("  free  energy   TOTEN  =       -10.50000000 eV");
    lines.push_back("");
    lines.push_back("  energy  without entropy=      -10.40000000  energy(sigma->0) =      -10.45000000");
  }
  std::string text() const {
    std::string s;
    for (const auto& l : lines) s += l + "\n";
    return s;
  }
  // 1-based number of the first line containing `what` at or after line `from`.
  long line_of(const std::string& what, long from = 1) const {
    for (std::size_t k = static_cast<std::size_t>(from - 1); k < lines.size(); ++k)
      if (lines[k].find(what) != std::string::npos) return static_cast<long>(k + 1);
    return -1;
  }
};

TEST(Outcar, SyntheticStepsGiveEnergyRuleVirialOrderAndConvergence) {
  Synthetic s;
  s.header();
  s.lines.insert(s.lines.begin() + 1, " |  The number of ions NIONS in the POSCAR is unusual  |");  // prose, not a value
  s.step(1, 3, 0.0);
  s.step(2, 5, 0.25, false);  // reaches NELM = 5: not converged
  const auto r = read_text(s.text());
  ASSERT_EQ(r.cfgs.size(), 2u);
  const Configuration& a = r.cfgs[0];
  EXPECT_EQ(a.types, (std::vector<int>{0, 1, 1}));
  EXPECT_EQ(*a.energy, -10.5);  // ISMEAR 0: TOTEN
  EXPECT_EQ(a.lattice.rows.row(1), (Vec3{0.5, 4, 0}));
  EXPECT_EQ(a.positions[2], (Vec3{1.0, 3.0, 2.0}));
  EXPECT_EQ(a.forces[2], (Vec3{0.02, -0.04, 0.5}));
  // "Total" order XX YY ZZ XY YZ ZX, taken as the virial as it is.
  EXPECT_EQ((*a.virial)(0, 0), 1.25);
  EXPECT_EQ((*a.virial)(1, 1), -2.5);
  EXPECT_EQ((*a.virial)(0, 1), 0.1);
  EXPECT_EQ((*a.virial)(2, 1), 0.2);
  EXPECT_EQ((*a.virial)(2, 0), 0.3);
  EXPECT_EQ(a.features.at("EFS_by"), "VASP");
  const Configuration& b = r.cfgs[1];
  EXPECT_FALSE(b.virial);  // no stress block in this step: none carried over
  EXPECT_EQ(b.positions[0].x, 0.25);
  EXPECT_EQ(b.features.at("EFS_by"), "VASP_not_converged");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], "Loading configuration from OUTCAR: non-converged calculation detected. 5 iterations done");

  Synthetic smeared;
  smeared.ismear = 1;
  smeared.header();
  smeared.step(1, 2, 0.0);
  EXPECT_EQ(*read_text(smeared.text()).cfgs.at(0).energy, -10.5);  // ISMEAR > 0: still TOTEN, as MLIP-2
}

Error error_of(const std::string& text) {
  try {
    read_text(text);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error";
  return Error("");
}

TEST(Outcar, BadInputNamesFileAndLine) {
  auto base = [] {
    Synthetic s;
    s.header();
    s.step(1, 2, 0.0);
    return s;
  };
  const long first_atom = base().line_of("POSITION") + 2;
  struct Case {
    Synthetic s;
    long line;
    std::string what;
  };
  std::vector<Case> cases;
  {
    Synthetic s = base();
    s.lines[first_atom] = "      0.5  1.0  2.0   0.01  -0.02";  // second atom: 5 columns
    cases.push_back({s, first_atom + 1, "expected 6 numbers"});
  }
  {
    Synthetic s = base();
    s.lines[first_atom - 1] = "      0.0  1.0  abc   0.0  0.0  0.5";
    cases.push_back({s, first_atom, "a coordinate"});
  }
  {
    Synthetic s = base();
    s.lines[first_atom - 1] = "      0.0  1.0  2.0   NaN  0.0  0.5";
    cases.push_back({s, first_atom, "finite"});
  }
  {
    Synthetic s = base();
    s.lines.resize(static_cast<std::size_t>(first_atom));  // POSITION block cut after one atom
    cases.push_back({s, first_atom + 1, "unexpected end of file"});
  }
  {
    Synthetic s = base();
    s.lines[2] = "   number of dos      NEDOS =    301   number of ions     NIONS =      7";
    cases.push_back({s, s.line_of("POSITION"), "NIONS = 7"});
  }
  {
    Synthetic s = base();
    const long total = s.line_of("Total");
    s.lines[total - 1] = "  Total      1.25000    -2.50000     3.00000     0.10000     0.20000";
    cases.push_back({s, total, "expected 6 numbers after 'Total'"});
  }
  {
    Synthetic s = base();
    const long lattice = s.line_of("direct lattice vectors") + 2;
    s.lines[lattice - 1] = "     0.5 4.0";
    cases.push_back({s, lattice, "3 lattice vector components"});
  }
  {
    Synthetic s = base();
    const long toten = s.line_of("TOTEN");
    s.lines[toten - 1] = "  free  energy   TOTEN  =       ******** eV";
    cases.push_back({s, toten, "TOTEN"});
  }
  {
    Synthetic s;
    s.header();  // no ionic step at all
    cases.push_back({s, static_cast<long>(s.lines.size()), "no complete ionic step"});
  }
  for (const Case& k : cases) {
    const Error e = error_of(k.s.text());
    EXPECT_EQ(e.file(), "OUTCAR");
    EXPECT_EQ(e.line(), k.line) << e.what();
    EXPECT_NE(std::string(e.what()).find(k.what), std::string::npos) << e.what();
  }
}

}  // namespace
