// Text .cfg: agreement with what MLIP-2 wrote (byte for byte), lossless round trips, the reader's forms.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

#include "mtp/core/error.hpp"
#include "mtp/core/neighbor_list.hpp"
#include "mtp/io/cfg_text.hpp"
#include "support/files.hpp"
#include "support/paths.hpp"

namespace {

using mtp::test::read_file;

using mtp::Configuration;
using mtp::Mat3;
using mtp::Vec3;
namespace io = mtp::io;

std::vector<Configuration> read_all(const std::string& text, const std::string& name = "test.cfg") {
  std::istringstream in(text);
  auto reader = io::make_cfg_text_reader(in, name);
  std::vector<Configuration> out;
  Configuration cfg;
  while (reader->next(cfg)) out.push_back(cfg);
  return out;
}

std::string write_all(const std::vector<Configuration>& cfgs, io::CfgTextStyle style) {
  std::ostringstream out;
  for (const Configuration& c : cfgs) io::write_cfg_text(out, c, style);
  return out.str();
}

// A random configuration with every optional part, values spread over many magnitudes.
Configuration random_configuration(std::mt19937_64& rng, std::size_t n, int periodic_dims) {
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::uniform_int_distribution<int> expo(-12, 4);
  auto value = [&] { return u(rng) * std::pow(10.0, expo(rng)); };
  Configuration c;
  for (int a = 0; a < periodic_dims; ++a)
    for (int b = 0; b < 3; ++b) c.lattice.rows(a, b) = (a == b ? 5.0 : 0.0) + u(rng);
  c.lattice.periodic_dims = periodic_dims;
  c.resize(n);
  c.forces.resize(n);
  c.site_energies.resize(n);
  c.charges.resize(n);
  // MLIP-3's columns on some configurations only, so that both forms are exercised.
  const bool magnetic = rng() % 2 == 0, ghosts = rng() % 3 == 0;
  if (magnetic) {
    c.magnetic_moments.resize(n);
    c.magnetic_moment_energy_derivatives.resize(n);
  }
  if (ghosts) c.ghost.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (magnetic) {
      c.magnetic_moments[i] = {value(), value(), value()};
      c.magnetic_moment_energy_derivatives[i] = {value(), value(), value()};
    }
    if (ghosts) c.ghost[i] = rng() % 2 == 0;
    c.positions[i] = {value(), value(), value()};
    c.types[i] = static_cast<int>(rng() % 4);
    c.forces[i] = {value(), value(), value()};
    c.site_energies[i] = value();
    c.charges[i] = value();
  }
  c.energy = value();
  Mat3 v;
  for (int a = 0; a < 3; ++a)
    for (int b = a; b < 3; ++b) v(a, b) = v(b, a) = value();
  c.virial = v;
  c.features["EFS_by"] = "VASP";
  c.features["key with spaces\tand tab"] = "value with  spaces";
  c.features["multi"] = "line one\nline two";
  c.features["MV_grade"] = "1.234567";
  return c;
}

void expect_identical(const Configuration& a, const Configuration& b) {
  EXPECT_EQ(a.lattice.periodic_dims, b.lattice.periodic_dims);
  EXPECT_TRUE(a.lattice.rows == b.lattice.rows);
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.types, b.types);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(a.positions[i] == b.positions[i]) << i;
  ASSERT_EQ(a.forces.size(), b.forces.size());
  for (std::size_t i = 0; i < a.forces.size(); ++i) EXPECT_TRUE(a.forces[i] == b.forces[i]) << i;
  EXPECT_EQ(a.site_energies, b.site_energies);
  EXPECT_EQ(a.charges, b.charges);
  EXPECT_EQ(a.nbh_grades, b.nbh_grades);
  ASSERT_EQ(a.magnetic_moments.size(), b.magnetic_moments.size());
  for (std::size_t i = 0; i < a.magnetic_moments.size(); ++i) EXPECT_TRUE(a.magnetic_moments[i] == b.magnetic_moments[i]) << i;
  ASSERT_EQ(a.magnetic_moment_energy_derivatives.size(), b.magnetic_moment_energy_derivatives.size());
  for (std::size_t i = 0; i < a.magnetic_moment_energy_derivatives.size(); ++i)
    EXPECT_TRUE(a.magnetic_moment_energy_derivatives[i] == b.magnetic_moment_energy_derivatives[i]) << i;
  EXPECT_EQ(a.ghost, b.ghost);
  EXPECT_EQ(a.energy, b.energy);
  ASSERT_EQ(a.virial.has_value(), b.virial.has_value());
  if (a.virial) {
    EXPECT_TRUE(*a.virial == *b.virial);
  }
  EXPECT_EQ(a.features, b.features);
}

