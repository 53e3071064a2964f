// The configuration commands run as a user runs them: convert-cfg against MLIP-2's outputs, mindist
// against a brute-force minimum, subsample, replicate-cell, filter-nonconv, and failure behaviour.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>

#include "mtp/io/cfg_text.hpp"
#include "support/files.hpp"
#include "support/paths.hpp"
#include "support/run_command.hpp"

namespace {

using mtp::Configuration;
namespace io = mtp::io;
namespace fs = std::filesystem;
using mtp::test::quoted;
using mtp::test::read_cfg_file;
using mtp::test::read_file;
using mtp::test::run_mlp;
using mtp::test::temporary_files;
using mtp::test::write_cfg_file;

// Periodic cells of a few Angstrom (slightly skewed) and clusters, a few atoms each, with energies.
std::vector<Configuration> random_set(unsigned seed, int count) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<Configuration> out;
  for (int k = 0; k < count; ++k) {
    Configuration c;
    const bool periodic = k % 3 != 2;
    if (periodic) {
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) c.lattice.rows(a, b) = a == b ? 3.0 + 2.0 * u(rng) : 0.6 * (u(rng) - 0.5);
      c.lattice.periodic_dims = 3;
    }
    const std::size_t n = 1 + rng() % 5;
    c.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      c.positions[i] = periodic ? c.lattice.to_cartesian({u(rng), u(rng), u(rng)}) : mtp::Vec3{4 * u(rng), 4 * u(rng), 4 * u(rng)};
      c.types[i] = static_cast<int>(rng() % 2);
    }
    if (!periodic && n == 1) c.resize(2), c.positions[1] = {1.0, 2.0, 2.0};
    if (k == 5) {  // a cluster of two atoms farther apart than 10 A
      c.resize(2);
      c.positions[1] = c.positions[0] + mtp::Vec3{0.0, 23.0, 0.0};
    }
    c.energy = -1.0 - k;
    out.push_back(c);
  }
  return out;
}

double brute_force_mindist(const Configuration& c) {
  double best = std::numeric_limits<double>::infinity();
  const int k = c.lattice.periodic_dims == 3 ? 3 : 0;
  for (std::size_t i = 0; i < c.size(); ++i)
    for (std::size_t j = 0; j < c.size(); ++j)
      for (int x = -k; x <= k; ++x)
        for (int y = -k; y <= k; ++y)
          for (int z = -k; z <= k; ++z) {
            if (i == j && x == 0 && y == 0 && z == 0) continue;
            const mtp::Vec3 d = c.positions[j] + c.lattice.to_cartesian({double(x), double(y), double(z)}) - c.positions[i];
            best = std::min(best, mtp::norm(d));
          }
  return best;
}

TEST(ConvertCfg, ReproducesMlip2Conversions) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("convert-mlip2");
  const std::string e = mtp::test::shared_path("reference/mlip2/expected/e_convert_cfg_to_poscar_lammps/");
  const std::string x = mtp::test::shared_path("reference/mlip2/test/examples/convert-cfg/");
  struct Case {
    std::string args, output, expected, stdout_line;
  };
  fs::copy_file(x + "11.convert-cfg/output.cfg", dir + "/o11.cfg");
  fs::permissions(dir + "/o11.cfg", fs::perms::owner_write, fs::perm_options::add);
  const Case cases[] = {
      {quoted(e + "in_liti_2cfgs.cfg") + " " + quoted(dir + "/out.bin.cfg") + " --output-format=bin", dir + "/out.bin.cfg",
       e + "out.bin.cfg", "Processed 2 configurations"},
      {quoted(dir + "/out.bin.cfg") + " " + quoted(dir + "/roundtrip.cfg") + " --input-format=bin", dir + "/roundtrip.cfg",
       e + "roundtrip.cfg", "Processed 2 configurations"},
      {quoted(x + "01.convert-cfg/input.cfg") + " " + quoted(dir + "/o01.cfg"), dir + "/o01.cfg", x + "01.convert-cfg/correct_output.cfg",
       "Processed 1 configurations"},
      {quoted(x + "03.convert-cfg/input.cfg") + " " + quoted(dir + "/o03.bin") + " --output-format=bin", dir + "/o03.bin",
       x + "03.convert-cfg/correct_output.bin.cfg", "Processed"},
      {quoted(x + "04.convert-cfg/input.bin.cfg") + " " + quoted(dir + "/o04.cfg") + " --input-format=bin", dir + "/o04.cfg",
       x + "04.convert-cfg/correct_output.cfg", "Processed"},
      {quoted(x + "10.convert-cfg/input.cfg") + " " + quoted(dir + "/o10.cfg") + " --last", dir + "/o10.cfg",
       x + "10.convert-cfg/correct_output.cfg", "Processed 4 configurations"},
      {quoted(x + "11.convert-cfg/input.cfg") + " " + quoted(dir + "/o11.cfg") + " --append", dir + "/o11.cfg",
       x + "11.convert-cfg/correct_output.cfg", "Processed 4 configurations"},
      {quoted(x + "12.convert-cfg/input.cfg") + " " + quoted(dir + "/o12.cfg") + " --fix-lattice", dir + "/o12.cfg",
       x + "12.convert-cfg/correct_output.cfg", "Processed 1 configurations"},
  };
  for (const Case& c : cases) {
    const auto r = run_mlp("convert-cfg " + c.args);
    EXPECT_EQ(r.status, 0) << c.args << "\n" << r.output;
    EXPECT_NE(r.output.find(c.stdout_line), std::string::npos) << r.output;
    EXPECT_TRUE(read_file(c.output) == read_file(c.expected)) << c.args;
  }
  EXPECT_EQ(temporary_files(dir), 0);
}

