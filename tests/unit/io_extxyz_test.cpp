#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/extxyz.hpp"
#include "support/files.hpp"
#include "support/paths.hpp"
#include "support/run_command.hpp"

namespace {

using mtp::test::read_configurations;
using mtp::Configuration;
using mtp::Error;
using mtp::Mat3;
using mtp::Vec3;
namespace io = mtp::io;

std::vector<Configuration> read_text(const std::string& text, const io::ExtXyzOptions& options = {}) {
  std::istringstream in(text);
  return read_configurations(io::make_extxyz_reader(in, "test.xyz", options));
}

io::ExtXyzOptions order(const std::vector<std::string>& names) { return io::ExtXyzOptions{io::SpeciesOrder(names)}; }

// The error a text raises, or "" when it parses.
Error error_of(const std::string& text, const io::ExtXyzOptions& options = order({"Cu"})) {
  try {
    read_text(text, options);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return Error("");
}

Configuration sample() {
  Configuration c;
  c.lattice = mtp::Lattice::periodic(Mat3());
  c.lattice.rows.set_row(0, {4.1, 0.0, 0.0});
  c.lattice.rows.set_row(1, {0.3, 3.9, 0.0});
  c.lattice.rows.set_row(2, {-0.2, 0.1, 5.3});
  c.positions = {{0.1, 0.2, 0.3}, {1.0 / 3.0, 2.5, 4.4}, {3.9, -0.1, 2.0}};
  c.types = {0, 1, 0};
  c.forces = {{0.5, -0.25, 1e-7}, {-1.0 / 7.0, 0.2, 0.3}, {0.0, -0.0, 2.0}};
  c.energy = -12.345678901234567;
  Mat3 w;
  w(0, 0) = 1.5; w(1, 1) = -2.25; w(2, 2) = 0.75;
  w(0, 1) = w(1, 0) = 0.1; w(0, 2) = w(2, 0) = -0.3; w(1, 2) = w(2, 1) = 0.05;
  c.virial = w;
  c.features["EFS_by"] = "VASP";
  c.features["note"] = "two words \"quoted\" a=b";
  c.features["multi"] = "line one\nline two";
  return c;
}

TEST(ExtXyz, WriteReadRoundTripIsExact) {
  const Configuration c = sample();
  io::ExtXyzOptions opt;
  opt.species = io::SpeciesOrder({"Cu", "Ni"});
  std::ostringstream out;
  io::write_extxyz(out, c, opt);
  io::write_extxyz(out, c, opt);
  const auto back = read_text(out.str(), opt);
  ASSERT_EQ(back.size(), 2u);
  for (const Configuration& b : back) {
    EXPECT_EQ(b.lattice, c.lattice);
    EXPECT_EQ(b.types, c.types);
    ASSERT_EQ(b.size(), c.size());
    for (std::size_t i = 0; i < c.size(); ++i) {
      EXPECT_EQ(b.positions[i], c.positions[i]);
      EXPECT_EQ(b.forces[i], c.forces[i]);
    }
    EXPECT_EQ(*b.energy, *c.energy);
    ASSERT_TRUE(b.virial);
    // Through ASE's stress (-virial/volume) and back: equal to rounding.
    for (int i = 0; i < 3; ++i)
      for (int k = 0; k < 3; ++k) EXPECT_NEAR((*b.virial)(i, k), (*c.virial)(i, k), 1e-14 * 3);
    EXPECT_EQ(b.features, c.features);
  }
  // The species column names elements in the given order.
  EXPECT_NE(out.str().find("\nNi "), std::string::npos);
}

TEST(ExtXyz, WriterAppendsAndPublishesOnlyOnClose) {
  const std::string dir = mtp::test::scratch_dir("extxyz-append");
  const std::string path = dir + "/out.xyz";
  Configuration c = sample();
  {
    auto w = io::make_extxyz_writer(path, false, order({"Cu", "Ni"}));
    w->write(c);
    EXPECT_FALSE(std::ifstream(path).good());  // not there before close()
    w->close();
  }
  c.energy = 1.0;
  {
    auto w = io::make_extxyz_writer(path, true, order({"Cu", "Ni"}));
    w->write(c);
    w->close();
  }
  const auto back = read_configurations(io::make_extxyz_reader(path, order({"Cu", "Ni"})));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(*back[0].energy, *sample().energy);
  EXPECT_EQ(*back[1].energy, 1.0);
}

TEST(ExtXyz, NonPeriodicAndSlabKeepVirialAndPeriodicRows) {
  Configuration c = sample();
  c.lattice.periodic_dims = 2;
  c.lattice.rows.set_row(2, {0, 0, 0});
  std::ostringstream out;
  io::write_extxyz(out, c, order({"Cu", "Ni"}));
  EXPECT_NE(out.str().find("pbc=\"T T F\""), std::string::npos);
  EXPECT_NE(out.str().find("virial="), std::string::npos);
  auto back = read_text(out.str(), order({"Cu", "Ni"}));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].lattice, c.lattice);
  EXPECT_EQ(*back[0].virial, *c.virial);  // written in eV as it is: exact
  EXPECT_EQ(back[0].types, c.types);

