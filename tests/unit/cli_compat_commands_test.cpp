// MLIP-2's and MLIP-3's undocumented configuration commands, run as a user runs them, with the numbers
// checked: strained copies, nearly cubic supercells, binary round trips, in-place rewrites, filters,
// OUTCAR appends, POSCAR output and a potential extended by species.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>

#include "mtp/io/cfg_text.hpp"
#include "mtp/io/cfg_transforms.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/model/evaluator.hpp"
#include "mtp/model/species_extension.hpp"
#include "support/files.hpp"
#include "support/paths.hpp"
#include "support/run_command.hpp"

namespace {

using mtp::Configuration;
using mtp::Vec3;
namespace io = mtp::io;
namespace fs = std::filesystem;
using mtp::test::quoted;
using mtp::test::read_cfg_file;
using mtp::test::read_file;
using mtp::test::run_mlp;
using mtp::test::temporary_files;
using mtp::test::write_cfg_file;

// Skewed periodic cells of a few atoms with energy, forces, virial and a feature.
std::vector<Configuration> random_cells(unsigned seed, int count) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<Configuration> out;
  for (int k = 0; k < count; ++k) {
    Configuration c;
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) c.lattice.rows(a, b) = a == b ? 3.0 + 2.0 * u(rng) : 0.8 * (u(rng) - 0.5);
    c.lattice.periodic_dims = 3;
    const std::size_t n = 1 + rng() % 4;
    c.resize(n);
    c.forces.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      c.positions[i] = c.lattice.to_cartesian({u(rng), u(rng), u(rng)});
      c.types[i] = static_cast<int>(rng() % 3);
      c.forces[i] = {u(rng) - 0.5, u(rng) - 0.5, u(rng) - 0.5};
    }
    mtp::Mat3 v;
    for (int a = 0; a < 3; ++a)
      for (int b = a; b < 3; ++b) v(a, b) = v(b, a) = u(rng) - 0.5;
    c.virial = v;
    c.energy = -1.0 - k;
    c.features["tag"] = "cell" + std::to_string(k);
    out.push_back(c);
  }
  return out;
}

double brute_force_mindist(const Configuration& c) {
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < c.size(); ++i)
    for (std::size_t j = 0; j < c.size(); ++j)
      for (int x = -3; x <= 3; ++x)
        for (int y = -3; y <= 3; ++y)
          for (int z = -3; z <= 3; ++z) {
            if (i == j && x == 0 && y == 0 && z == 0) continue;
            const Vec3 d = c.positions[j] + c.lattice.to_cartesian({double(x), double(y), double(z)}) - c.positions[i];
            best = std::min(best, mtp::norm(d));
          }
  return best;
}

TEST(CompatCompressExtend, TwentyOneStrainsWithoutEfs) {
  const std::string dir = mtp::test::scratch_dir("compat-compress");
  const auto cfgs = random_cells(1, 2);
  write_cfg_file(dir + "/in.cfg", cfgs);
  const auto r = run_mlp("compress-extend " + quoted(dir + "/in.cfg") + " " + quoted(dir + "/out.cfg"));
  ASSERT_EQ(r.status, 0) << r.output;
  const auto out = read_cfg_file(dir + "/out.cfg");
  ASSERT_EQ(out.size(), 42u);
  for (std::size_t k = 0; k < out.size(); ++k) {
    const Configuration& c = cfgs[k / 21];
    const double e = -0.10 + 0.01 * double(k % 21);
    EXPECT_NEAR(out[k].lattice.volume() / c.lattice.volume(), std::pow(1 + e, 3), 2e-5) << k;
    EXPECT_FALSE(out[k].has_energy());
    EXPECT_FALSE(out[k].has_forces());
    EXPECT_FALSE(out[k].has_virial());
    EXPECT_EQ(out[k].types, c.types);
    EXPECT_EQ(out[k].features.at("tag"), c.features.at("tag"));
    // Isotropic: fractional coordinates stay, distances scale by 1 + e.
    EXPECT_NEAR(brute_force_mindist(out[k]), (1 + e) * brute_force_mindist(c), 5e-6) << k;
  }
  // The library call agrees with the command to the written precision.
  const auto lib = io::compress_extend(cfgs[1]);
  ASSERT_EQ(lib.size(), 21u);
  EXPECT_NEAR(lib[20].lattice.volume(), 1.331 * cfgs[1].lattice.volume(), 1e-9 * cfgs[1].lattice.volume());
  EXPECT_NEAR(lib[0].positions[0].x, 0.9 * cfgs[1].positions[0].x, 1e-12);
}