// Files MLIP-2 wrote with its default (fixed) layout: reading and writing them again reproduces them.
TEST(CfgText, FixedLayoutReproducesMlip2OutputsByteForByte) {
  REQUIRE_SHARED();
  const char* files[] = {
      "reference/mlip2/expected/a_calc-efs_mlearn_Cu/out.cfg",
      "reference/mlip2/expected/a_calc-efs_mlearn_Li/out.cfg",
      "reference/mlip2/expected/b_train_LiTi2O4_L16_3sp/calc-efs_next100.cfg",
      "reference/mlip2/expected/d_active_learning_LiTi2O4_L16/graded.cfg",
      "reference/mlip2/expected/d_active_learning_LiTi2O4_L16/selected_limit5.cfg",
      "reference/mlip2/expected/d2_active_learning_LiTi2O4_L16_train500/diff_default.cfg",
      "reference/mlip2/expected/e_convert_cfg_to_poscar_lammps/roundtrip.cfg",
      "reference/mlip2/expected/e_convert_outcar_no_stresses/out.cfg",
      "reference/mlip2/expected/e_convert_outcar_not_converged/out.cfg",
      "reference/mlip2/expected/e_convert_outcar_relax_multistep/out.cfg",
      "reference/mlip2/test/examples/04.calc-grade/sample_out/graded.cfg",
      "reference/mlip2/test/examples/05.select-add/sample_out/selected.cfg",
      "reference/mlip2/test/examples/convert-cfg/01.convert-cfg/correct_output.cfg",  // charges, no forces
  };
  for (const char* rel : files) {
    const std::string original = read_file(mtp::test::shared_path(rel));
    ASSERT_FALSE(original.empty()) << rel;
    const auto cfgs = read_all(original, rel);
    ASSERT_FALSE(cfgs.empty()) << rel;
    EXPECT_TRUE(write_all(cfgs, io::CfgTextStyle::Fixed) == original) << rel;
  }
}

// The lossless layout is MLIP-2's SAVE_NO_LOSS, as found at the end of its .als files and in the
// LiTi2O4 set: everything after the first BEGIN_CFG is reproduced byte for byte.
TEST(CfgText, LosslessLayoutReproducesMlip2SaveNoLoss) {
  REQUIRE_SHARED();
  const char* files[] = {
      "reference/mlip2/test/examples/04.calc-grade/sample_out/state.als",
      "reference/mlip2/expected/d_active_learning_LiTi2O4_L16/calc-grade_state.als",
      "reference/mlip2/expected/e_convert_cfg_to_poscar_lammps/in_liti_2cfgs.cfg",
  };
  for (const char* rel : files) {
    const std::string whole = read_file(mtp::test::shared_path(rel));
    const std::size_t begin = whole.find("BEGIN_CFG");
    ASSERT_NE(begin, std::string::npos) << rel;
    const std::string text = whole.substr(begin);
    const auto cfgs = read_all(text, rel);
    ASSERT_FALSE(cfgs.empty()) << rel;
    EXPECT_TRUE(write_all(cfgs, io::CfgTextStyle::Lossless) == text) << rel;
  }
}

TEST(CfgText, LosslessRoundTripIsBitIdentical) {
  std::mt19937_64 rng(7);
  std::vector<Configuration> cfgs;
  for (int k = 0; k < 40; ++k) cfgs.push_back(random_configuration(rng, 1 + rng() % 20, k % 4));
  cfgs.push_back(Configuration());  // no atoms
  const auto back = read_all(write_all(cfgs, io::CfgTextStyle::Lossless));
  ASSERT_EQ(back.size(), cfgs.size());
  for (std::size_t k = 0; k < cfgs.size(); ++k) expect_identical(cfgs[k], back[k]);
}

// |a - b| within half a unit of the last printed digit (plus the rounding of the decimal-to-binary step).
#define EXPECT_PRINTED(a, b, half_unit) EXPECT_LE(std::fabs((a) - (b)), (half_unit) + 4e-16 * std::fabs(a)) << (a) << " vs " << (b)