  c.lattice = mtp::Lattice();
  std::ostringstream cluster;
  io::write_extxyz(cluster, c, order({"Cu", "Ni"}));
  EXPECT_EQ(cluster.str().find("Lattice="), std::string::npos);
  back = read_text(cluster.str(), order({"Cu", "Ni"}));
  EXPECT_EQ(back[0].lattice.periodic_dims, 0);
}

TEST(ExtXyz, TypeOrderControlsTheMapping) {
  const std::string text =
      "3\nLattice=\"3 0 0 0 3 0 0 0 3\" Properties=species:S:1:pos:R:3\nNi 0 0 0\nCu 1 1 1\nAl 2 2 2\n"
      "2\nLattice=\"3 0 0 0 3 0 0 0 3\" Properties=species:S:1:pos:R:3\nAl 0 0 0\nCu 1 1 1\n";
  // Atomic numbers allowed in the order.
  io::ExtXyzOptions opt;
  opt.species = io::SpeciesOrder({"29", "Ni", "Al"});
  auto b = read_text(text, opt);
  EXPECT_EQ(b[0].types, (std::vector<int>{1, 0, 2}));
  EXPECT_EQ(b[1].types, (std::vector<int>{2, 0}));
  // An element outside the order: the file, the line and the element.
  const Error outside = error_of(text, order({"Cu", "Ni"}));
  EXPECT_EQ(outside.file(), "test.xyz");
  EXPECT_EQ(outside.line(), 5);
  EXPECT_NE(outside.message().find("element 'Al' is not in the species order (Cu, Ni)"), std::string::npos)
      << outside.what();
  // No order: refused rather than numbered by first appearance.
  const Error none = error_of(text, io::ExtXyzOptions{});
  EXPECT_EQ(none.line(), 3);
  EXPECT_NE(none.message().find("--type-order"), std::string::npos) << none.what();
  // Writing needs every type in the order, and an order at all.
  std::ostringstream out;
  EXPECT_THROW(io::write_extxyz(out, b[0], order({"Cu"})), Error);
  EXPECT_THROW(io::write_extxyz(out, b[0], io::ExtXyzOptions{}), Error);
}

// The same NaCl cell listed Na first and Cl first: one order gives both the same types.
TEST(ExtXyz, FilesListingSpeciesInDifferentOrdersAgree) {
  const std::string head = "4\nLattice=\"5.6 0 0 0 5.6 0 0 0 5.6\" Properties=species:S:1:pos:R:3\n";
  const std::string na_first = head + "Na 0 0 0\nCl 2.8 0 0\nNa 2.8 2.8 0\nCl 0 2.8 0\n";
  const std::string cl_first = head + "Cl 2.8 0 0\nNa 0 0 0\nCl 0 2.8 0\nNa 2.8 2.8 0\n";
  for (const auto& names : {std::vector<std::string>{"Na", "Cl"}, std::vector<std::string>{"Cl", "Na"}}) {
    const auto a = read_text(na_first, order(names)), b = read_text(cl_first, order(names));
    const int na = names[0] == "Na" ? 0 : 1, cl = 1 - na;
    EXPECT_EQ(a[0].types, (std::vector<int>{na, cl, na, cl}));
    EXPECT_EQ(b[0].types, (std::vector<int>{cl, na, cl, na}));
    // Atom by atom (by position), the element's type is the same in both files.
    for (std::size_t i = 0; i < 4; ++i)
      for (std::size_t j = 0; j < 4; ++j)
        if (a[0].positions[i] == b[0].positions[j]) {
          EXPECT_EQ(a[0].types[i], b[0].types[j]);
        }
  }
}