// Primitive fcc (one atom): the most nearly cubic 4-atom supercell is the conventional cube.
TEST(CompatMakeCellSquare, FindsTheCubeOfFcc) {
  const std::string dir = mtp::test::scratch_dir("compat-square");
  Configuration fcc;
  const double a = 3.6;
  fcc.lattice.periodic_dims = 3;
  fcc.lattice.rows.set_row(0, {0, a / 2, a / 2});
  fcc.lattice.rows.set_row(1, {a / 2, 0, a / 2});
  fcc.lattice.rows.set_row(2, {a / 2, a / 2, 0});
  fcc.resize(1);
  fcc.positions[0] = {0.1, 0.2, 0.3};
  fcc.energy = -3.5;
  write_cfg_file(dir + "/in.cfg", {fcc});
  const auto r = run_mlp("make-cell-square " + quoted(dir + "/in.cfg") + " " + quoted(dir + "/out.cfg") + " --min-atoms=4 --max-atoms=4");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto out = read_cfg_file(dir + "/out.cfg");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].size(), 4u);
  EXPECT_NEAR(out[0].lattice.volume(), a * a * a, 1e-4);
  EXPECT_GT(mtp::determinant(out[0].lattice.rows), 0.0);
  EXPECT_LT(io::cubic_metric_deviation(out[0].lattice), 1e-4);
  EXPECT_GT(io::cubic_metric_deviation(fcc.lattice), 1.0);
  EXPECT_NEAR(brute_force_mindist(out[0]), a / std::sqrt(2.0), 2e-6);
  EXPECT_FALSE(out[0].has_energy());
}

// For any cell: |det A| times the atom count in range, det A > 0, the metric no farther from cubic than
// the cell's own when the cell itself qualifies, and the nearest-neighbour distance unchanged.
TEST(CompatMakeCellSquare, SupercellsInRangeAndCloserToCubic) {
  const std::string dir = mtp::test::scratch_dir("compat-square-random");
  const auto cfgs = random_cells(7, 4);
  for (const auto& c : cfgs) {
    const int n = static_cast<int>(c.size());
    const auto a = io::square_cell_matrix(c, n, 8 * n);
    long det = 0;
    det = long(a[0][0]) * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - long(a[0][1]) * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) +
          long(a[0][2]) * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
    EXPECT_GE(det, 1);
    EXPECT_LE(det, 8);
    for (const auto& row : a)
      for (int v : row) EXPECT_LE(std::abs(v), 4);
    const Configuration sq = io::make_cell_square(c, n, 8 * n);
    EXPECT_EQ(sq.size(), c.size() * std::size_t(det));
    EXPECT_NEAR(sq.lattice.volume(), double(det) * c.lattice.volume(), 1e-9 * sq.lattice.volume());
    EXPECT_LE(io::cubic_metric_deviation(sq.lattice), io::cubic_metric_deviation(c.lattice) + 1e-12);
    EXPECT_NEAR(brute_force_mindist(sq), brute_force_mindist(c), 1e-9);
  }
  write_cfg_file(dir + "/in.cfg", cfgs);
  // No supercell of a 1..4-atom cell has between 5 and 4 atoms; clusters have no cell.
  auto r = run_mlp("make_cell_square " + quoted(dir + "/in.cfg") + " " + quoted(dir + "/x.cfg") + " --min_atoms=5 --max_atoms=4");
  EXPECT_NE(r.status, 0);
  Configuration cluster;
  cluster.resize(2);
  cluster.positions[1] = {1, 1, 1};
  write_cfg_file(dir + "/cluster.cfg", {cluster});
  r = run_mlp("make-cell-square " + quoted(dir + "/cluster.cfg") + " " + quoted(dir + "/x.cfg"));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("three-dimensional"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir + "/x.cfg"));
  EXPECT_EQ(temporary_files(dir), 0);
}