TEST(CfgText, FixedRoundTripKeepsPrintedDigits) {
  std::mt19937_64 rng(11);
  std::vector<Configuration> cfgs;
  for (int k = 0; k < 20; ++k) cfgs.push_back(random_configuration(rng, 1 + rng() % 10, 3));
  const std::string text = write_all(cfgs, io::CfgTextStyle::Fixed);
  const auto back = read_all(text);
  ASSERT_EQ(back.size(), cfgs.size());
  for (std::size_t k = 0; k < cfgs.size(); ++k) {
    const Configuration &a = cfgs[k], &b = back[k];
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      for (int d = 0; d < 3; ++d) {
        EXPECT_PRINTED(a.positions[i][d], b.positions[i][d], 5e-7);
        EXPECT_PRINTED(a.forces[i][d], b.forces[i][d], 5e-7);
      }
      EXPECT_PRINTED(a.site_energies[i], b.site_energies[i], 5e-13);
      EXPECT_PRINTED(a.charges[i], b.charges[i], 5e-5);
    }
    EXPECT_PRINTED(*a.energy, *b.energy, 5e-13);
    for (int x = 0; x < 3; ++x)
      for (int y = 0; y < 3; ++y) EXPECT_PRINTED((*a.virial)(x, y), (*b.virial)(x, y), 5e-6);
    EXPECT_EQ(a.features, b.features);
    EXPECT_EQ(a.types, b.types);
  }
  // Writing what was read gives the same text again: the fixed layout is a fixed point.
  EXPECT_EQ(write_all(back, io::CfgTextStyle::Fixed), text);
}

TEST(CfgText, FixedLayoutColumnsAndFeatures) {
  Configuration c;
  c.lattice = mtp::Lattice::periodic(Mat3::identity() * 3.5);
  c.resize(2);
  c.positions[1] = {1.75, -0.0, 1.0 / 3.0};
  c.types = {0, 2};
  c.energy = -7.25;
  c.features["b key"] = "two\nlines\n";
  c.features["a"] = "x";
  c.features["empty"] = "";
  std::ostringstream out;
  io::write_cfg_text(out, c);
  EXPECT_EQ(out.str(),
            "BEGIN_CFG\n"
            " Size\n"
            "    2\n"
            " Supercell\n"
            "         3.500000      0.000000      0.000000\n"
            "         0.000000      3.500000      0.000000\n"
            "         0.000000      0.000000      3.500000\n"
            " AtomData:  id type       cartes_x      cartes_y      cartes_z\n"
            "             1    0       0.000000      0.000000      0.000000\n"
            "             2    2       1.750000     -0.000000      0.333333\n"
            " Energy\n"
            "         -7.250000000000\n"
            " Feature   a\tx\n"
            " Feature   b\\_key\ttwo\n"
            " Feature   b\\_key\tlines\n"
            " Feature   b\\_key\t\n"
            "END_CFG\n"
            "\n");
  // Multi-line values come back joined by '\n'; the empty value is not written at all, as in MLIP-2.
  const auto back = read_all(out.str());
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].features.at("b key"), "two\nlines\n");
  EXPECT_EQ(back[0].features.count("empty"), 0u);
}

// The writer's digits are printf's (MLIP-2 wrote through iostreams, i.e. printf rounding), including exact
// ties such as 1/128 = 0.0078125 at 6 decimals, and in the lossless layout.
TEST(CfgText, DigitsAreThoseOfPrintf) {
  std::mt19937_64 rng(13);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<double> values = {0.0, -0.0, 1.0 / 128, -3.0 / 128, 5e-7, 2.5e-6, 1e300, -1e-300};
  for (int k = -300; k < 300; ++k) values.push_back(k / 1024.0);
  for (int k = 0; k < 3000; ++k) values.push_back(u(rng) * std::pow(10.0, static_cast<int>(rng() % 30) - 15));
  for (const auto& [style, format] : {std::pair{io::CfgTextStyle::Fixed, "%13.6f"}, std::pair{io::CfgTextStyle::Lossless, "%.16e"}}) {
    Configuration c;
    c.resize(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) c.positions[i] = {values[i], 0.0, 0.0};
    std::ostringstream out;
    io::write_cfg_text(out, c, style);
    std::istringstream in(out.str());
    std::string word;
    while (in >> word && word != "cartes_z") {
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
      std::string id, type, x, y, z;
      in >> id >> type >> x >> y >> z;
      char buf[400];
      std::snprintf(buf, sizeof buf, format, values[i]);
      std::string expected = buf;
      expected.erase(0, expected.find_first_not_of(' '));
      ASSERT_EQ(x, expected) << "value " << i << " written with " << format;
    }
  }
}

