// MLIP-3's convert options and per-type mindist, run as a user runs them: against MLIP-3's own outputs
// where its repository has them (OUTCAR conversion, Feature mindists of its training set), MLIP-2's where
// the behaviour is MLIP-2's, and by hand-worked numbers for the rest.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

#include "mtp/io/cfg_text.hpp"
#include "mtp/io/vasp_outcar.hpp"
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
using mtp::test::write_cfg_file;

std::string mlip3_outcar() {
  return mtp::test::shared_path("reference/mlip3/mlip3-extract/test/examples/00.convert_vasp_outcar/OUTCAR");
}
std::string mlip2_outcar(const std::string& name) {
  return mtp::test::shared_path("reference/mlip2/test/self-test/configurations/VASP/" + name);
}

// MLIP-3's own conversion of its example OUTCAR (Pd/Ag POTCARs, 32 Ag atoms, ISMEAR = 1): byte for byte.
// MLIP-3 and MLIP-2 both take the free energy TOTEN there; --sigma-zero-energy takes energy(sigma->0).
TEST(CompatConvert, ReproducesMlip3OutcarConversion) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("compat-convert-mlip3");
  const auto r = run_mlp("convert --input_format=outcar " + quoted(mlip3_outcar()) + " " + quoted(dir + "/relax.cfg"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(read_file(dir + "/relax.cfg") ==
              read_file(mtp::test::shared_path("reference/mlip3/mlip3-extract/test/examples/00.convert_vasp_outcar/sample_out/relax.cfg")));
  // MLIP-2's spelling: the same energy (as MLIP-2's master writes it); --sigma-zero-energy: energy(sigma->0).
  ASSERT_EQ(run_mlp("convert-cfg --input-format=vasp-outcar " + quoted(mlip3_outcar()) + " " + quoted(dir + "/mlip2.cfg")).status, 0);
  ASSERT_EQ(run_mlp("convert-cfg --input-format=vasp-outcar --sigma-zero-energy " + quoted(mlip3_outcar()) + " " +
                    quoted(dir + "/sigma0.cfg")).status, 0);
  const auto m3 = read_cfg_file(dir + "/relax.cfg"), m2 = read_cfg_file(dir + "/mlip2.cfg"),
             s0 = read_cfg_file(dir + "/sigma0.cfg");
  ASSERT_EQ(m3.size(), 3u);
  ASSERT_EQ(m2.size(), 3u);
  ASSERT_EQ(s0.size(), 3u);
  EXPECT_NEAR(*m3[0].energy, -88.79099344, 1e-9);
  EXPECT_NEAR(*m2[0].energy, -88.79099344, 1e-9);
  EXPECT_NEAR(*s0[0].energy, -88.79341561, 1e-9);
  EXPECT_EQ(m2[2].positions, m3[2].positions);
  EXPECT_EQ(s0[2].positions, m3[2].positions);
}

TEST(CompatConvert, AbsoluteTypesAndTypeOrderNameTypesByElement) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("compat-convert-types");
  const std::string in = quoted(mlip3_outcar());
  ASSERT_EQ(run_mlp("convert --input_format=outcar --absolute_types " + in + " " + quoted(dir + "/abs.cfg")).status, 0);
  ASSERT_EQ(run_mlp("convert --input_format=outcar --type_order=47,46 " + in + " " + quoted(dir + "/z.cfg")).status, 0);
  ASSERT_EQ(run_mlp("convert --input_format=outcar --type_order=Ag " + in + " " + quoted(dir + "/sym.cfg")).status, 0);
  ASSERT_EQ(run_mlp("convert --input_format=outcar --type_order=Cu,Pd,Ag " + in + " " + quoted(dir + "/third.cfg")).status, 0);
  const auto plain = read_cfg_file(mtp::test::shared_path("reference/mlip3/mlip3-extract/test/examples/00.convert_vasp_outcar/sample_out/relax.cfg"));
  const std::map<std::string, int> expected_type = {{"abs", 47}, {"z", 0}, {"sym", 0}, {"third", 2}};
  for (const auto& [name, type] : expected_type) {
    const auto cfgs = read_cfg_file(dir + "/" + name + ".cfg");
    ASSERT_EQ(cfgs.size(), plain.size()) << name;
    for (std::size_t k = 0; k < cfgs.size(); ++k) {
      EXPECT_EQ(cfgs[k].types, std::vector<int>(32, type)) << name;
      EXPECT_EQ(cfgs[k].positions, plain[k].positions) << name;
      EXPECT_EQ(*cfgs[k].energy, *plain[k].energy) << name;
    }
  }
  EXPECT_EQ(plain[0].types, std::vector<int>(32, 1));  // POTCAR order: Pd 0, Ag 1
  // Species names come from OUTCAR or POSCAR only; both options at once are contradictory.
  const std::string cfg_in = quoted(dir + "/abs.cfg");
  auto r = run_mlp("convert --absolute_types " + cfg_in + " " + quoted(dir + "/x.cfg"));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("OUTCAR or VASP 5 POSCAR"), std::string::npos) << r.output;
  EXPECT_NE(run_mlp("convert --input_format=outcar --absolute_types --type_order=47 " + in + " " + quoted(dir + "/x.cfg")).status, 0);
  EXPECT_NE(run_mlp("convert --input_format=outcar --type_order=200 " + in + " " + quoted(dir + "/x.cfg")).status, 0);
  // An element with atoms outside the order is an error at the TITEL line naming it (Pd has no atoms here).
  r = run_mlp("convert --input_format=outcar --type_order=Pd,Cu " + in + " " + quoted(dir + "/x.cfg"));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("OUTCAR:110: element 'Ag' is not in the species order (Pd, Cu)"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir + "/x.cfg"));
}