// to-bin, from-bin and fix-lattice take the output from their second argument (MLIP-2 read a third) and
// write what convert-cfg writes.
TEST(CompatBinaryAndFixLattice, SameAsConvertCfg) {
  const std::string dir = mtp::test::scratch_dir("compat-bin");
  write_cfg_file(dir + "/in.cfg", random_cells(3, 5));
  const std::string in = quoted(dir + "/in.cfg");
  ASSERT_EQ(run_mlp("to-bin " + in + " " + quoted(dir + "/a.bin")).status, 0);
  ASSERT_EQ(run_mlp("convert-cfg " + in + " " + quoted(dir + "/b.bin") + " --output-format=bin").status, 0);
  EXPECT_TRUE(read_file(dir + "/a.bin") == read_file(dir + "/b.bin"));
  ASSERT_EQ(run_mlp("from_bin " + quoted(dir + "/a.bin") + " " + quoted(dir + "/back.cfg")).status, 0);
  ASSERT_EQ(run_mlp("convert-cfg " + in + " " + quoted(dir + "/text.cfg")).status, 0);
  EXPECT_EQ(read_file(dir + "/back.cfg"), read_file(dir + "/text.cfg"));
  ASSERT_EQ(run_mlp("fix-lattice " + in + " " + quoted(dir + "/fixed.cfg")).status, 0);
  ASSERT_EQ(run_mlp("convert-cfg " + in + " " + quoted(dir + "/fixed2.cfg") + " --fix-lattice").status, 0);
  EXPECT_EQ(read_file(dir + "/fixed.cfg"), read_file(dir + "/fixed2.cfg"));
  const auto fixed = read_cfg_file(dir + "/fixed.cfg");
  ASSERT_EQ(fixed.size(), 5u);
  EXPECT_EQ(fixed[0].lattice.rows(0, 1), 0.0);  // lower triangular
  // MLIP-2's three-argument form is not accepted: the usage is given and nothing is written.
  const auto r = run_mlp("to-bin " + in + " " + quoted(dir + "/x") + " " + quoted(dir + "/y"));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("usage"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir + "/x") || fs::exists(dir + "/y"));
}

TEST(CompatFixCfg, RewritesInPlaceWithAndWithoutLoss) {
  const std::string dir = mtp::test::scratch_dir("compat-fixcfg");
  const auto cfgs = random_cells(5, 3);
  write_cfg_file(dir + "/db.cfg", cfgs);
  ASSERT_EQ(run_mlp("convert-cfg " + quoted(dir + "/db.cfg") + " " + quoted(dir + "/fixed.cfg")).status, 0);
  ASSERT_EQ(run_mlp("to-bin " + quoted(dir + "/db.cfg") + " " + quoted(dir + "/db.bin")).status, 0);
  ASSERT_EQ(run_mlp("fix-cfg " + quoted(dir + "/db.bin")).status, 0);  // binary in, text out
  EXPECT_EQ(read_file(dir + "/db.bin"), read_file(dir + "/fixed.cfg"));
  const std::string lossless = read_file(dir + "/db.cfg");
  ASSERT_EQ(run_mlp("fix_cfg " + quoted(dir + "/db.cfg") + " --no_loss").status, 0);
  EXPECT_EQ(read_file(dir + "/db.cfg"), lossless);
  const auto back = read_cfg_file(dir + "/db.cfg");
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[2].positions, cfgs[2].positions);
  EXPECT_EQ(back[2].forces, cfgs[2].forces);
  ASSERT_EQ(run_mlp("fix-cfg " + quoted(dir + "/db.cfg")).status, 0);
  EXPECT_EQ(read_file(dir + "/db.cfg"), read_file(dir + "/fixed.cfg"));
  EXPECT_EQ(temporary_files(dir), 0);
}

TEST(CompatInvertStress, FlipsTheSignInPlace) {
  const std::string dir = mtp::test::scratch_dir("compat-invert");
  auto cfgs = random_cells(9, 3);
  cfgs[1].virial.reset();
  write_cfg_file(dir + "/db.cfg", cfgs);
  ASSERT_EQ(run_mlp("invert-stress " + quoted(dir + "/db.cfg")).status, 0);
  const auto out = read_cfg_file(dir + "/db.cfg");
  ASSERT_EQ(out.size(), 3u);
  EXPECT_FALSE(out[1].has_virial());
  for (int k : {0, 2})
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) EXPECT_NEAR((*out[k].virial)(a, b), -(*cfgs[k].virial)(a, b), 6e-6);
  EXPECT_EQ(*out[2].energy, *cfgs[2].energy);
  // Twice is the identity (on the written digits).
  const std::string once = read_file(dir + "/db.cfg");
  ASSERT_EQ(run_mlp("invert_stress " + quoted(dir + "/db.cfg")).status, 0);
  ASSERT_EQ(run_mlp("invert_stress " + quoted(dir + "/db.cfg")).status, 0);
  EXPECT_EQ(read_file(dir + "/db.cfg"), once);
}

