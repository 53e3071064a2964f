#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/vasp_outcar.hpp"
#include "mtp/io/vasp_poscar.hpp"
#include "support/files.hpp"
#include "support/paths.hpp"

namespace {

using mtp::test::read_configurations;
using mtp::Configuration;
using mtp::Error;
using mtp::Mat3;
using mtp::Vec3;
namespace io = mtp::io;
namespace fs = std::filesystem;

Configuration read_poscar(const std::string& text) {
  std::istringstream in(text);
  auto cfgs = read_configurations(io::make_vasp_poscar_reader(in, "POSCAR"));
  EXPECT_EQ(cfgs.size(), 1u);
  return cfgs.at(0);
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_all(const std::vector<Configuration>& cfgs, const std::string& path) {
  auto w = io::make_vasp_poscar_writer(path);
  for (const Configuration& c : cfgs) w->write(c);
  w->close();
}

TEST(Poscar, WriterMatchesMlip2ByteForByte) {
  REQUIRE_SHARED();
  const std::string ref = mtp::test::shared_path("reference/mlip2/expected/e_convert_cfg_to_poscar_lammps/");
  const std::string dir = mtp::test::scratch_dir("poscar-mlip2");
  write_all(read_configurations(io::make_cfg_reader(ref + "in_liti_2cfgs.cfg")), dir + "/POSCAR");
  EXPECT_EQ(slurp(dir + "/POSCAR0"), slurp(ref + "POSCAR0"));
  EXPECT_EQ(slurp(dir + "/POSCAR1"), slurp(ref + "POSCAR1"));
  EXPECT_FALSE(fs::exists(dir + "/POSCAR"));
  write_all(read_configurations(io::make_cfg_reader(ref + "in_single.cfg")), dir + "/single_POSCAR");
  EXPECT_EQ(slurp(dir + "/single_POSCAR"), slurp(ref + "single_POSCAR"));
  EXPECT_FALSE(fs::exists(dir + "/single_POSCAR0"));
}

TEST(Poscar, WriterMatchesShippedExamples) {
  REQUIRE_SHARED();
  const std::string ex = mtp::test::shared_path("reference/mlip2/test/examples/convert-cfg/");
  const std::string dir = mtp::test::scratch_dir("poscar-examples");
  // 09: an OUTCAR's single step; 02: an old-layout .cfg with atoms out of type order (grouped by type).
  write_all(read_configurations(io::make_vasp_outcar_reader(ex + "09.convert-cfg/OUTCAR")), dir + "/P09");
  EXPECT_EQ(slurp(dir + "/P09"), slurp(ex + "09.convert-cfg/correct_POSCAR"));
  write_all(read_configurations(io::make_cfg_reader(ex + "02.convert-cfg/input.cfg")), dir + "/P02");
  EXPECT_EQ(slurp(dir + "/P02"), slurp(ex + "02.convert-cfg/correctPOSCAR"));
  // 05: four configurations from a binary .cfg.
  write_all(read_configurations(io::make_cfg_reader(ex + "05.convert-cfg/input.bin.cfg")), dir + "/P05_");
  for (int k = 0; k < 4; ++k)
    EXPECT_EQ(slurp(dir + "/P05_" + std::to_string(k)), slurp(ex + "05.convert-cfg/correct_POSCAR" + std::to_string(k)));
}

Configuration triclinic_sample() {
  Configuration c;
  Mat3 rows;
  rows.set_row(0, {5.1, 0.0, 0.2});
  rows.set_row(1, {0.4, 4.9, 0.0});
  rows.set_row(2, {-0.3, 0.1, 6.2});
  c.lattice = mtp::Lattice::periodic(rows);
  c.positions = {{0.1, 0.2, 0.3}, {2.5, 1.0 / 3.0, 4.0}, {4.0, 4.0, 0.5}, {1.0, 2.0, 3.0}};
  c.types = {1, 0, 2, 0};
  return c;
}

TEST(Poscar, WriteThenReadGivesTheAtomsGroupedByType) {
  const Configuration c = triclinic_sample();
  std::ostringstream out;
  io::write_vasp_poscar(out, c);
  EXPECT_NE(out.str().find("\n 2 1 1\ncart\n"), std::string::npos) << out.str();
  const Configuration back = read_poscar(out.str());
  EXPECT_EQ(back.types, (std::vector<int>{0, 0, 1, 2}));
  const std::size_t order[4] = {1, 3, 0, 2};
  // %.16g keeps 16 significant digits.
  for (int k = 0; k < 4; ++k)
    for (int d = 0; d < 3; ++d) EXPECT_NEAR(back.positions[k][d], c.positions[order[k]][d], 1e-15 * 8);
  for (int i = 0; i < 3; ++i)
    for (int d = 0; d < 3; ++d) EXPECT_NEAR(back.lattice.rows(i, d), c.lattice.rows(i, d), 1e-15 * 8);
}

TEST(Poscar, ReadsVasp5DirectScaledAndSelectiveDynamics) {
  const std::string text =
      "Ni3Al test\n"
      "  2.0\n"
      "   2.0 0.0 0.0\n"
      "   0.0 2.0 0.0\n"
      "   0.5 0.0 2.0\n"
      "   Al Ni\n"
      "   1 2\n"
      "Selective dynamics\n"
      "Direct\n"
      "  0.0 0.0 0.0 T T F\n"
      "  0.5 0.5 0.0 F F F\n"
      "  0.25 0.0 0.5 T T T\n"
      "\n"
      "  0.1 0.1 0.1\n  0 0 0\n  0 0 0\n";
  const Configuration c = read_poscar(text);
  EXPECT_EQ(c.types, (std::vector<int>{0, 1, 1}));
  EXPECT_EQ(c.lattice.rows.row(2), (Vec3{1.0, 0.0, 4.0}));
  EXPECT_EQ(c.positions[1], (Vec3{2.0, 2.0, 0.0}));
  EXPECT_EQ(c.positions[2], (Vec3{1.0 + 0.5, 0.0, 2.0}));
}

TEST(Poscar, TypeOrderMapsNamedSpecies) {
  const std::string text =
      "x\n1\n3 0 0\n0 3 0\n0 0 3\n Al_pv Ni/6ae8d4b4 Cu\n 1 2 1\nDirect\n0 0 0\n0.5 0 0\n0 0.5 0\n0 0 0.5\n";
  std::istringstream a(text);
  io::PoscarOptions options;
  options.species = io::SpeciesOrder({"28", "Al", "Cu"});
  auto cfgs = read_configurations(io::make_vasp_poscar_reader(a, "POSCAR", options));
  EXPECT_EQ(cfgs.at(0).types, (std::vector<int>{1, 0, 0, 2}));
  // Without a type order: the block order.
  EXPECT_EQ(read_poscar(text).types, (std::vector<int>{0, 1, 1, 2}));
  // An element with atoms that the order does not hold: the file, the symbol line and the element.
  std::istringstream c(text);
  try {
    read_configurations(io::make_vasp_poscar_reader(c, "POSCAR", io::PoscarOptions{io::SpeciesOrder({"Ni", "Al"})}));
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.file(), "POSCAR");
    EXPECT_EQ(e.line(), 6);
    EXPECT_NE(e.message().find("element 'Cu' is not in the species order (Ni, Al)"), std::string::npos) << e.what();
  }
  // A type order needs a symbol for every count.
  std::istringstream b("x\n1\n3 0 0\n0 3 0\n0 0 3\n Al\n 1 1\nDirect\n0 0 0\n0.5 0 0\n");
  try {
    read_configurations(io::make_vasp_poscar_reader(b, "POSCAR", options));
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.line(), 6) << e.what();
  }
}