TEST(CompatConvert, PoscarAbsoluteTypes) {
  const std::string dir = mtp::test::scratch_dir("compat-convert-poscar");
  {
    std::ofstream p(dir + "/POSCAR");
    p << "NaCl\n1.0\n5.6 0 0\n0 5.6 0\n0 0 5.6\nNa Cl\n1 2\nDirect\n0 0 0\n0.5 0.5 0.5\n0.5 0 0\n";
  }
  ASSERT_EQ(run_mlp("convert --input_format=poscar --absolute_types " + quoted(dir + "/POSCAR") + " " + quoted(dir + "/abs.cfg")).status, 0);
  ASSERT_EQ(run_mlp("convert --input_format=poscar --type_order=17,11 " + quoted(dir + "/POSCAR") + " " + quoted(dir + "/ord.cfg")).status, 0);
  EXPECT_EQ(read_cfg_file(dir + "/abs.cfg").at(0).types, (std::vector<int>{11, 17, 17}));
  EXPECT_EQ(read_cfg_file(dir + "/ord.cfg").at(0).types, (std::vector<int>{1, 0, 0}));
  {
    std::ofstream p(dir + "/POSCAR4");  // VASP 4: counts only, no names to take atomic numbers from
    p << "NaCl\n1.0\n5.6 0 0\n0 5.6 0\n0 0 5.6\n1 2\nDirect\n0 0 0\n0.5 0.5 0.5\n0.5 0 0\n";
  }
  const auto r = run_mlp("convert --input_format=poscar --absolute_types " + quoted(dir + "/POSCAR4") + " " + quoted(dir + "/x.cfg"));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("POSCAR4"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir + "/x.cfg"));
}