TEST(CompatMindistFilter, KeepsConfigurationsAtLeastDApart) {
  const std::string dir = mtp::test::scratch_dir("compat-mindist-filter");
  const auto cfgs = random_cells(11, 30);
  write_cfg_file(dir + "/in.cfg", cfgs);
  const double d = 1.6;
  const auto r = run_mlp("mindist_filter " + quoted(dir + "/in.cfg") + " 1.6 " + quoted(dir + "/out.cfg"));
  ASSERT_EQ(r.status, 0) << r.output;
  std::vector<std::string> expected;
  for (const auto& c : cfgs)
    if (brute_force_mindist(c) >= d) expected.push_back(c.features.at("tag"));
  ASSERT_GT(expected.size(), 0u);
  ASSERT_LT(expected.size(), cfgs.size());
  const auto out = read_cfg_file(dir + "/out.cfg");
  ASSERT_EQ(out.size(), expected.size());
  for (std::size_t k = 0; k < out.size(); ++k) EXPECT_EQ(out[k].features.at("tag"), expected[k]);
  EXPECT_NE(r.output.find("Kept " + std::to_string(expected.size()) + " of 30"), std::string::npos) << r.output;
  EXPECT_NE(run_mlp("mindist_filter " + quoted(dir + "/in.cfg") + " far " + quoted(dir + "/x.cfg")).status, 0);
  EXPECT_FALSE(fs::exists(dir + "/x.cfg"));
}

TEST(CompatRemapSpecies, MapsEveryType) {
  const std::string dir = mtp::test::scratch_dir("compat-remap");
  const auto cfgs = random_cells(13, 6);
  write_cfg_file(dir + "/in.cfg", cfgs);
  ASSERT_EQ(run_mlp("remap_species " + quoted(dir + "/in.cfg") + " " + quoted(dir + "/out.cfg") + " 5 0 2").status, 0);
  const auto out = read_cfg_file(dir + "/out.cfg");
  ASSERT_EQ(out.size(), cfgs.size());
  const int map[3] = {5, 0, 2};
  for (std::size_t k = 0; k < out.size(); ++k)
    for (std::size_t i = 0; i < out[k].size(); ++i) EXPECT_EQ(out[k].types[i], map[cfgs[k].types[i]]);
  // Type 2 has no entry: an error, and no output.
  const auto r = run_mlp("remap_species " + quoted(dir + "/in.cfg") + " " + quoted(dir + "/x.cfg") + " 1 0");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("type 2"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir + "/x.cfg"));
  EXPECT_EQ(temporary_files(dir), 0);
}