// extxyz -> .cfg -> extxyz under one order gives back the symbols; the .cfg holds the order's types.
TEST(ExtXyz, NamesSurviveARoundTripThroughCfg) {
  const std::string text =
      "3\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3 energy=-1.25\nCl 0 0 0\nNa 2.5 0 0\nCl 0 2.5 0\n";
  const auto opt = order({"Na", "Cl"});
  const auto read = read_text(text, opt);
  std::ostringstream cfg_text;
  io::write_cfg_text(cfg_text, read[0]);
  std::istringstream cfg_in(cfg_text.str());
  const auto cfgs = read_configurations(io::make_cfg_text_reader(cfg_in, "mid.cfg"));
  ASSERT_EQ(cfgs.size(), 1u);
  EXPECT_EQ(cfgs[0].types, (std::vector<int>{1, 0, 1}));
  std::ostringstream back;
  io::write_extxyz(back, cfgs[0], opt);
  std::istringstream lines(back.str());
  std::string line, symbols;
  std::getline(lines, line);
  std::getline(lines, line);
  while (std::getline(lines, line)) symbols += line.substr(0, line.find(' ')) + " ";
  EXPECT_EQ(symbols, "Cl Na Cl ");
}

TEST(ExtXyz, ReadsAseHeaderForms) {
  // Voigt stress (xx yy zz yz xz xy), bare flag keys, braces, unknown columns, Z numbers.
  const std::string text =
      "2\n"
      "Lattice=\"2 0 0 0 2 0 0 0 2\" Properties=Z:I:1:pos:R:3:tags:I:1:forces:R:3:masses:R:1 energy=-1.5 "
      "stress=\"1 2 3 4 5 6\" is_relaxed arr={1 2 3} pbc=\"T T T\"\n"
      "29 0 0 0 7 0.1 0.2 0.3 63.5\n"
      "28 1 1 1 8 -0.1 -0.2 -0.3 58.7\n";
  const auto c = read_text(text, order({"Cu", "Ni"}));
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].types, (std::vector<int>{0, 1}));
  EXPECT_EQ(c[0].forces[1], (Vec3{-0.1, -0.2, -0.3}));
  EXPECT_EQ(*c[0].energy, -1.5);
  const double v = 8.0;
  EXPECT_EQ((*c[0].virial)(0, 0), -1 * v);
  EXPECT_EQ((*c[0].virial)(1, 2), -4 * v);
  EXPECT_EQ((*c[0].virial)(2, 1), -4 * v);
  EXPECT_EQ((*c[0].virial)(0, 2), -5 * v);
  EXPECT_EQ((*c[0].virial)(0, 1), -6 * v);
  EXPECT_EQ(c[0].features.at("is_relaxed"), "T");
  EXPECT_EQ(c[0].features.at("arr"), "1 2 3");
}

TEST(ExtXyz, BadInputNamesFileAndLine) {
  struct Case {
    std::string text;
    long line;
    std::string what;
  };
  const std::string head = "Lattice=\"3 0 0 0 3 0 0 0 3\" Properties=species:S:1:pos:R:3:forces:R:3\n";
  const std::vector<Case> cases = {
      {"two\n" + head, 1, "number of atoms"},
      {"2\n" + head + "Cu 0 0 0 0 0 0\n", 4, "unexpected end of file"},
      {"1\n" + head + "Cu 0 0 0 0 0\n", 3, "expected 7 columns"},
      {"1\n" + head + "Cu 0 x 0 0 0 0\n", 3, "a coordinate"},
      {"1\n" + head + "Cu 0 0 0 nan 0 0\n", 3, "finite"},
      {"1\nLattice=\"3 0 0 0 3 0\" Properties=species:S:1:pos:R:3\nCu 0 0 0\n", 2, "9 numbers in Lattice"},
      {"1\nnote=\"open Properties=species:S:1:pos:R:3\nCu 0 0 0\n", 2, "unterminated"},
      {"1\nProperties=species:S:1:pos:R\nCu 0 0 0\n", 2, "triples"},
      {"1\nLattice=\"3 0 0 0 3 0 0 0 3\" pbc=\"F T T\"\nCu 0 0 0\n", 2, "periodic axes must come first"},
      {"1\nenergy=1.0.0\nCu 0 0 0\n", 2, "the energy"},
      {"1\nstress=\"1 2 3 4 5 6\"\nCu 0 0 0\n", 2, "stress needs a cell"},
      {"1\n" + head + "Cu 0 0 0 0 0 0\n1\n" + head, 6, "unexpected end of file"},
  };
  for (const Case& k : cases) {
    const Error e = error_of(k.text);
    EXPECT_EQ(e.file(), "test.xyz") << k.text;
    EXPECT_EQ(e.line(), k.line) << e.what() << "\n" << k.text;
    EXPECT_NE(std::string(e.what()).find(k.what), std::string::npos) << e.what();
  }
}