TEST(ConvertCfg, Mlip3SpellingsWork) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("convert-mlip3");
  const std::string e = mtp::test::shared_path("reference/mlip2/expected/e_convert_cfg_to_poscar_lammps/");
  const auto r = run_mlp("convert --output_format=bin " + quoted(e + "in_liti_2cfgs.cfg") + " " + quoted(dir + "/o.bin"));
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(read_file(dir + "/o.bin") == read_file(e + "out.bin.cfg"));
}

TEST(ConvertCfg, BadInputExitsNonZeroAndLeavesNoOutput) {
  const std::string dir = mtp::test::scratch_dir("convert-bad");
  {
    std::ofstream bad(dir + "/bad.cfg");
    bad << "BEGIN_CFG\n Size\n 1\n AtomData: id type cartes_x cartes_y cartes_z\n 1 0 0 0\nEND_CFG\n";
  }
  // A good configuration first, so the writer has started when the error comes.
  write_cfg_file(dir + "/good.cfg", random_set(1, 3));
  {
    std::ofstream both(dir + "/both.cfg");
    both << read_file(dir + "/good.cfg") << read_file(dir + "/bad.cfg");
  }
  auto r = run_mlp("convert-cfg " + quoted(dir + "/both.cfg") + " " + quoted(dir + "/out.cfg"));
  EXPECT_NE(r.status, 0);
  const std::string good = read_file(dir + "/good.cfg");
  const long bad_line = static_cast<long>(std::count(good.begin(), good.end(), '\n')) + 5;  // the short row
  EXPECT_NE(r.output.find("both.cfg:" + std::to_string(bad_line) + ": "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("expected 5 columns"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir + "/out.cfg"));
  // Appending to an existing file: on error the file stays as it was.
  const std::string before = read_file(dir + "/good.cfg");
  r = run_mlp("convert-cfg " + quoted(dir + "/bad.cfg") + " " + quoted(dir + "/good.cfg") + " --append");
  EXPECT_NE(r.status, 0);
  EXPECT_EQ(read_file(dir + "/good.cfg"), before);
  // Unknown format, missing input, wrong argument count.
  EXPECT_NE(run_mlp("convert-cfg " + quoted(dir + "/good.cfg") + " " + quoted(dir + "/o.cfg") + " --output-format=pdf").status, 0);
  EXPECT_NE(run_mlp("convert-cfg " + quoted(dir + "/none.cfg") + " " + quoted(dir + "/o.cfg")).status, 0);
  EXPECT_NE(run_mlp("convert-cfg " + quoted(dir + "/good.cfg")).status, 0);
  EXPECT_FALSE(fs::exists(dir + "/o.cfg"));
  EXPECT_EQ(temporary_files(dir), 0);
}

// Species by element name through convert-cfg: one --type-order maps NaCl files that list Na first and
// Cl first to the same types; an element outside the order is an error naming file, line and element; a
// file that names its species is not read without an order; extxyz -> cfg -> extxyz gives back the symbols,
// and ASE reads our extxyz with the right elements.
TEST(ConvertCfg, TypeOrderMapsExtxyzSpeciesByName) {
  const std::string dir = mtp::test::scratch_dir("convert-species");
  const std::string head = "4\nLattice=\"5.6 0 0 0 5.6 0 0 0 5.6\" Properties=species:S:1:pos:R:3 energy=-3.0\n";
  std::ofstream(dir + "/na.xyz") << head << "Na 0 0 0\nCl 2.8 0 0\nNa 2.8 2.8 0\nCl 0 2.8 0\n";
  std::ofstream(dir + "/cl.xyz") << head << "Cl 2.8 0 0\nNa 0 0 0\nCl 0 2.8 0\nNa 2.8 2.8 0\n";
  const std::string opts = " --input-format=extxyz --type-order=Na,Cl";
  ASSERT_EQ(run_mlp("convert-cfg" + opts + " " + quoted(dir + "/na.xyz") + " " + quoted(dir + "/na.cfg")).status, 0);
  ASSERT_EQ(run_mlp("convert-cfg" + opts + " " + quoted(dir + "/cl.xyz") + " " + quoted(dir + "/cl.cfg")).status, 0);
  EXPECT_EQ(read_cfg_file(dir + "/na.cfg").at(0).types, (std::vector<int>{0, 1, 0, 1}));
  EXPECT_EQ(read_cfg_file(dir + "/cl.cfg").at(0).types, (std::vector<int>{1, 0, 1, 0}));

  auto r = run_mlp("convert-cfg --input-format=extxyz --type-order=Na " + quoted(dir + "/na.xyz") + " " + quoted(dir + "/x.cfg"));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("na.xyz:4: element 'Cl' is not in the species order (Na)"), std::string::npos) << r.output;
  r = run_mlp("convert-cfg --input-format=extxyz " + quoted(dir + "/na.xyz") + " " + quoted(dir + "/x.cfg"));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("--type-order"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir + "/x.cfg"));

  // Back to extxyz under the same order (atomic numbers accepted): the symbols of the original file.
  ASSERT_EQ(run_mlp("convert-cfg --output-format=extxyz --type-order=11,17 " + quoted(dir + "/cl.cfg") + " " +
                    quoted(dir + "/back.xyz")).status, 0);
  std::istringstream back(read_file(dir + "/back.xyz"));
  std::string line, symbols;
  std::getline(back, line);
  std::getline(back, line);
  while (std::getline(back, line)) symbols += line.substr(0, line.find(' ')) + " ";
  EXPECT_EQ(symbols, "Cl Na Cl Na ");
  r = run_mlp("convert-cfg --output-format=extxyz " + quoted(dir + "/cl.cfg") + " " + quoted(dir + "/y.xyz"));
  EXPECT_NE(r.status, 0);
  EXPECT_FALSE(fs::exists(dir + "/y.xyz"));

  if (mtp::test::run_command("/usr/bin/python3 -c 'import ase.io'").status != 0) GTEST_SKIP() << "ASE check needs ase";
  const auto ase = mtp::test::run_command("/usr/bin/python3 -c \"import ase.io; print(' '.join(ase.io.read('" +
                                          dir + "/back.xyz', format='extxyz').get_chemical_symbols()))\"");
  ASSERT_EQ(ase.status, 0) << ase.output;
  EXPECT_EQ(ase.output, "Cl Na Cl Na\n");
}