TEST(CompatAddFromOutcar, AppendsLastOrEveryStep) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("compat-outcar");
  const std::string relax = mtp::test::shared_path("reference/mlip2/test/self-test/configurations/VASP/OUTCAR_relax");
  const std::string usual = mtp::test::shared_path("reference/mlip2/test/self-test/configurations/VASP/OUTCAR_usual");
  ASSERT_EQ(run_mlp("convert-cfg --input-format=vasp-outcar " + quoted(relax) + " " + quoted(dir + "/relax.cfg")).status, 0);
  ASSERT_EQ(run_mlp("convert-cfg --input-format=vasp-outcar " + quoted(usual) + " " + quoted(dir + "/usual.cfg")).status, 0);
  const auto relax_steps = read_cfg_file(dir + "/relax.cfg");
  const auto usual_steps = read_cfg_file(dir + "/usual.cfg");
  ASSERT_EQ(relax_steps.size(), 3u);
  ASSERT_EQ(usual_steps.size(), 1u);

  write_cfg_file(dir + "/db.cfg", random_cells(1, 1));
  const std::string start = read_file(dir + "/db.cfg");
  ASSERT_EQ(run_mlp("add-from-outcar " + quoted(dir + "/db.cfg") + " " + quoted(relax) + " " + quoted(usual)).status, 0);
  auto db = read_cfg_file(dir + "/db.cfg");
  ASSERT_EQ(db.size(), 3u);
  EXPECT_EQ(db[1].positions, relax_steps[2].positions);
  EXPECT_EQ(*db[1].energy, *relax_steps[2].energy);
  EXPECT_EQ(db[2].positions, usual_steps[0].positions);
  EXPECT_EQ(read_file(dir + "/db.cfg").substr(0, start.size()), start);

  ASSERT_EQ(run_mlp("add_from_outcar_dyn " + quoted(dir + "/dyn.cfg") + " " + quoted(relax)).status, 0);
  EXPECT_EQ(read_file(dir + "/dyn.cfg"), read_file(dir + "/relax.cfg"));
  ASSERT_EQ(run_mlp("add-from-outcar-last " + quoted(dir + "/last.cfg") + " " + quoted(relax)).status, 0);
  db = read_cfg_file(dir + "/last.cfg");
  ASSERT_EQ(db.size(), 1u);
  EXPECT_EQ(db[0].positions, relax_steps[2].positions);

  // A missing OUTCAR after a good one: an error naming it, and the database as it was.
  const std::string before = read_file(dir + "/db.cfg");
  const auto r = run_mlp("add-from-outcar " + quoted(dir + "/db.cfg") + " " + quoted(relax) + " " + quoted(dir + "/OUTCAR_missing"));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("OUTCAR_missing"), std::string::npos) << r.output;
  EXPECT_EQ(read_file(dir + "/db.cfg"), before);
  EXPECT_EQ(temporary_files(dir), 0);
}

TEST(CompatToPoscar, SameFilesAsConvertCfg) {
  const std::string dir = mtp::test::scratch_dir("compat-poscar");
  write_cfg_file(dir + "/db.cfg", random_cells(17, 2));
  ASSERT_EQ(run_mlp("to-poscar " + quoted(dir + "/db.cfg") + " " + quoted(dir + "/P")).status, 0);
  ASSERT_EQ(run_mlp("convert-cfg " + quoted(dir + "/db.cfg") + " " + quoted(dir + "/C") + " --output-format=vasp-poscar").status, 0);
  for (const char* k : {"0", "1"}) {
    ASSERT_TRUE(fs::exists(dir + "/P" + k));
    EXPECT_EQ(read_file(dir + "/P" + k), read_file(dir + "/C" + k));
  }
  // Default name POSCAR in the working directory; one configuration gives one file without a number.
  write_cfg_file(dir + "/one.cfg", random_cells(19, 1));
  const auto r = mtp::test::run_command("cd " + quoted(dir) + " && " + mtp::test::mlp_binary() + " to_poscar one.cfg");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(fs::exists(dir + "/POSCAR"));
  const auto bad = run_mlp("to-poscar " + quoted(dir + "/none.cfg") + " " + quoted(dir + "/Q"));
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.output.find("none.cfg"), std::string::npos) << bad.output;
}

