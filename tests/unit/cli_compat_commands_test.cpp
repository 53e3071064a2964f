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
#include "support/paths.hpp"
#include "support/run_command.hpp"

namespace {

using mtp::Configuration;
using mtp::Vec3;
namespace io = mtp::io;
namespace fs = std::filesystem;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<Configuration> read_all(const std::string& path) {
  auto reader = io::make_cfg_reader(path);
  std::vector<Configuration> out;
  Configuration cfg;
  while (reader->next(cfg)) out.push_back(cfg);
  return out;
}

void write_all(const std::string& path, const std::vector<Configuration>& cfgs) {
  auto writer = io::make_cfg_text_writer(path, false, io::CfgTextStyle::Lossless);
  for (const auto& c : cfgs) writer->write(c);
  writer->close();
}

mtp::test::CommandResult mlp(const std::string& args) { return mtp::test::run_command(mtp::test::mlp_binary() + " " + args); }
std::string q(const std::string& path) { return "'" + path + "'"; }

int temporaries(const std::string& dir) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().find(".tmp.") != std::string::npos) ++n;
  return n;
}

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
  write_all(dir + "/in.cfg", cfgs);
  const auto r = mlp("compress-extend " + q(dir + "/in.cfg") + " " + q(dir + "/out.cfg"));
  ASSERT_EQ(r.status, 0) << r.output;
  const auto out = read_all(dir + "/out.cfg");
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
  write_all(dir + "/in.cfg", {fcc});
  const auto r = mlp("make-cell-square " + q(dir + "/in.cfg") + " " + q(dir + "/out.cfg") + " --min-atoms=4 --max-atoms=4");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto out = read_all(dir + "/out.cfg");
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
  write_all(dir + "/in.cfg", cfgs);
  // No supercell of a 1..4-atom cell has between 5 and 4 atoms; clusters have no cell.
  auto r = mlp("make_cell_square " + q(dir + "/in.cfg") + " " + q(dir + "/x.cfg") + " --min_atoms=5 --max_atoms=4");
  EXPECT_NE(r.status, 0);
  Configuration cluster;
  cluster.resize(2);
  cluster.positions[1] = {1, 1, 1};
  write_all(dir + "/cluster.cfg", {cluster});
  r = mlp("make-cell-square " + q(dir + "/cluster.cfg") + " " + q(dir + "/x.cfg"));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("three-dimensional"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir + "/x.cfg"));
  EXPECT_EQ(temporaries(dir), 0);
}

// to-bin, from-bin and fix-lattice take the output from their second argument (MLIP-2 read a third) and
// write what convert-cfg writes.
TEST(CompatBinaryAndFixLattice, SameAsConvertCfg) {
  const std::string dir = mtp::test::scratch_dir("compat-bin");
  write_all(dir + "/in.cfg", random_cells(3, 5));
  const std::string in = q(dir + "/in.cfg");
  ASSERT_EQ(mlp("to-bin " + in + " " + q(dir + "/a.bin")).status, 0);
  ASSERT_EQ(mlp("convert-cfg " + in + " " + q(dir + "/b.bin") + " --output-format=bin").status, 0);
  EXPECT_TRUE(slurp(dir + "/a.bin") == slurp(dir + "/b.bin"));
  ASSERT_EQ(mlp("from_bin " + q(dir + "/a.bin") + " " + q(dir + "/back.cfg")).status, 0);
  ASSERT_EQ(mlp("convert-cfg " + in + " " + q(dir + "/text.cfg")).status, 0);
  EXPECT_EQ(slurp(dir + "/back.cfg"), slurp(dir + "/text.cfg"));
  ASSERT_EQ(mlp("fix-lattice " + in + " " + q(dir + "/fixed.cfg")).status, 0);
  ASSERT_EQ(mlp("convert-cfg " + in + " " + q(dir + "/fixed2.cfg") + " --fix-lattice").status, 0);
  EXPECT_EQ(slurp(dir + "/fixed.cfg"), slurp(dir + "/fixed2.cfg"));
  const auto fixed = read_all(dir + "/fixed.cfg");
  ASSERT_EQ(fixed.size(), 5u);
  EXPECT_EQ(fixed[0].lattice.rows(0, 1), 0.0);  // lower triangular
  // MLIP-2's three-argument form is not accepted: the usage is given and nothing is written.
  const auto r = mlp("to-bin " + in + " " + q(dir + "/x") + " " + q(dir + "/y"));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("usage"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir + "/x") || fs::exists(dir + "/y"));
}

