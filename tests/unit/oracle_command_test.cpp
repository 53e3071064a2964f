#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include "mtp/core/error.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/vasp_outcar.hpp"
#include "mtp/oracle/oracle.hpp"
#include "oracle_test_support.hpp"
#include "support/pair_potential.hpp"
#include "support/paths.hpp"

namespace {

using mtp::Configuration;
using mtp::Mat3;
using mtp::Vec3;
using mtp::oracle::make_oracle;

bool have_ase() {
  return std::system("/usr/bin/python3 -c 'import ase.calculators.emt' > /dev/null 2>&1") == 0;
}

#define REQUIRE_ASE() \
  if (!have_ase()) GTEST_SKIP() << "needs /usr/bin/python3 with ASE (Debian package python3-ase) as a stand-in DFT code"

// Stand-ins for a DFT code: ASE's EMT for Cu, reading and writing extended XYZ, or .cfg through a minimal
// reader and writer of the .cfg text layout.
const char* kEmtExtxyz = R"(import ase.io
from ase.calculators.emt import EMT
atoms = ase.io.read("in.xyz")
atoms.calc = EMT()
atoms.get_forces(); atoms.get_stress()
ase.io.write("out.xyz", atoms, format="extxyz")
)";

const char* kEmtCfg = R"(import numpy as np
from ase import Atoms
from ase.calculators.emt import EMT
lines = [l.split() for l in open("in.cfg")]
at = lambda w: next(i for i, l in enumerate(lines) if l and l[0] == w)
n = int(lines[at("Size") + 1][0])
cell = np.array([[float(x) for x in lines[at("Supercell") + k]] for k in (1, 2, 3)])
rows = lines[at("AtomData:") + 1: at("AtomData:") + 1 + n]
atoms = Atoms("Cu%d" % n, positions=[[float(x) for x in r[2:5]] for r in rows], cell=cell, pbc=True)
atoms.calc = EMT()
e, f, s = atoms.get_potential_energy(), atoms.get_forces(), atoms.get_stress(voigt=False)
v = -s * atoms.get_volume()
with open("out.cfg", "w") as out:
    out.write("BEGIN_CFG\n Size\n %d\n Supercell\n" % n)
    for r in cell: out.write(" %.17g %.17g %.17g\n" % tuple(r))
    out.write(" AtomData: id type cartes_x cartes_y cartes_z fx fy fz\n")
    for i, r in enumerate(rows):
        out.write(" %d %s %s %s %s %.17g %.17g %.17g\n" % ((i + 1, r[1], r[2], r[3], r[4]) + tuple(f[i])))
    out.write(" Energy\n %.17g\n" % e)
    out.write(" PlusStress: xx yy zz yz xz xy\n %.17g %.17g %.17g %.17g %.17g %.17g\n" %
              (v[0][0], v[1][1], v[2][2], v[1][2], v[0][2], v[0][1]))
    out.write(" Feature EFS_by EMT\nEND_CFG\n")
)";

std::string write_script(const std::string& dir, const std::string& name, const std::string& text) {
  const std::string path = dir + "/" + name;
  std::ofstream(path) << text;
  return path;
}

Configuration distorted_copper(unsigned seed) {
  Configuration cfg = mtp::test::fcc_cell(3.5, 2);
  Mat3 m = Mat3::identity();
  m(0, 1) = 0.08;
  m(2, 0) = -0.05;
  cfg.lattice.rows = cfg.lattice.rows * m;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-0.1, 0.1);
  for (Vec3& p : cfg.positions) p = p * m + Vec3{u(rng), u(rng), u(rng)};
  return cfg;
}

// The command's results arrive in the configuration's frame and order with the package's units and signs:
// forces are -dE/dx and the virial -dE/d(strain), whatever format carried them.
void expect_derivatives_consistent(const mtp::oracle::Oracle& oracle, const std::string& dir) {
  const Configuration cfg = distorted_copper(7);
  Configuration base = cfg;
  oracle.compute(base, dir + "/base");
  ASSERT_TRUE(base.has_energy() && base.has_forces() && base.has_virial());
  EXPECT_EQ(base.features.at("EFS_by"), "command");
  int run = 0;
  auto energy = [&](const Configuration& c) {
    Configuration x = c;
    oracle.compute(x, dir + "/fd" + std::to_string(run++));
    return *x.energy;
  };
  EXPECT_NEAR(base.forces[5][1], mtp::test::force_by_difference(cfg, 5, 1, 1e-4, energy), 1e-5);
  EXPECT_NEAR((*base.virial)(0, 1), mtp::test::virial_by_difference(cfg, 0, 1, 1e-5, energy), 1e-4);
  EXPECT_GT(std::abs((*base.virial)(0, 1)), 0.05);
}