// Our reader against the mlearn data set's two renderings of the same configurations (extxyz with ASE's
// stress, .cfg with PlusStress).
TEST(ExtXyz, MlearnXyzAgreesWithCfg) {
  REQUIRE_SHARED();
  for (const char* element : {"Cu", "Ge", "Li", "Mo", "Ni", "Si"}) {
    const std::string dir = mtp::test::shared_path(std::string("data/mlearn/") + element);
    const auto xyz = read_configurations(io::make_extxyz_reader(dir + "/test.xyz", order({element})));
    const auto cfg = read_configurations(io::make_cfg_reader(dir + "/test.cfg"));
    ASSERT_EQ(xyz.size(), cfg.size()) << element;
    ASSERT_GT(xyz.size(), 20u);
    for (std::size_t k = 0; k < xyz.size(); ++k) {
      const Configuration& a = xyz[k];
      const Configuration& b = cfg[k];
      ASSERT_EQ(a.size(), b.size());
      EXPECT_EQ(a.types, b.types);
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) EXPECT_NEAR(a.lattice.rows(i, j), b.lattice.rows(i, j), 1e-9);
      for (std::size_t i = 0; i < a.size(); ++i)
        for (int d = 0; d < 3; ++d) {
          EXPECT_NEAR(a.positions[i][d], b.positions[i][d], 1e-9);
          EXPECT_NEAR(a.forces[i][d], b.forces[i][d], 1e-7);
        }
      EXPECT_NEAR(*a.energy, *b.energy, 1e-9);
      // .cfg stress printed with 8 decimals; the xyz stress (eV/A^3, 11 significant digits) times the volume.
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
          EXPECT_NEAR((*a.virial)(i, j), (*b.virial)(i, j), 1e-8 + 1e-9 * std::fabs((*b.virial)(i, j)))
              << element << " cfg " << k << " " << i << j;
    }
  }
}

// ASE itself: a file written by ase.io.write is read by us, and a file we write is read by ASE.
class ExtXyzAse : public ::testing::Test {
 protected:
  void SetUp() override {
    if (mtp::test::run_command("/usr/bin/python3 -c 'import ase.io'").status != 0)
      GTEST_SKIP() << "needs /usr/bin/python3 with ase";
    dir_ = mtp::test::scratch_dir("extxyz-ase");
  }
  std::string dir_;
};

TEST_F(ExtXyzAse, AseWrittenFileReadsWithSameNumbers) {
  const std::string script = dir_ + "/write.py";
  std::ofstream(script) << R"(import sys, ase.io
from ase import Atoms
from ase.calculators.singlepoint import SinglePointCalculator
a = Atoms('Cu2Ni', positions=[[0, 0, 0], [1.1, 1.2, 1.3], [2.5, 0.1, 0.2]],
          cell=[[4, 0, 0], [0.5, 4, 0], [0.1, 0.2, 5]], pbc=True)
a.calc = SinglePointCalculator(a, energy=-3.5, forces=[[0.1, 0.2, 0.3], [-0.1, 0, 0.5], [0, -0.2, -0.8]],
                               stress=[0.01, 0.02, 0.03, 0.004, 0.005, 0.006])
a.info['config_type'] = 'bulk test'
b = Atoms('NiO', positions=[[0, 0, 0], [1, 0, 0]])
c = Atoms('Cu2', positions=[[0, 0, 0], [1, 0, 0]], cell=[[3, 0, 0], [0, 3, 0], [0, 0, 0]], pbc=[True, True, False])
ase.io.write(sys.argv[1], [a, b, c], format='extxyz')
)";
  const std::string file = dir_ + "/ase.xyz";
  const auto r = mtp::test::run_command("/usr/bin/python3 " + script + " " + file);
  ASSERT_EQ(r.status, 0) << r.output;
  io::ExtXyzOptions opt;
  opt.species = io::SpeciesOrder({"Cu", "Ni", "O"});
  const auto c = read_configurations(io::make_extxyz_reader(file, opt));
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].types, (std::vector<int>{0, 0, 1}));
  EXPECT_EQ(c[0].positions[1], (Vec3{1.1, 1.2, 1.3}));
  EXPECT_EQ(c[0].forces[2], (Vec3{0, -0.2, -0.8}));
  EXPECT_EQ(c[0].lattice.rows.row(1), (Vec3{0.5, 4, 0}));
  EXPECT_EQ(*c[0].energy, -3.5);
  const double volume = 4 * 4 * 5;
  // ASE's Voigt order xx yy zz yz xz xy, sign opposite to the virial.
  EXPECT_NEAR((*c[0].virial)(0, 0), -0.01 * volume, 1e-12);
  EXPECT_NEAR((*c[0].virial)(2, 2), -0.03 * volume, 1e-12);
  EXPECT_NEAR((*c[0].virial)(1, 2), -0.004 * volume, 1e-12);
  EXPECT_NEAR((*c[0].virial)(0, 2), -0.005 * volume, 1e-12);
  EXPECT_NEAR((*c[0].virial)(1, 0), -0.006 * volume, 1e-12);
  EXPECT_EQ(c[0].features.at("config_type"), "bulk test");
  EXPECT_EQ(c[1].lattice.periodic_dims, 0);
  EXPECT_EQ(c[1].types, (std::vector<int>{1, 2}));
  EXPECT_FALSE(c[1].energy);
  EXPECT_EQ(c[2].lattice.periodic_dims, 2);
  EXPECT_EQ(c[2].lattice.rows.row(1), (Vec3{0, 3, 0}));
}