TEST(CfgText, ReadsBlocksInAnyOrderAndAllColumnForms) {
  const std::string text =
      "BEGIN_CFG\n"
      " Feature   from\tdatabase:x.cfg\n"
      " Energy\n  -1.5\n"
      " SuperCell\n  2 0 0\n  0 4 0\n  0 0 5\n"
      " Size\n 2\n"
      " Virial:  xy xx yy zz yz xz\n  6 1 2 3 4 5\n"
      " Atomic_data:  fz fy fx direct_z type direct_y direct_x id charge site_en nbh_grades\n"
      "   0.3 0.2 0.1  0.5 1 0.25 0.5 1 -0.5 -2.5 1.5\n"
      "   0 0 0  0 0 0 0 2 0.5 -2.0 0.0\n"
      " Features:  EFS_by  mindist\n  VASP  2.5\n"
      "END_CFG\n";
  const auto cfgs = read_all(text);
  ASSERT_EQ(cfgs.size(), 1u);
  const Configuration& c = cfgs[0];
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c.lattice.periodic_dims, 3);
  EXPECT_EQ(c.positions[0].x, 1.0);  // 0.5 * 2
  EXPECT_EQ(c.positions[0].y, 1.0);  // 0.25 * 4
  EXPECT_EQ(c.positions[0].z, 2.5);  // 0.5 * 5
  EXPECT_EQ(c.types[0], 1);
  EXPECT_EQ(c.forces[0].x, 0.1);
  EXPECT_EQ(c.forces[0].z, 0.3);
  EXPECT_EQ(c.charges[0], -0.5);
  EXPECT_EQ(c.site_energies[1], -2.0);
  EXPECT_EQ(c.nbh_grades[0], 1.5);
  EXPECT_EQ(*c.energy, -1.5);
  // Virial: is divided by |det L| = 40, as MLIP-2 does.
  EXPECT_DOUBLE_EQ((*c.virial)(0, 1), 6.0 / 40);
  EXPECT_DOUBLE_EQ((*c.virial)(1, 0), 6.0 / 40);
  EXPECT_DOUBLE_EQ((*c.virial)(0, 0), 1.0 / 40);
  EXPECT_DOUBLE_EQ((*c.virial)(0, 2), 5.0 / 40);
  EXPECT_EQ(c.features.at("from"), "database:x.cfg");
  EXPECT_EQ(c.features.at("EFS_by"), "VASP");
  EXPECT_EQ(c.features.at("mindist"), "2.5");
}

TEST(CfgText, SupercellRowsGivePeriodicDimensions) {
  for (int rows = 0; rows <= 3; ++rows) {
    std::string text = "BEGIN_CFG\n Size\n 1\n Supercell\n";
    for (int r = 0; r < rows; ++r) text += r == 0 ? " 3 0 0\n" : r == 1 ? " 0 3 0\n" : " 0 0 3\n";
    text += " AtomData: id type cartes_x cartes_y cartes_z\n 1 0 0 0 0\nEND_CFG\n";
    const auto cfgs = read_all(text);
    ASSERT_EQ(cfgs.size(), 1u);
    EXPECT_EQ(cfgs[0].lattice.periodic_dims, rows);
    // And the writer gives back exactly the rows it read.
    const std::string written = write_all(cfgs, io::CfgTextStyle::Fixed);
    EXPECT_EQ(written.find(" Supercell") != std::string::npos, rows > 0);
    EXPECT_EQ(read_all(written)[0].lattice.periodic_dims, rows);
  }
}

TEST(CfgText, AtomDataWithoutSizeCountsTheRows) {
  const auto cfgs = read_all(
      "BEGIN_CFG\n AtomData: id type cartes_x cartes_y cartes_z\n 1 0 0 0 0\n 2 1 1 1 1\n 3 0 2 2 2\n"
      " Energy\n 1.0\nEND_CFG\n");
  ASSERT_EQ(cfgs.size(), 1u);
  EXPECT_EQ(cfgs[0].size(), 3u);
  EXPECT_EQ(cfgs[0].types[1], 1);
  EXPECT_EQ(cfgs[0].positions[2].z, 2.0);
}