// add_species on a fitted one-species potential: old-species energies unchanged, the parameter count
// that of three species, new pairs in MLIP-3's pattern.
TEST(CompatAddSpecies, OldSpeciesUnchanged) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("compat-add-species");
  fs::copy_file(mtp::test::shared_path("data/mlearn/Cu/maml_fitted.mtp"), dir + "/pot.mtp");
  fs::permissions(dir + "/pot.mtp", fs::perms::owner_write, fs::perm_options::add);
  const mtp::Potential before = io::load_potential(dir + "/pot.mtp");
  ASSERT_EQ(before.species_count, 1);
  auto reader = io::make_cfg_reader(mtp::test::shared_path("data/mlearn/Cu/test.cfg"));
  Configuration cfg;
  ASSERT_TRUE(reader->next(cfg));
  const auto e0 = mtp::Evaluator(before).compute(cfg);

  const auto r = run_mlp("add_species " + quoted(dir + "/pot.mtp") + " 0 2");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("Species: 1 -> 3"), std::string::npos) << r.output;
  const mtp::Potential after = io::load_potential(dir + "/pot.mtp");
  EXPECT_EQ(after.species_count, 3);
  const std::size_t kr = std::size_t(before.radial_funcs_count) * before.radial.size;
  EXPECT_EQ(after.parameter_count(), 9 * kr + 3 + before.moments.scalar_moments.size());
  EXPECT_EQ(after.parameter_count() - before.parameter_count(), 8 * kr + 2);
  // Pair (0,0) kept; pair (1,2) = 1*3+2 = 5: 1e-6 off the diagonal, 1e-3 * 6 on it.
  for (std::size_t p = 0; p < kr; ++p) EXPECT_EQ(after.radial_coeffs[p], before.radial_coeffs[p]);
  const double* pair5 = after.radial_coeffs.data() + 5 * kr;
  EXPECT_DOUBLE_EQ(pair5[0], 6e-3);
  EXPECT_DOUBLE_EQ(pair5[1], 1e-6);
  EXPECT_DOUBLE_EQ(pair5[1 * before.radial.size + 1], 6e-3);
  EXPECT_EQ(after.species_coeffs[0], before.species_coeffs[0]);
  EXPECT_EQ(after.species_coeffs[2], 0.0);

  const auto e1 = mtp::Evaluator(after).compute(cfg);
  EXPECT_NEAR(e1.energy, e0.energy, 1e-9 * std::abs(e0.energy));
  for (std::size_t i = 0; i < cfg.size(); ++i) EXPECT_NEAR(mtp::norm(e1.forces[i] - e0.forces[i]), 0.0, 1e-9);
  // The new species are evaluated: a type-2 atom changes the energy.
  Configuration mixed = cfg;
  mixed.types[0] = 2;
  EXPECT_TRUE(std::isfinite(mtp::Evaluator(after).compute(mixed).energy));
  EXPECT_NE(mtp::Evaluator(after).compute(mixed).energy, e1.energy);

  // Asking for species it has changes nothing; a bad species number is an error and leaves the file.
  const std::string text = read_file(dir + "/pot.mtp");
  ASSERT_EQ(run_mlp("add_species " + quoted(dir + "/pot.mtp") + " 1").status, 0);
  EXPECT_EQ(read_file(dir + "/pot.mtp"), text);
  EXPECT_NE(run_mlp("add_species " + quoted(dir + "/pot.mtp") + " Cu").status, 0);
  EXPECT_EQ(read_file(dir + "/pot.mtp"), text);
  const auto missing = run_mlp("add_species " + quoted(dir + "/none.mtp") + " 1");
  EXPECT_NE(missing.status, 0);
  EXPECT_NE(missing.output.find("none.mtp"), std::string::npos) << missing.output;
  EXPECT_EQ(temporary_files(dir), 0);
}

// A potential that records its species names grows by name: the new element gets the next type, the old
// species' energies stay, and naming the species it has (by symbol or atomic number) changes nothing.
TEST(CompatAddSpecies, NamedPotentialGrowsByName) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("compat-add-species-named");
  mtp::Potential before = io::load_potential(mtp::test::shared_path("data/mlearn/Cu/maml_fitted.mtp"));
  before.species_names = {"Cu"};
  io::save_potential(dir + "/pot.mtp", before);
  auto r = run_mlp("add_species " + quoted(dir + "/pot.mtp") + " Ag Cu");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("Species: 1 -> 2"), std::string::npos) << r.output;
  const mtp::Potential after = io::load_potential(dir + "/pot.mtp");
  EXPECT_EQ(after.species_names, (std::vector<std::string>{"Cu", "Ag"}));
  auto reader = io::make_cfg_reader(mtp::test::shared_path("data/mlearn/Cu/test.cfg"));
  Configuration cfg;
  ASSERT_TRUE(reader->next(cfg));
  EXPECT_NEAR(mtp::Evaluator(after).compute(cfg).energy, mtp::Evaluator(before).compute(cfg).energy,
              1e-9 * std::abs(mtp::Evaluator(before).compute(cfg).energy));
  const std::string text = read_file(dir + "/pot.mtp");
  ASSERT_EQ(run_mlp("add_species " + quoted(dir + "/pot.mtp") + " 47 29").status, 0);
  EXPECT_EQ(read_file(dir + "/pot.mtp"), text);
  EXPECT_NE(run_mlp("add_species " + quoted(dir + "/pot.mtp") + " Ag Ag").status, 0);
  EXPECT_EQ(read_file(dir + "/pot.mtp"), text);
}

}  // namespace