TEST_F(ExtXyzAse, OurFileReadsInAseWithSameNumbers) {
  Configuration c = sample();
  io::ExtXyzOptions opt;
  opt.species = io::SpeciesOrder({"Cu", "Ni"});
  const std::string file = dir_ + "/ours.xyz";
  {
    auto w = io::make_extxyz_writer(file, false, opt);
    w->write(c);
    w->close();
  }
  const std::string script = dir_ + "/read.py";
  std::ofstream(script) << R"(import sys, ase.io
a = ase.io.read(sys.argv[1], format='extxyz')
print('symbols', ' '.join(a.get_chemical_symbols()))
print('pbc', ' '.join(str(int(p)) for p in a.pbc))
print('cell', ' '.join(repr(float(x)) for x in a.cell.array.flatten()))
print('pos', ' '.join(repr(float(x)) for x in a.positions.flatten()))
print('forces', ' '.join(repr(float(x)) for x in a.get_forces().flatten()))
print('energy', repr(float(a.get_potential_energy())))
print('stress', ' '.join(repr(float(x)) for x in a.get_stress(voigt=False).flatten()))
print('note', a.info['note'])
)";
  const auto r = mtp::test::run_command("/usr/bin/python3 " + script + " " + file);
  ASSERT_EQ(r.status, 0) << r.output;
  std::istringstream in(r.output);
  std::string line;
  std::map<std::string, std::string> got;
  while (std::getline(in, line)) {
    const auto sp = line.find(' ');
    if (sp != std::string::npos) got[line.substr(0, sp)] = line.substr(sp + 1);
  }
  auto values = [&](const std::string& key) {
    std::istringstream s(got[key]);
    std::vector<double> v;
    double x;
    while (s >> x) v.push_back(x);
    return v;
  };
  EXPECT_EQ(got["symbols"], "Cu Ni Cu");
  EXPECT_EQ(got["pbc"], "1 1 1");
  EXPECT_EQ(got["note"], c.features.at("note"));
  const auto cell = values("cell"), pos = values("pos"), forces = values("forces"), stress = values("stress");
  ASSERT_EQ(cell.size(), 9u);
  ASSERT_EQ(pos.size(), 9u);
  ASSERT_EQ(forces.size(), 9u);
  ASSERT_EQ(stress.size(), 9u);
  for (int k = 0; k < 9; ++k) {
    EXPECT_EQ(cell[k], c.lattice.rows(k / 3, k % 3));
    EXPECT_EQ(pos[k], c.positions[k / 3][k % 3]);
    EXPECT_EQ(forces[k], c.forces[k / 3][k % 3]);
    EXPECT_NEAR(stress[k], -(*c.virial)(k / 3, k % 3) / c.lattice.volume(), 1e-15);
  }
  EXPECT_EQ(values("energy").at(0), *c.energy);
}

}  // namespace