TEST(Poscar, ReadsVasp4CartesianAndVolumeScale) {
  // VASP 4: counts right after the cell; Cartesian coordinates are scaled too. A negative scale is the volume.
  const std::string text = "x\n-64\n 1 0 0\n 0 1 0\n 0 0 1\n 2\nCartesian\n 0 0 0\n 0.5 0.25 0\n";
  const Configuration c = read_poscar(text);
  EXPECT_NEAR(c.lattice.volume(), 64.0, 1e-12);
  EXPECT_NEAR(c.positions[1].x, 2.0, 1e-14);
  EXPECT_NEAR(c.positions[1].y, 1.0, 1e-14);
  EXPECT_EQ(c.types, (std::vector<int>{0, 0}));
}

TEST(Poscar, NamesOneFileWithoutIndexAndSeveralWithIndices) {
  const std::string dir = mtp::test::scratch_dir("poscar-names");
  const Configuration c = triclinic_sample();
  write_all({}, dir + "/none");
  EXPECT_TRUE(fs::is_empty(dir));
  write_all({c}, dir + "/one");
  EXPECT_TRUE(fs::exists(dir + "/one"));
  write_all({c, c, c}, dir + "/three");
  for (const char* name : {"/three0", "/three1", "/three2"}) EXPECT_TRUE(fs::exists(dir + name));
  EXPECT_FALSE(fs::exists(dir + "/three"));
  {
    // Not closed: the single configuration's file never appears.
    auto w = io::make_vasp_poscar_writer(dir + "/unclosed");
    w->write(c);
  }
  EXPECT_FALSE(fs::exists(dir + "/unclosed"));
  Configuration cluster = c;
  cluster.lattice = mtp::Lattice();
  std::ostringstream out;
  EXPECT_THROW(io::write_vasp_poscar(out, cluster), Error);
}

TEST(Poscar, BadInputNamesFileAndLine) {
  struct Case {
    std::string text;
    long line;
    std::string what;
  };
  const std::string cell = "x\n1.0\n3 0 0\n0 3 0\n0 0 3\n";
  const std::vector<Case> cases = {
      {"x\n", 2, "unexpected end of file"},
      {"x\none\n", 2, "scaling factor"},
      {"x\n1.0\n3 0 0\n0 3\n", 4, "lattice vector 2"},
      {"x\n1.0\n3 0 0\n0 3 0\n0 0 inf\n", 5, "finite"},
      {cell + "Cu\n", 7, "unexpected end of file"},
      {cell + "2\nDirect\n0 0 0\n", 9, "unexpected end of file"},
      {cell + "2\nDirect\n0 0 0\n0.5 x 0.5\n", 9, "a position"},
      {cell + "2\nDirect\n0 0 0\n0.5 0.5\n", 9, "3 numbers"},
      {cell + "-2\nDirect\n", 6, "atom count"},
      {"x\n1.0\n3 0 0\n0 3 0\n6 0 0\n1\nDirect\n0 0 0\n", 5, "no volume"},
  };
  for (const Case& k : cases) {
    try {
      read_poscar(k.text);
      ADD_FAILURE() << "no error for:\n" << k.text;
    } catch (const Error& e) {
      EXPECT_EQ(e.file(), "POSCAR");
      EXPECT_EQ(e.line(), k.line) << e.what() << "\n" << k.text;
      EXPECT_NE(std::string(e.what()).find(k.what), std::string::npos) << e.what();
    }
  }
}

}  // namespace