TEST(OracleCommand, ExtxyzInAndOut) {
  REQUIRE_ASE();
  const std::string dir = mtp::test::scratch_dir("cmd-xyz");
  const std::string script = write_script(dir, "emt_xyz.py", kEmtExtxyz);
  const auto oracle = make_oracle("command", {{"command", "/usr/bin/python3 " + script},
                                              {"input_format", "extxyz"},
                                              {"output_format", "extxyz"},
                                              {"species", "Cu"}});
  expect_derivatives_consistent(*oracle, dir);
}

TEST(OracleCommand, CfgInAndOut) {
  REQUIRE_ASE();
  const std::string dir = mtp::test::scratch_dir("cmd-cfg");
  const std::string script = write_script(dir, "emt_cfg.py", kEmtCfg);
  const auto oracle = make_oracle("command", {{"command", "/usr/bin/python3 " + script},
                                              {"input_format", "cfg"},
                                              {"output_format", "cfg"}});
  expect_derivatives_consistent(*oracle, dir);
}

// A stand-in that needs no DFT code: OpenMTP itself as the "DFT code", through `mlp calc-efs`, against MLIP-2's
// calc-efs output for the same potential and configurations (printed to 6 decimals in forces, 5 in the
// virial).
TEST(OracleCommand, MlpCalcEfsAsTheCommandMatchesMlip2) {
  REQUIRE_SHARED();
  const std::string example = mtp::test::shared_path("reference/mlip2/test/examples/02.calc-efs/");
  std::vector<Configuration> inputs, expected;
  auto in = mtp::io::make_cfg_reader(example + "train.cfg");
  for (Configuration c; in->next(c);) inputs.push_back(c);
  auto want = mtp::io::make_cfg_reader(example + "sample_out/calculated.cfg");
  for (Configuration c; want->next(c);) expected.push_back(c);
  ASSERT_EQ(inputs.size(), expected.size());
  ASSERT_FALSE(inputs.empty());
  const auto oracle = make_oracle(
      "command", {{"command", mtp::test::mlp_binary() + " calc-efs " + example + "pot.mtp in.cfg out.cfg --threads=1"},
                  {"input_format", "cfg"},
                  {"output_format", "cfg"}});
  const std::string dir = mtp::test::scratch_dir("cmd-calc-efs");
  for (std::size_t n = 0; n < inputs.size(); ++n) {
    Configuration cfg = inputs[n];
    oracle->compute(cfg, dir + "/" + std::to_string(n));
    const Configuration& w = expected[n];
    EXPECT_NEAR(*cfg.energy, *w.energy, 1e-8 * std::abs(*w.energy));
    for (std::size_t i = 0; i < cfg.size(); ++i)
      for (int k = 0; k < 3; ++k) EXPECT_NEAR(cfg.forces[i][k], w.forces[i][k], 1.5e-6) << n << " atom " << i;
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) EXPECT_NEAR((*cfg.virial)(a, b), (*w.virial)(a, b), 1.5e-5) << n << a << b;
    EXPECT_EQ(cfg.features.at("EFS_by"), "command");
  }
}

Configuration last_step(const std::string& outcar) {
  auto reader = mtp::io::make_vasp_outcar_reader(outcar, [](const std::string&) {});
  Configuration cfg, step;
  while (reader->next(step)) cfg = step;
  return cfg;
}