TEST(CompatFixCfg, RewritesInPlaceWithAndWithoutLoss) {
  const std::string dir = mtp::test::scratch_dir("compat-fixcfg");
  const auto cfgs = random_cells(5, 3);
  write_all(dir + "/db.cfg", cfgs);
  ASSERT_EQ(mlp("convert-cfg " + q(dir + "/db.cfg") + " " + q(dir + "/fixed.cfg")).status, 0);
  ASSERT_EQ(mlp("to-bin " + q(dir + "/db.cfg") + " " + q(dir + "/db.bin")).status, 0);
  ASSERT_EQ(mlp("fix-cfg " + q(dir + "/db.bin")).status, 0);  // binary in, text out
  EXPECT_EQ(slurp(dir + "/db.bin"), slurp(dir + "/fixed.cfg"));
  const std::string lossless = slurp(dir + "/db.cfg");
  ASSERT_EQ(mlp("fix_cfg " + q(dir + "/db.cfg") + " --no_loss").status, 0);
  EXPECT_EQ(slurp(dir + "/db.cfg"), lossless);
  const auto back = read_all(dir + "/db.cfg");
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[2].positions, cfgs[2].positions);
  EXPECT_EQ(back[2].forces, cfgs[2].forces);
  ASSERT_EQ(mlp("fix-cfg " + q(dir + "/db.cfg")).status, 0);
  EXPECT_EQ(slurp(dir + "/db.cfg"), slurp(dir + "/fixed.cfg"));
  EXPECT_EQ(temporaries(dir), 0);
}

TEST(CompatInvertStress, FlipsTheSignInPlace) {
  const std::string dir = mtp::test::scratch_dir("compat-invert");
  auto cfgs = random_cells(9, 3);
  cfgs[1].virial.reset();
  write_all(dir + "/db.cfg", cfgs);
  ASSERT_EQ(mlp("invert-stress " + q(dir + "/db.cfg")).status, 0);
  const auto out = read_all(dir + "/db.cfg");
  ASSERT_EQ(out.size(), 3u);
  EXPECT_FALSE(out[1].has_virial());
  for (int k : {0, 2})
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) EXPECT_NEAR((*out[k].virial)(a, b), -(*cfgs[k].virial)(a, b), 6e-6);
  EXPECT_EQ(*out[2].energy, *cfgs[2].energy);
  // Twice is the identity (on the written digits).
  const std::string once = slurp(dir + "/db.cfg");
  ASSERT_EQ(mlp("invert_stress " + q(dir + "/db.cfg")).status, 0);
  ASSERT_EQ(mlp("invert_stress " + q(dir + "/db.cfg")).status, 0);
  EXPECT_EQ(slurp(dir + "/db.cfg"), once);
}

TEST(CompatMindistFilter, KeepsConfigurationsAtLeastDApart) {
  const std::string dir = mtp::test::scratch_dir("compat-mindist-filter");
  const auto cfgs = random_cells(11, 30);
  write_all(dir + "/in.cfg", cfgs);
  const double d = 1.6;
  const auto r = mlp("mindist_filter " + q(dir + "/in.cfg") + " 1.6 " + q(dir + "/out.cfg"));
  ASSERT_EQ(r.status, 0) << r.output;
  std::vector<std::string> expected;
  for (const auto& c : cfgs)
    if (brute_force_mindist(c) >= d) expected.push_back(c.features.at("tag"));
  ASSERT_GT(expected.size(), 0u);
  ASSERT_LT(expected.size(), cfgs.size());
  const auto out = read_all(dir + "/out.cfg");
  ASSERT_EQ(out.size(), expected.size());
  for (std::size_t k = 0; k < out.size(); ++k) EXPECT_EQ(out[k].features.at("tag"), expected[k]);
  EXPECT_NE(r.output.find("Kept " + std::to_string(expected.size()) + " of 30"), std::string::npos) << r.output;
  EXPECT_NE(mlp("mindist_filter " + q(dir + "/in.cfg") + " far " + q(dir + "/x.cfg")).status, 0);
  EXPECT_FALSE(fs::exists(dir + "/x.cfg"));
}

TEST(CompatRemapSpecies, MapsEveryType) {
  const std::string dir = mtp::test::scratch_dir("compat-remap");
  const auto cfgs = random_cells(13, 6);
  write_all(dir + "/in.cfg", cfgs);
  ASSERT_EQ(mlp("remap_species " + q(dir + "/in.cfg") + " " + q(dir + "/out.cfg") + " 5 0 2").status, 0);
  const auto out = read_all(dir + "/out.cfg");
  ASSERT_EQ(out.size(), cfgs.size());
  const int map[3] = {5, 0, 2};
  for (std::size_t k = 0; k < out.size(); ++k)
    for (std::size_t i = 0; i < out[k].size(); ++i) EXPECT_EQ(out[k].types[i], map[cfgs[k].types[i]]);
  // Type 2 has no entry: an error, and no output.
  const auto r = mlp("remap_species " + q(dir + "/in.cfg") + " " + q(dir + "/x.cfg") + " 1 0");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("type 2"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir + "/x.cfg"));
  EXPECT_EQ(temporaries(dir), 0);
}