// POSCAR and LAMMPS data carry the names too: a VASP 5 symbol line, Masses comments.
TEST(ConvertCfg, PoscarAndLammpsDataCarryNamesUnderTheOrder) {
  const std::string dir = mtp::test::scratch_dir("convert-species-formats");
  std::ofstream(dir + "/in.xyz") << "3\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3\n"
                                 << "Cl 0 0 0\nNa 2.5 0 0\nCl 0 2.5 0\n";
  const std::string in = " --input-format=extxyz " + quoted(dir + "/in.xyz");
  ASSERT_EQ(run_mlp("convert-cfg --type-order=Na,Cl --output-format=vasp-poscar" + in + " " + quoted(dir + "/POSCAR")).status, 0);
  ASSERT_EQ(run_mlp("convert-cfg --type-order=Na,Cl --output-format=lammps-datafile" + in + " " + quoted(dir + "/data")).status, 0);
  EXPECT_NE(read_file(dir + "/POSCAR").find("\n Na Cl\n 1 2\n"), std::string::npos) << read_file(dir + "/POSCAR");
  EXPECT_NE(read_file(dir + "/data").find("2 atom types\n\nMasses\n\n1 22.99 # Na\n2 35.45 # Cl\n"), std::string::npos)
      << read_file(dir + "/data");
  // Read back under the opposite order: the names decide the types, not the files' numbering.
  for (const char* format : {"vasp-poscar", "lammps-datafile"}) {
    const std::string file = dir + (std::string(format) == "vasp-poscar" ? "/POSCAR" : "/data");
    ASSERT_EQ(run_mlp(std::string("convert-cfg --type-order=Cl,Na --input-format=") + format + " " + quoted(file) + " " +
                      quoted(dir + "/" + format + ".cfg")).status, 0) << format;
    const auto cfg = read_cfg_file(dir + "/" + format + ".cfg").at(0);
    std::vector<int> want;
    for (const auto& p : cfg.positions) want.push_back(std::abs(p.x - 2.5) < 1e-6 && std::abs(p.y) < 1e-6 ? 1 : 0);
    EXPECT_EQ(cfg.types, want) << format;
    const auto r = run_mlp(std::string("convert-cfg --type-order=Cl --input-format=") + format + " " + quoted(file) + " " +
                           quoted(dir + "/x.cfg"));
    EXPECT_NE(r.status, 0) << format;
    EXPECT_NE(r.output.find("element 'Na' is not in the species order (Cl)"), std::string::npos) << r.output;
  }
}