// MLIP-2's old layout (BEGIN ... END): convert-cfg example 01 gives MLIP-2's own output.
TEST(CfgText, OldLayoutMatchesMlip2Conversion) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::shared_path("reference/mlip2/test/examples/convert-cfg/01.convert-cfg/");
  const auto cfgs = read_all(read_file(dir + "input.cfg"), "input.cfg");
  ASSERT_EQ(cfgs.size(), 1u);
  EXPECT_EQ(write_all(cfgs, io::CfgTextStyle::Fixed), read_file(dir + "correct_output.cfg"));
}

TEST(CfgText, StreamsManyConfigurations) {
  std::mt19937_64 rng(3);
  const Configuration c = random_configuration(rng, 8, 3);
  std::ostringstream out;
  for (int k = 0; k < 2000; ++k) io::write_cfg_text(out, c, io::CfgTextStyle::Lossless);
  std::istringstream in(out.str());
  auto reader = io::make_cfg_text_reader(in, "many.cfg");
  Configuration back;
  int count = 0;
  while (reader->next(back)) {
    ++count;
    if (count == 2000) expect_identical(c, back);
  }
  EXPECT_EQ(count, 2000);
}

}  // namespace

namespace {

// MLIP-3 wrote these with its magnetic and ghost columns: they are kept, and written back byte for byte.
TEST(CfgText, Mlip3ColumnsAreKeptAndWrittenBack) {
  REQUIRE_SHARED();
  for (const char* name : {"reference/mlip3/mlip3-extract/test/self-test/fe_magmom.cfg",
                           "reference/mlip3/mlip3-extract/test/examples/05.cut_extrapolative_neighborhood/selected.cfg",
                           "reference/mlip3/mlip3-extract/test/examples/06.select_add/sample_out/selected.cfg"}) {
    const std::string path = mtp::test::shared_path(name);
    const std::string text = read_file(path);
    const auto cfgs = read_all(text, path);
    ASSERT_FALSE(cfgs.empty()) << name;
    // The fixtures end without the blank line MLIP writes after each configuration; otherwise byte for byte.
    std::string written = write_all(cfgs, io::CfgTextStyle::Fixed), expected = text;
    while (!written.empty() && written.back() == '\n') written.pop_back();
    while (!expected.empty() && expected.back() == '\n') expected.pop_back();
    EXPECT_EQ(written, expected) << name;
  }
  const auto fe = read_all(read_file(mtp::test::shared_path("reference/mlip3/mlip3-extract/test/self-test/fe_magmom.cfg")));
  ASSERT_EQ(fe.front().magnetic_moments.size(), 16u);
  EXPECT_DOUBLE_EQ(fe.front().magnetic_moments[0].x, 1.542922);
  EXPECT_FALSE(fe.front().has_ghost_flags());
  const auto cut = read_all(read_file(mtp::test::shared_path("reference/mlip3/mlip3-extract/test/examples/05.cut_extrapolative_neighborhood/selected.cfg")));
  ASSERT_TRUE(cut.front().has_ghost_flags());
  EXPECT_EQ(cut.front().ghost_count(), 1139u);
  EXPECT_FALSE(cut.front().ghost[539]);
  EXPECT_TRUE(cut.front().ghost[540]);
  EXPECT_DOUBLE_EQ(cut.front().nbh_grades[0], 15.67824);
  // As MLIP-3 treats them: the ghost atoms (the last 1139) only complete the neighbourhoods of the 540 others.
  const mtp::NeighborList nl = mtp::NeighborList::build(cut.front(), 5.0);
  EXPECT_EQ(nl.centers(), 540u);
}

TEST(CfgText, Mlip3ColumnsComeInThrees) {
  const std::string text =
      "BEGIN_CFG\n Size\n 1\n AtomData: id type cartes_x cartes_y cartes_z magmom_x magmom_y\n"
      " 1 0 0 0 0 1 2\nEND_CFG\n";
  try {
    read_all(text, "mag.cfg");
    FAIL() << "accepted two of three magmom columns";
  } catch (const mtp::Error& e) {
    EXPECT_NE(std::string(e.what()).find("mag.cfg:4"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("magmom_x magmom_y magmom_z"), std::string::npos) << e.what();
  }
}

}  // namespace