// MLIP-3's convert leaves out steps whose electronic loop reached NELM unless --save_nonconverged; with it
// the output is MLIP-2's (which keeps them marked) byte for byte.
TEST(CompatConvert, NonConvergedStepsSkippedUnlessSaved) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("compat-convert-nonconv");
  const std::string in = quoted(mlip2_outcar("OUTCAR_not_converged"));
  auto r = run_mlp("convert --input_format=outcar " + in + " " + quoted(dir + "/skip.cfg"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("Processed 0 configurations"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("skipped"), std::string::npos) << r.output;
  EXPECT_TRUE(read_cfg_file(dir + "/skip.cfg").empty());
  r = run_mlp("convert --input_format=outcar --save_nonconverged " + in + " " + quoted(dir + "/kept.cfg"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(read_file(dir + "/kept.cfg") == read_file(mtp::test::shared_path("reference/mlip2/expected/e_convert_outcar_not_converged/out.cfg")));
  // MLIP-2's spelling keeps them without the option.
  ASSERT_EQ(run_mlp("convert-cfg --input-format=vasp-outcar " + in + " " + quoted(dir + "/mlip2.cfg")).status, 0);
  EXPECT_EQ(read_file(dir + "/mlip2.cfg"), read_file(dir + "/kept.cfg"));
  // A converged multi-step OUTCAR loses nothing.
  r = run_mlp("convert --input_format=outcar " + quoted(mlip2_outcar("OUTCAR_relax")) + " " + quoted(dir + "/relax.cfg"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(read_cfg_file(dir + "/relax.cfg").size(), 3u);
}

TEST(CompatConvert, NoForcesStressesKeepsTheEnergy) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("compat-convert-noefs");
  const std::string in = quoted(mlip2_outcar("OUTCAR_usual"));
  ASSERT_EQ(run_mlp("convert-cfg --input-format=vasp-outcar " + in + " " + quoted(dir + "/full.cfg")).status, 0);
  ASSERT_EQ(run_mlp("convert --input_format=outcar --no_forces_stresses " + in + " " + quoted(dir + "/bare.cfg")).status, 0);
  const auto full = read_cfg_file(dir + "/full.cfg"), bare = read_cfg_file(dir + "/bare.cfg");
  ASSERT_EQ(full.size(), 1u);
  ASSERT_EQ(bare.size(), 1u);
  ASSERT_TRUE(full[0].has_forces() && full[0].has_virial());
  EXPECT_FALSE(bare[0].has_forces());
  EXPECT_FALSE(bare[0].has_virial());
  EXPECT_EQ(bare[0].positions, full[0].positions);
  EXPECT_TRUE(bare[0].has_energy());
  EXPECT_EQ(bare[0].features.at("EFS_by"), "VASP");
}

// The OUTCAR reader's options as a library call: types by atomic number, and the skip count.
TEST(CompatConvert, OutcarReaderOptions) {
  REQUIRE_SHARED();
  io::OutcarOptions options;
  options.absolute_types = true;
  auto reader = io::make_vasp_outcar_reader(mlip2_outcar("OUTCAR_relax"), options, nullptr);
  Configuration cfg;
  int steps = 0;
  while (reader->next(cfg)) {
    ++steps;
    for (int t : cfg.types) EXPECT_GT(t, 0);
  }
  EXPECT_EQ(steps, 3);
  options = {};
  options.skip_nonconverged = true;
  reader = io::make_vasp_outcar_reader(mlip2_outcar("OUTCAR_not_converged"), options, nullptr);
  EXPECT_FALSE(reader->next(cfg));
}

double brute_force_pair_mindist(const Configuration& c, int a, int b) {
  double best = std::numeric_limits<double>::infinity();
  const int k = c.lattice.periodic_dims == 3 ? 3 : 0;
  for (std::size_t i = 0; i < c.size(); ++i)
    for (std::size_t j = 0; j < c.size(); ++j) {
      if (!((c.types[i] == a && c.types[j] == b) || (c.types[i] == b && c.types[j] == a))) continue;
      for (int x = -k; x <= k; ++x)
        for (int y = -k; y <= k; ++y)
          for (int z = -k; z <= k; ++z) {
            if (i == j && x == 0 && y == 0 && z == 0) continue;
            const mtp::Vec3 d = c.positions[j] + c.lattice.to_cartesian({double(x), double(y), double(z)}) - c.positions[i];
            best = std::min(best, mtp::norm(d));
          }
    }
  return best;
}

// MLIP-3's training set carries the Feature mindists its mindist wrote: ours writes the same values.
TEST(CompatMindist, ReproducesMlip3MindistsFeature) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("compat-mindist-mlip3");
  const std::string original = mtp::test::shared_path("reference/mlip3/mlip3-extract/test/examples/01.train/train.cfg");
  const auto before = read_cfg_file(original);
  ASSERT_FALSE(before.empty());
  auto stripped = before;
  for (auto& c : stripped) c.features.erase("mindists");
  write_cfg_file(dir + "/db.cfg", stripped);
  const auto r = run_mlp("mindist " + quoted(dir + "/db.cfg") + " --types");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("mindist(0, 0) = 2.39245"), std::string::npos) << r.output;
  const auto after = read_cfg_file(dir + "/db.cfg");
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t k = 0; k < after.size(); ++k) {
    ASSERT_EQ(before[k].features.count("mindists"), 1u);
    EXPECT_EQ(after[k].features.at("mindists"), before[k].features.at("mindists")) << k;
    EXPECT_EQ(after[k].features.count("mindist"), 0u);
  }
}

TEST(CompatMindist, PerTypePairsEqualBruteForce) {
  const std::string dir = mtp::test::scratch_dir("compat-mindist-types");
  // Two types in a skewed cell, and a cluster whose type 1 atom is alone (no (1,1) pair exists).
  Configuration bulk;
  bulk.lattice = mtp::Lattice::periodic(mtp::Mat3{});
  bulk.lattice.rows(0, 0) = 4.1, bulk.lattice.rows(1, 1) = 3.7, bulk.lattice.rows(2, 2) = 5.3;
  bulk.lattice.rows(1, 0) = 0.6, bulk.lattice.rows(2, 1) = -0.4;
  bulk.resize(4);
  bulk.positions = {{0.1, 0.2, 0.3}, {2.0, 1.9, 2.4}, {1.2, 2.9, 4.0}, {3.3, 0.4, 1.1}};
  bulk.types = {0, 1, 1, 0};
  bulk.energy = -3.0;
  Configuration cluster;
  cluster.resize(3);
  cluster.positions = {{0, 0, 0}, {1.5, 0, 0}, {0, 2.5, 0}};
  cluster.types = {0, 0, 1};
  write_cfg_file(dir + "/db.cfg", {bulk, cluster});
  const std::string original = read_file(dir + "/db.cfg");

  // MLIP-3's spelling of --no-overwrite selects MLIP-3's per-type report and leaves the file alone.
  auto r = run_mlp("mindist " + quoted(dir + "/db.cfg") + " --no_overwrite");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(read_file(dir + "/db.cfg"), original);
  for (auto [a, b] : {std::pair{0, 0}, {0, 1}, {1, 1}}) {
    double expected = brute_force_pair_mindist(bulk, a, b);
    if (a + b < 2) expected = std::min(expected, brute_force_pair_mindist(cluster, a, b));
    const std::string label = "mindist(" + std::to_string(a) + ", " + std::to_string(b) + ") = ";
    const auto at = r.output.find(label);
    ASSERT_NE(at, std::string::npos) << r.output;
    EXPECT_NEAR(std::stod(r.output.substr(at + label.size())), expected, 1e-5 * expected) << label;
  }
  // MLIP-2's default is unchanged: one value, Feature mindist.
  r = run_mlp("mindist " + quoted(dir + "/db.cfg") + " --no-overwrite");
  EXPECT_EQ(r.output.find("mindist(0, 0)"), std::string::npos) << r.output;

  r = run_mlp("mindist " + quoted(dir + "/db.cfg") + " --types");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto out = read_cfg_file(dir + "/db.cfg");
  ASSERT_EQ(out.size(), 2u);
  const std::string f0 = out[0].features.at("mindists"), f1 = out[1].features.at("mindists");
  EXPECT_EQ(f1, "{(0,0):1.500000,(0,1):" + std::to_string(brute_force_pair_mindist(cluster, 0, 1)) + "}");
  EXPECT_EQ(f0, "{(0,0):" + std::to_string(brute_force_pair_mindist(bulk, 0, 0)) + ",(0,1):" +
                    std::to_string(brute_force_pair_mindist(bulk, 0, 1)) + ",(1,1):" +
                    std::to_string(brute_force_pair_mindist(bulk, 1, 1)) + "}");
  EXPECT_EQ(*out[0].energy, -3.0);

  // --no_types: MLIP-2's single value.
  r = run_mlp("mindist " + quoted(dir + "/db.cfg") + " --no_types");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto single = read_cfg_file(dir + "/db.cfg");
  EXPECT_EQ(single[1].features.at("mindist"), std::to_string(1.5));
}

}  // namespace
