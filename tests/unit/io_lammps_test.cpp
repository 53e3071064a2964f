#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/lammps_data.hpp"
#include "mtp/io/lammps_dump.hpp"
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

std::vector<Configuration> read_data(const std::string& text) {
  std::istringstream in(text);
  return read_configurations(io::make_lammps_data_reader(in, "lmp.data"));
}

std::vector<Configuration> read_dump(const std::string& text) {
  std::istringstream in(text);
  return read_configurations(io::make_lammps_dump_reader(in, "dump.lammpstrj"));
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_all(const std::vector<Configuration>& cfgs, const std::string& path) {
  auto w = io::make_lammps_data_writer(path);
  for (const Configuration& c : cfgs) w->write(c);
  w->close();
}

TEST(Lammps, DataWriterMatchesMlip2ByteForByte) {
  REQUIRE_SHARED();
  const std::string ref = mtp::test::shared_path("reference/mlip2/expected/e_convert_cfg_to_poscar_lammps/");
  const std::string dir = mtp::test::scratch_dir("lammps-mlip2");
  write_all(read_configurations(io::make_cfg_reader(ref + "in_liti_2cfgs.cfg")), dir + "/lmp.data");
  EXPECT_EQ(slurp(dir + "/lmp.data0"), slurp(ref + "lmp.data0"));
  EXPECT_EQ(slurp(dir + "/lmp.data1"), slurp(ref + "lmp.data1"));
  EXPECT_FALSE(fs::exists(dir + "/lmp.data"));
  write_all(read_configurations(io::make_cfg_reader(ref + "in_single.cfg")), dir + "/single_lmp.data");
  EXPECT_EQ(slurp(dir + "/single_lmp.data"), slurp(ref + "single_lmp.data"));
  // A cell far from LAMMPS's orientation (shipped example 15): rotated, atoms keep their order.
  const std::string ex = mtp::test::shared_path("reference/mlip2/test/examples/convert-cfg/15.convert-cfg/");
  write_all(read_configurations(io::make_cfg_reader(ex + "sample_input.cfg")), dir + "/ex15");
  EXPECT_EQ(slurp(dir + "/ex15"), slurp(ex + "correct_lammps.inp"));
}

TEST(Lammps, DataReadBackOfMlip2OutputWritesTheSameBytes) {
  REQUIRE_SHARED();
  const std::string ref = mtp::test::shared_path("reference/mlip2/expected/e_convert_cfg_to_poscar_lammps/");
  for (const char* name : {"lmp.data0", "lmp.data1"}) {
    const auto cfgs = read_configurations(io::make_lammps_data_reader(ref + name));
    ASSERT_EQ(cfgs.size(), 1u);
    EXPECT_EQ(cfgs[0].size(), 28u);
    EXPECT_EQ(cfgs[0].types[4], 1);
    EXPECT_EQ(cfgs[0].lattice.rows(2, 0), -0.000398555);
    std::ostringstream out;
    io::write_lammps_data(out, cfgs[0]);
    EXPECT_EQ(out.str(), slurp(ref + name));
  }
}

Configuration skewed_sample() {
  Configuration c;
  Mat3 rows;
  rows.set_row(0, {-2.5, 4.3, 0.4});
  rows.set_row(1, {0.2, 0.1, 6.0});
  rows.set_row(2, {5.0, 0.3, -0.1});
  c.lattice = mtp::Lattice::periodic(rows);
  c.positions = {{0.1, 0.2, 0.3}, {1.5, 2.0, 4.0}, {3.0, 1.0, 2.0}};
  c.types = {2, 0, 1};
  return c;
}

TEST(Lammps, DataWriterRotatesTheCellKeepingFractionalCoordinates) {
  const Configuration c = skewed_sample();
  std::ostringstream out;
  io::write_lammps_data(out, c);
  const auto back = read_data(out.str());
  ASSERT_EQ(back.size(), 1u);
  const Configuration& b = back[0];
  EXPECT_EQ(b.types, c.types);
  // Lengths, angles and volume of the cell survive the rotation (to the 9 printed decimals).
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      EXPECT_NEAR(mtp::dot(b.lattice.rows.row(i), b.lattice.rows.row(j)),
                  mtp::dot(c.lattice.rows.row(i), c.lattice.rows.row(j)), 1e-7);
  EXPECT_EQ(b.lattice.rows(0, 1), 0.0);
  EXPECT_EQ(b.lattice.rows(0, 2), 0.0);
  EXPECT_EQ(b.lattice.rows(1, 2), 0.0);
  for (std::size_t i = 0; i < c.size(); ++i) {
    const Vec3 fc = c.lattice.to_fractional(c.positions[i]);
    const Vec3 fb = b.lattice.to_fractional(b.positions[i]);
    for (int d = 0; d < 3; ++d) EXPECT_NEAR(fb[d], fc[d], 1e-8);
  }
}

TEST(Lammps, DataReaderHandlesSectionsImagesChargesAndIdOrder) {
  const std::string text =
      "LAMMPS data file via write_data\n"
      "\n"
      "3 atoms\n"
      "2 atom types\n"
      "0 bonds\n"
      "\n"
      "1.0 5.0 xlo xhi\n"
      "-1.0 3.0 ylo yhi\n"
      "0.0 6.0 zlo zhi\n"
      "0.5 -0.25 0.75 xy xz yz\n"
      "\n"
      "Masses\n"
      "\n"
      "1 58.69  # Ni\n"
      "2 26.98\n"
      "\n"
      "Atoms # charge\n"
      "\n"
      "3 2 -0.5 2.0 2.0 2.0 0 0 0\n"
      "1 1 0.25 1.5 0.0 1.0 1 0 -1\n"
      "2 1 0.25 3.0 1.0 5.0\n"
      "\n"
      "Velocities\n"
      "\n"
      "1 0 0 0\n2 0 0 0\n3 0 0 0\n";
  const auto cfgs = read_data(text);
  ASSERT_EQ(cfgs.size(), 1u);
  const Configuration& c = cfgs[0];
  EXPECT_EQ(c.types, (std::vector<int>{0, 0, 1}));
  EXPECT_EQ(c.charges, (std::vector<double>{0.25, 0.25, -0.5}));
  EXPECT_EQ(c.lattice.rows.row(0), (Vec3{4, 0, 0}));
  EXPECT_EQ(c.lattice.rows.row(1), (Vec3{0.5, 4, 0}));
  EXPECT_EQ(c.lattice.rows.row(2), (Vec3{-0.25, 0.75, 6}));
  // Relative to (xlo, ylo, zlo), unwrapped by the image flags (1, 0, -1).
  EXPECT_EQ(c.positions[0], (Vec3{1.5 - 1.0 + 4.0 + 0.25, 0.0 + 1.0 - 0.75, 1.0 - 6.0}));
  EXPECT_EQ(c.positions[2], (Vec3{1.0, 3.0, 2.0}));
}

// A LAMMPS dump of the given rows (restricted triclinic) and origin: bounds as LAMMPS writes them.
std::string dump_text(const Mat3& rows, const Vec3& o, const std::vector<std::string>& atom_lines,
                      const std::string& columns, long step) {
  const double xy = rows(1, 0), xz = rows(2, 0), yz = rows(2, 1);
  std::ostringstream s;
  s.precision(17);
  s << "ITEM: TIMESTEP\n" << step << "\nITEM: NUMBER OF ATOMS\n" << atom_lines.size() << "\n";
  s << "ITEM: BOX BOUNDS xy xz yz pp pp pp\n";
  s << o.x + std::min({0.0, xy, xz, xy + xz}) << " " << o.x + rows(0, 0) + std::max({0.0, xy, xz, xy + xz}) << " " << xy << "\n";
  s << o.y + std::min(0.0, yz) << " " << o.y + rows(1, 1) + std::max(0.0, yz) << " " << xz << "\n";
  s << o.z << " " << o.z + rows(2, 2) << " " << yz << "\n";
  s << "ITEM: ATOMS " << columns << "\n";
  for (const auto& l : atom_lines) s << l << "\n";
  return s.str();
}

TEST(Lammps, DumpReadsTriclinicBoxesCoordinateKindsAndTimesteps) {
  Mat3 rows;
  rows.set_row(0, {4.0, 0, 0});
  rows.set_row(1, {-0.5, 3.5, 0});
  rows.set_row(2, {0.75, -0.25, 5.0});
  const Vec3 o{-1.0, 2.0, 0.5};
  std::string text = dump_text(rows, o, {"2 1 1.0 3.0 2.5 0.5 0.25 -1", "1 2 0.0 2.0 0.5 0 0 0"}, "id type x y z fx fy fz", 0);
  text += dump_text(rows, o, {"1 1 0.5 0.5 0.5 7", "2 1 0.0 0.0 0.0 8"}, "id type xs ys zs c_pe", 10);
  text += dump_text(rows, o, {"3 -3.0 2.0 12.5"}, "type xu yu zu", 20);
  const auto cfgs = read_dump(text);
  ASSERT_EQ(cfgs.size(), 3u);
  for (const Configuration& c : cfgs) {
    EXPECT_EQ(c.lattice.periodic_dims, 3);
    for (int i = 0; i < 3; ++i)
      for (int d = 0; d < 3; ++d) EXPECT_NEAR(c.lattice.rows(i, d), rows(i, d), 1e-15);
  }
  // Sorted by id; relative to the origin; forces read.
  EXPECT_EQ(cfgs[0].types, (std::vector<int>{1, 0}));
  EXPECT_NEAR(cfgs[0].positions[1].x, 2.0, 1e-15);
  EXPECT_NEAR(cfgs[0].positions[1].y, 1.0, 1e-15);
  EXPECT_NEAR(cfgs[0].positions[1].z, 2.0, 1e-15);
  EXPECT_EQ(cfgs[0].forces[1], (Vec3{0.5, 0.25, -1}));
  EXPECT_EQ(cfgs[0].forces[0], (Vec3{0, 0, 0}));
  // Scaled coordinates: fractional in the cell.
  const Vec3 half = Vec3{0.5, 0.5, 0.5} * rows;
  for (int d = 0; d < 3; ++d) EXPECT_NEAR(cfgs[1].positions[0][d], half[d], 1e-15);
  EXPECT_FALSE(cfgs[1].has_forces());
  // Unwrapped coordinates, no id column: file order.
  EXPECT_EQ(cfgs[2].types, (std::vector<int>{2}));
  EXPECT_NEAR(cfgs[2].positions[0].x, -2.0, 1e-15);
  EXPECT_NEAR(cfgs[2].positions[0].z, 12.0, 1e-15);
}

TEST(Lammps, DumpOrthogonalBoxAndSlab) {
  const std::string text =
      "ITEM: TIMESTEP\n5\nITEM: NUMBER OF ATOMS\n1\nITEM: BOX BOUNDS pp pp fm\n0 3\n1 4\n-2 8\n"
      "ITEM: ATOMS id type x y z\n1 1 1 2 3\n";
  const auto cfgs = read_dump(text);
  ASSERT_EQ(cfgs.size(), 1u);
  EXPECT_EQ(cfgs[0].lattice.periodic_dims, 2);
  EXPECT_EQ(cfgs[0].lattice.rows.row(1), (Vec3{0, 3, 0}));
  EXPECT_EQ(cfgs[0].lattice.rows.row(2), (Vec3{0, 0, 0}));
  EXPECT_EQ(cfgs[0].positions[0], (Vec3{1, 1, 5}));
}

template <class Read>
void expect_errors(Read read, const std::string& file,
                   const std::vector<std::tuple<std::string, long, std::string>>& cases) {
  for (const auto& [text, line, what] : cases) {
    try {
      read(text);
      ADD_FAILURE() << "no error for:\n" << text;
    } catch (const Error& e) {
      EXPECT_EQ(e.file(), file);
      EXPECT_EQ(e.line(), line) << e.what() << "\n" << text;
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  }
}

// Named LAMMPS types: Atom Type Labels (also used in the Atoms section) take precedence over Masses
// comments; under a species order the names decide the types, an unnamed used type or a name outside the
// order is an error; without an order LAMMPS's numbering stays.
TEST(Lammps, DataTypeNamesMapThroughTheSpeciesOrder) {
  const std::string head = "x\n\n3 atoms\n3 atom types\n0 4 xlo xhi\n0 4 ylo yhi\n0 4 zlo zhi\n\n";
  const std::string masses = "Masses\n\n1 22.99 # Na\n2 35.45 # Cl\n3 39.1\n\n";
  const std::string atoms = "Atoms # atomic\n\n1 1 0 0 0\n2 2 2 0 0\n3 Cl 0 2 0\n";
  const std::string labels = "Atom Type Labels\n\n1 Na\n2 Cl\n3 K\n\n";
  auto read = [](const std::string& text, const std::vector<std::string>& order) {
    std::istringstream in(text);
    return read_configurations(io::make_lammps_data_reader(in, "lmp.data", io::SpeciesOrder(order)));
  };
  EXPECT_EQ(read(head + labels + masses + atoms, {"Cl", "Na"}).at(0).types, (std::vector<int>{1, 0, 0}));
  EXPECT_EQ(read(head + labels + masses + atoms, {}).at(0).types, (std::vector<int>{0, 1, 1}));
  // Masses comments alone name the types (the Atoms section then needs numbers).
  const std::string numbered = "Atoms # atomic\n\n1 1 0 0 0\n2 2 2 0 0\n3 2 0 2 0\n";
  EXPECT_EQ(read(head + masses + numbered, {"Cl", "Na"}).at(0).types, (std::vector<int>{1, 0, 0}));
  try {
    read(head + masses + numbered, {"Na"});
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.file(), "lmp.data");
    EXPECT_EQ(e.line(), 12);  // "2 35.45 # Cl"
    EXPECT_NE(e.message().find("element 'Cl' is not in the species order (Na)"), std::string::npos) << e.what();
  }
  // Type 3 has no name: refused under an order once an atom has it.
  const std::string with_k = "Atoms # atomic\n\n1 1 0 0 0\n2 2 2 0 0\n3 3 0 2 0\n";
  EXPECT_THROW(read(head + masses + with_k, {"Na", "Cl"}), Error);
  EXPECT_EQ(read(head + masses + with_k, {}).at(0).types, (std::vector<int>{0, 1, 2}));
}

TEST(Lammps, DataBadInputNamesFileAndLine) {
  const std::string head = "title\n\n2 atoms\n1 atom types\n0 3 xlo xhi\n0 3 ylo yhi\n0 3 zlo zhi\n\nAtoms\n\n";
  expect_errors(read_data, "lmp.data",
                {{head + "1 1 0 0 0\n", 12, "unexpected end of file"},
                 {head + "1 1 0 0 0\n2 1 0 0\n", 12, "expected 5 or 8 columns"},
                 {head + "1 1 0 0 0\n2 1 0 x 0\n", 12, "a coordinate"},
                 {head + "1 1 0 0 0\n2 1 0 nan 0\n", 12, "finite"},
                 {head + "1 1 0 0 0\n2 2 0 0 0\n", 12, "atom type between 1 and 1"},
                 {head + "1 1 0 0 0\n1 1 0 0 0\n", 12, "appears twice"},
                 {"title\n\n2 atoms\n0 3 xlo xhi\n3 0 ylo yhi\n", 5, "upper box bound"},
                 {"title\n\n2 atoms\n0 3 xlo xhi\n\nAtoms\n\n", 6, "box bounds"},
                 {head + "1 1 0 0 0\n2 1 0 0 0\n\nBonds\n\n1 1 1 2\n", 14, "unsupported section"},
                 {"title\n\n2 atoms\n4 bonds\n", 4, "unsupported header line"}});
}

TEST(Lammps, DumpBadInputNamesFileAndLine) {
  const std::string head = "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp pp\n0 3\n0 3\n0 3\n";
  expect_errors(read_dump, "dump.lammpstrj",
                {{head + "ITEM: ATOMS id type x y z\n1 1 0 0 0\n", 11, "unexpected end of file"},
                 {head + "ITEM: ATOMS id type x y z\n1 1 0 0 0\n2 1 0 0\n", 11, "expected 5 columns"},
                 {head + "ITEM: ATOMS id type x y z\n1 1 0 0 0\n2 1 0 0 zz\n", 11, "a coordinate"},
                 {head + "ITEM: ATOMS id type x y z\n1 1 0 0 0\n2 1 0 0 inf\n", 11, "finite"},
                 {head + "ITEM: ATOMS id type vx vy vz\n", 9, "coordinate columns"},
                 {head + "ITEM: ATOMS id x y z\n", 9, "'type' column"},
                 {"ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n-1\n", 4, "number of atoms"},
                 {"ITEM: TIMESTEP\n0\nITEM: BOX BOUNDS xy xz yz pp pp pp\n0 3\n", 4, "3 numbers"},
                 {"ITEM: TIMESTEP\n0\nITEM: BOX BOUNDS ff pp pp\n0 3\n0 3\n0 3\n", 3, "periodic dimensions must come first"},
                 {"TIMESTEP\n", 1, "ITEM: TIMESTEP"}});
}

}  // namespace