TEST(CompatAddFromOutcar, AppendsLastOrEveryStep) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("compat-outcar");
  const std::string relax = mtp::test::shared_path("reference/mlip2/test/self-test/configurations/VASP/OUTCAR_relax");
  const std::string usual = mtp::test::shared_path("reference/mlip2/test/self-test/configurations/VASP/OUTCAR_usual");
  ASSERT_EQ(mlp("convert-cfg --input-format=vasp-outcar " + q(relax) + " " + q(dir + "/relax.cfg")).status, 0);
  ASSERT_EQ(mlp("convert-cfg --input-format=vasp-outcar " + q(usual) + " " + q(dir + "/usual.cfg")).status, 0);
  const auto relax_steps = read_all(dir + "/relax.cfg");
  const auto usual_steps = read_all(dir + "/usual.cfg");
  ASSERT_EQ(relax_steps.size(), 3u);
  ASSERT_EQ(usual_steps.size(), 1u);

  write_all(dir + "/db.cfg", random_cells(1, 1));
  const std::string start = slurp(dir + "/db.cfg");
  ASSERT_EQ(mlp("add-from-outcar " + q(dir + "/db.cfg") + " " + q(relax) + " " + q(usual)).status, 0);
  auto db = read_all(dir + "/db.cfg");
  ASSERT_EQ(db.size(), 3u);
  EXPECT_EQ(db[1].positions, relax_steps[2].positions);
  EXPECT_EQ(*db[1].energy, *relax_steps[2].energy);
  EXPECT_EQ(db[2].positions, usual_steps[0].positions);
  EXPECT_EQ(slurp(dir + "/db.cfg").substr(0, start.size()), start);

  ASSERT_EQ(mlp("add_from_outcar_dyn " + q(dir + "/dyn.cfg") + " " + q(relax)).status, 0);
  EXPECT_EQ(slurp(dir + "/dyn.cfg"), slurp(dir + "/relax.cfg"));
  ASSERT_EQ(mlp("add-from-outcar-last " + q(dir + "/last.cfg") + " " + q(relax)).status, 0);
  db = read_all(dir + "/last.cfg");
  ASSERT_EQ(db.size(), 1u);
  EXPECT_EQ(db[0].positions, relax_steps[2].positions);

  // A missing OUTCAR after a good one: an error naming it, and the database as it was.
  const std::string before = slurp(dir + "/db.cfg");
  const auto r = mlp("add-from-outcar " + q(dir + "/db.cfg") + " " + q(relax) + " " + q(dir + "/OUTCAR_missing"));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("OUTCAR_missing"), std::string::npos) << r.output;
  EXPECT_EQ(slurp(dir + "/db.cfg"), before);
  EXPECT_EQ(temporaries(dir), 0);
}

TEST(CompatToPoscar, SameFilesAsConvertCfg) {
  const std::string dir = mtp::test::scratch_dir("compat-poscar");
  write_all(dir + "/db.cfg", random_cells(17, 2));
  ASSERT_EQ(mlp("to-poscar " + q(dir + "/db.cfg") + " " + q(dir + "/P")).status, 0);
  ASSERT_EQ(mlp("convert-cfg " + q(dir + "/db.cfg") + " " + q(dir + "/C") + " --output-format=vasp-poscar").status, 0);
  for (const char* k : {"0", "1"}) {
    ASSERT_TRUE(fs::exists(dir + "/P" + k));
    EXPECT_EQ(slurp(dir + "/P" + k), slurp(dir + "/C" + k));
  }
  // Default name POSCAR in the working directory; one configuration gives one file without a number.
  write_all(dir + "/one.cfg", random_cells(19, 1));
  const auto r = mtp::test::run_command("cd " + q(dir) + " && " + mtp::test::mlp_binary() + " to_poscar one.cfg");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(fs::exists(dir + "/POSCAR"));
  const auto bad = mlp("to-poscar " + q(dir + "/none.cfg") + " " + q(dir + "/Q"));
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

  const auto r = mlp("add_species " + q(dir + "/pot.mtp") + " 0 2");
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
  const std::string text = slurp(dir + "/pot.mtp");
  ASSERT_EQ(mlp("add_species " + q(dir + "/pot.mtp") + " 1").status, 0);
  EXPECT_EQ(slurp(dir + "/pot.mtp"), text);
  EXPECT_NE(mlp("add_species " + q(dir + "/pot.mtp") + " Cu").status, 0);
  EXPECT_EQ(slurp(dir + "/pot.mtp"), text);
  const auto missing = mlp("add_species " + q(dir + "/none.mtp") + " 1");
  EXPECT_NE(missing.status, 0);
  EXPECT_NE(missing.output.find("none.mtp"), std::string::npos) << missing.output;
  EXPECT_EQ(temporaries(dir), 0);
}

}  // namespace