TEST(ConvertMindist, EqualsBruteForceMinimum) {
  const std::string dir = mtp::test::scratch_dir("mindist");
  const auto cfgs = random_set(17, 30);
  write_cfg_file(dir + "/db.cfg", cfgs);
  const std::string original = read_file(dir + "/db.cfg");

  auto r = run_mlp("mindist " + quoted(dir + "/db.cfg") + " --no-overwrite");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(read_file(dir + "/db.cfg"), original);

  double global = std::numeric_limits<double>::infinity();
  for (const auto& c : cfgs) global = std::min(global, brute_force_mindist(c));
  const std::size_t at = r.output.find("Global mindist: ");
  ASSERT_NE(at, std::string::npos) << r.output;
  const double printed = std::stod(r.output.substr(at + 16));
  EXPECT_NEAR(printed, global, 1e-5 * global);  // printed with 6 significant digits

  r = run_mlp("mindist " + quoted(dir + "/db.cfg"));
  ASSERT_EQ(r.status, 0) << r.output;
  const auto back = read_cfg_file(dir + "/db.cfg");
  ASSERT_EQ(back.size(), cfgs.size());
  for (std::size_t k = 0; k < cfgs.size(); ++k) {
    ASSERT_EQ(back[k].features.count("mindist"), 1u);
    EXPECT_NEAR(std::stod(back[k].features.at("mindist")), brute_force_mindist(cfgs[k]), 5.1e-7) << k;
    EXPECT_EQ(back[k].size(), cfgs[k].size());
  }
  EXPECT_EQ(temporary_files(dir), 0);
}

// MLIP-2's example databases carry the `Feature mindist` its mindist command wrote: running ours on them
// rewrites them byte for byte.
TEST(ConvertMindist, ReproducesMlip2MindistFeatures) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("mindist-mlip2");
  for (const char* rel : {"04.calc-grade/test.cfg", "02.calc-efs/train.cfg"}) {
    const std::string original = mtp::test::shared_path(std::string("reference/mlip2/test/examples/") + rel);
    fs::copy_file(original, dir + "/db.cfg", fs::copy_options::overwrite_existing);
    fs::permissions(dir + "/db.cfg", fs::perms::owner_write, fs::perm_options::add);
    const auto r = run_mlp("mindist " + quoted(dir + "/db.cfg"));
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_TRUE(read_file(dir + "/db.cfg") == read_file(original)) << rel;
  }
  EXPECT_NE(run_mlp("mindist " + quoted(dir + "/db.cfg") + " --no-overwrite").output.find("Global mindist: 2.09297"), std::string::npos);
}