// A VASP run stood in for by an OUTCAR copied in with `files`. The POSCAR the oracle writes groups atoms by
// type; the configuration here interleaves them, so the results must be mapped back atom by atom.
TEST(OracleCommand, PoscarInOutcarOutMapsAtomsBack) {
  REQUIRE_SHARED();
  const std::string outcar = mtp::test::shared_path("reference/mlip2/test/self-test/configurations/VASP/OUTCAR_converged");
  const Configuration vasp = last_step(outcar);
  ASSERT_EQ(vasp.size(), 4u);
  ASSERT_EQ(vasp.types, (std::vector<int>{0, 1, 1, 1}));
  const std::vector<std::size_t> order = {1, 2, 0, 3};  // configuration atom k is VASP's atom order[k]
  Configuration cfg;
  cfg.lattice = vasp.lattice;
  for (std::size_t i : order) {
    cfg.positions.push_back(vasp.positions[i]);
    cfg.types.push_back(vasp.types[i]);
  }
  const std::string dir = mtp::test::scratch_dir("cmd-outcar");
  const auto oracle =
      make_oracle("command", {{"command", "cp OUTCAR_converged OUTCAR"}, {"files", outcar}, {"species", "Li, B, Mg"}});
  oracle->compute(cfg, dir);
  EXPECT_EQ(*cfg.energy, *vasp.energy);
  for (std::size_t k = 0; k < order.size(); ++k) EXPECT_EQ(cfg.forces[k], vasp.forces[order[k]]) << k;
  EXPECT_TRUE(*cfg.virial == *vasp.virial);
  EXPECT_EQ(cfg.features.at("EFS_by"), "command");
  // What ran stays in the work directory.
  EXPECT_TRUE(std::filesystem::exists(dir + "/POSCAR"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/OUTCAR_converged"));
  // Counts for every species, so one POTCAR (Li, B, Mg) fits configurations without Mg too.
  std::ifstream poscar(dir + "/POSCAR");
  std::string line;
  for (int k = 0; k < 6; ++k) std::getline(poscar, line);
  EXPECT_EQ(line, " 1 3 0");
}

TEST(OracleCommand, NonConvergedOrMovedOrFailedIsAnError) {
  REQUIRE_SHARED();
  const std::string vasp_dir = mtp::test::shared_path("reference/mlip2/test/self-test/configurations/VASP/");
  const std::string dir = mtp::test::scratch_dir("cmd-errors");
  auto expect_error = [&](const std::string& command, Configuration cfg, const std::string& workdir,
                          const std::string& says) {
    try {
      make_oracle("command", {{"command", command}})->compute(cfg, workdir);
      FAIL() << "expected an error from " << command;
    } catch (const mtp::Error& e) {
      EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
    }
    EXPECT_FALSE(cfg.has_energy());
  };
  // The electronic loop hit NELM.
  Configuration nonconv = last_step(vasp_dir + "OUTCAR_not_converged");
  nonconv.clear_efs();
  expect_error("cp " + vasp_dir + "OUTCAR_not_converged OUTCAR", nonconv, dir + "/nonconv", "did not converge");
  // A relaxation: the last ionic step is not the configuration that was sent.
  auto reader = mtp::io::make_vasp_outcar_reader(vasp_dir + "OUTCAR_relax", [](const std::string&) {});
  Configuration first;
  reader->next(first);
  first.clear_efs();
  expect_error("cp " + vasp_dir + "OUTCAR_relax OUTCAR", first, dir + "/relax", "single point");
  // The command fails, or writes nothing.
  expect_error("echo boom >&2; exit 3", first, dir + "/fail", "exit status 3: boom");
  expect_error("true", first, dir + "/none", "wrote no");
  // A hung calculation is stopped by the timeout.
  Configuration hung = first;
  try {
    make_oracle("command", {{"command", "sleep 20"}, {"timeout", "0.5"}})->compute(hung, dir + "/hung");
    FAIL() << "expected a timeout";
  } catch (const mtp::Error& e) {
    EXPECT_NE(std::string(e.what()).find("timeout of 0.5 s"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(hung.has_energy());
  EXPECT_THROW(make_oracle("command", {{"command", "true"}, {"input_format", "xyz"}}), mtp::Error);
  EXPECT_THROW(make_oracle("command", {{"command", "true"}, {"input_format", "extxyz"}}), mtp::Error);  // species
  EXPECT_THROW(make_oracle("command", {{"command", "true"}, {"files", "/nonexistent/INCAR"}}), mtp::Error);
}

}  // namespace