TEST(ConvertSubsample, KeepsEveryNthFromTheFirst) {
  const std::string dir = mtp::test::scratch_dir("subsample");
  write_cfg_file(dir + "/in.cfg", random_set(3, 10));
  const auto r = run_mlp("subsample " + quoted(dir + "/in.cfg") + " " + quoted(dir + "/out.cfg") + " 3");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto out = read_cfg_file(dir + "/out.cfg");
  ASSERT_EQ(out.size(), 4u);
  for (std::size_t k = 0; k < out.size(); ++k) EXPECT_EQ(*out[k].energy, -1.0 - 3.0 * k);
  EXPECT_NE(run_mlp("subsample " + quoted(dir + "/in.cfg") + " " + quoted(dir + "/x.cfg") + " 0").status, 0);
  EXPECT_FALSE(fs::exists(dir + "/x.cfg"));
}

TEST(ConvertReplicate, SupercellsPreserveMindistAndScaleExtensiveValues) {
  const std::string dir = mtp::test::scratch_dir("replicate");
  std::vector<Configuration> cfgs;
  for (const auto& c : random_set(23, 6))
    if (c.lattice.periodic_dims == 3) cfgs.push_back(c);
  write_cfg_file(dir + "/in.cfg", cfgs);
  auto r = run_mlp("replicate-cell " + quoted(dir + "/in.cfg") + " " + quoted(dir + "/diag.cfg") + " 2 1 3");
  ASSERT_EQ(r.status, 0) << r.output;
  r = run_mlp("replicate_cell " + quoted(dir + "/in.cfg") + " " + quoted(dir + "/full.cfg") + " 1 1 0  0 1 0  0 -1 2");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto diag = read_cfg_file(dir + "/diag.cfg"), full = read_cfg_file(dir + "/full.cfg");
  ASSERT_EQ(diag.size(), cfgs.size());
  ASSERT_EQ(full.size(), cfgs.size());
  for (std::size_t k = 0; k < cfgs.size(); ++k) {
    const double d0 = brute_force_mindist(cfgs[k]);
    EXPECT_EQ(diag[k].size(), 6 * cfgs[k].size());
    EXPECT_NEAR(diag[k].lattice.volume(), 6 * cfgs[k].lattice.volume(), 1e-4);
    EXPECT_NEAR(*diag[k].energy, 6 * *cfgs[k].energy, 1e-9);
    EXPECT_NEAR(diag[k].min_distance(), d0, 2e-6);
    EXPECT_EQ(full[k].size(), 2 * cfgs[k].size());
    EXPECT_NEAR(full[k].lattice.volume(), 2 * cfgs[k].lattice.volume(), 1e-4);
    EXPECT_FALSE(full[k].energy.has_value());
    EXPECT_NEAR(full[k].min_distance(), d0, 2e-6);
  }
  EXPECT_NE(run_mlp("replicate-cell " + quoted(dir + "/in.cfg") + " " + quoted(dir + "/x.cfg") + " 2 2").status, 0);
  EXPECT_NE(run_mlp("replicate-cell " + quoted(dir + "/in.cfg") + " " + quoted(dir + "/x.cfg") + " 1 0 0 0 1 0 0 0 0").status, 0);
  EXPECT_FALSE(fs::exists(dir + "/x.cfg"));
}

TEST(ConvertFilterNonconv, DropsNotConvergedConfigurations) {
  const std::string dir = mtp::test::scratch_dir("filter");
  auto cfgs = random_set(5, 6);
  cfgs[1].features["EFS_by"] = "VASP_not_converged";
  cfgs[2].features["EFS_by"] = "VASP";
  cfgs[4].features["EFS_by"] = "QE_not_converged_at_all";
  write_cfg_file(dir + "/db.cfg", cfgs);
  const auto r = run_mlp("filter_nonconv " + quoted(dir + "/db.cfg"));
  ASSERT_EQ(r.status, 0) << r.output;
  const auto out = read_cfg_file(dir + "/db.cfg");
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(*out[0].energy, -1.0);
  EXPECT_EQ(*out[1].energy, -3.0);
  EXPECT_EQ(*out[2].energy, -4.0);
  EXPECT_EQ(*out[3].energy, -6.0);
}

}  // namespace
