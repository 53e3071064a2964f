// Malformed .cfg input: every error is an mtp::Error naming the file, the line and what was expected;
// everything MLIP-2 reads (all the .cfg files of the shared reference data) loads.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <sstream>

#include "mtp/core/error.hpp"
#include "mtp/io/cfg_binary.hpp"
#include "mtp/io/cfg_text.hpp"
#include "support/paths.hpp"

namespace {

namespace io = mtp::io;

// Reads all of `text`; returns the error (or an empty Error message when it loaded).
mtp::Error read_error(const std::string& text) {
  std::istringstream in(text);
  auto reader = io::make_cfg_text_reader(in, "bad.cfg");
  mtp::Configuration cfg;
  try {
    while (reader->next(cfg)) {
    }
  } catch (const mtp::Error& e) {
    return e;
  }
  return mtp::Error("");
}

const std::string kHead = "BEGIN_CFG\n Size\n 2\n Supercell\n 3 0 0\n 0 3 0\n 0 0 3\n";  // lines 1-7
const std::string kAtoms = " AtomData: id type cartes_x cartes_y cartes_z\n 1 0 0 0 0\n 2 0 1 1 1\n";  // 8-10

struct BadCase {
  const char* what;
  std::string text;
  long line;
  const char* message;
};

TEST(CfgErrors, MalformedInputNamesFileLineAndExpectation) {
  const BadCase cases[] = {
      {"missing END_CFG", kHead + kAtoms + " Energy\n 1.0\n", 12, "END_CFG"},
      {"truncated AtomData", kHead + " AtomData: id type cartes_x cartes_y cartes_z\n 1 0 0 0 0\n", 9,
       "file ended inside AtomData"},
      {"row with a missing column", kHead + " AtomData: id type cartes_x cartes_y cartes_z\n 1 0 0 0\n 2 0 1 1 1\n END_CFG\n", 9,
       "expected 5 columns"},
      {"row with an extra column", kHead + " AtomData: id type cartes_x cartes_y cartes_z\n 1 0 0 0 0 7\n 2 0 1 1 1\nEND_CFG\n", 9,
       "got more"},
      {"non-numeric position", kHead + " AtomData: id type cartes_x cartes_y cartes_z\n 1 0 0 x1 0\n 2 0 1 1 1\nEND_CFG\n", 9,
       "expected 5 columns"},
      {"garbage number", kHead + " AtomData: id type cartes_x cartes_y cartes_z\n 1 0 0 1.5.5 0\n 2 0 1 1 1\nEND_CFG\n", 9,
       "expected a number for a position, got '1.5.5'"},
      {"NaN", kHead + " AtomData: id type cartes_x cartes_y cartes_z\n 1 0 0 nan 0\n 2 0 1 1 1\nEND_CFG\n", 9,
       "expected a finite number for a position, got 'nan'"},
      {"NaN in the Supercell", "BEGIN_CFG\n Size\n 1\n Supercell\n 5 0 0\n 0 NaN 0\n 0 0 5\n" +
       std::string(" AtomData: id type cartes_x cartes_y cartes_z\n 1 0 0 0 0\nEND_CFG\n"), 6,
       "expected a finite number for a Supercell component, got 'NaN'"},
      {"huge Size the file cannot hold", "BEGIN_CFG\n Size\n 40000000\n" + kAtoms + "END_CFG\n", 7,
       "expected 5 columns in AtomData row 3, got 0 (Size says 40000000 atoms)"},
      {"Size above the limit", "BEGIN_CFG\n Size\n 100000000\n" + kAtoms + "END_CFG\n", 3,
       "Size 100000000 is above the limit of 50000000 atoms"},
      {"infinite energy", kHead + kAtoms + " Energy\n inf\nEND_CFG\n", 12, "expected a finite number for Energy"},
      {"overflowing energy", kHead + kAtoms + " Energy\n 1e400\nEND_CFG\n", 12, "out of range for Energy"},
      {"Size mismatch (more rows)", kHead + kAtoms + " 3 0 2 2 2\nEND_CFG\n", 11, "unknown field '3'"},
      {"Size mismatch (fewer rows)", "BEGIN_CFG\n Size\n 3\n" + kAtoms + "END_CFG\n", 7, "expected 5 columns in AtomData row 3, got 0"},
      {"contradicting Size", kHead + kAtoms + " Size\n 3\nEND_CFG\n", 12, "contradicts"},
      {"negative Size", "BEGIN_CFG\n Size\n -1\nEND_CFG\n", 3, "Size must not be negative"},
      {"unknown column", kHead + " AtomData: id type cartes_x cartes_y cartes_z vx\n", 8, "unknown AtomData column 'vx'"},
      {"negative type", kHead + " AtomData: id type cartes_x cartes_y cartes_z\n 1 -1 0 0 0\n 2 0 1 1 1\nEND_CFG\n", 9,
       "non-negative species index"},
      {"fractional type", kHead + " AtomData: id type cartes_x cartes_y cartes_z\n 1 0.5 0 0 0\n 2 0 1 1 1\nEND_CFG\n", 9,
       "expected an integer for the atom type"},
      {"wrong id order", kHead + " AtomData: id type cartes_x cartes_y cartes_z\n 2 0 0 0 0\n 1 0 1 1 1\nEND_CFG\n", 9,
       "atom ids must be 1, 2, 3"},
      {"mixed coordinates", kHead + " AtomData: id cartes_x cartes_y direct_z\n", 8, "position columns"},
      {"two forces only", kHead + " AtomData: id cartes_x cartes_y cartes_z fx fy\n", 8, "fx fy fz"},
      {"Stress: block", kHead + kAtoms + " Stress:  xx yy zz yz xz xy\n 1 2 3 4 5 6\nEND_CFG\n", 11, "PlusStress:"},
      {"unknown stress component", kHead + kAtoms + " PlusStress:  xx yy zz yz xz yx\n 1 2 3 4 5 6\nEND_CFG\n", 11,
       "unknown PlusStress: component 'yx'"},
      {"too few stress values", kHead + kAtoms + " PlusStress:  xx yy zz yz xz xy\n 1 2 3 4 5\nEND_CFG\n", 13,
       "expected 6 PlusStress: values"},
      {"unknown block", kHead + kAtoms + " Velocities\nEND_CFG\n", 11, "unknown field 'Velocities'"},
      {"not a configuration", "hello\n", 1, "expected BEGIN_CFG"},
      {"AtomData without positions", kHead + " AtomData: id type\n 1 0\n 2 0\nEND_CFG\n", 8, "position columns"},
      {"Size without AtomData", kHead + "END_CFG\n", 1, "no AtomData"},
      {"direct coordinates without a cell", "BEGIN_CFG\n Size\n 1\n AtomData: direct_x direct_y direct_z\n 0 0 0\nEND_CFG\n", 1,
       "three-dimensional Supercell"},
      {"Virial without a cell", "BEGIN_CFG\n Size\n 1\n AtomData: cartes_x cartes_y cartes_z\n 0 0 0\n Virial: xx\n 1\nEND_CFG\n", 1,
       "Virial: needs"},
      {"old format without lattice", "BEGIN\n Size 1\n AtomPos\n 0 0 0\nEND\n", 1, "Lattice"},
      {"old format missing END", "BEGIN\n Size 1\n Lattice 1 0 0 0 1 0 0 0 1\n AtomPos\n 0 0 0\n", 5, "END"},
  };
  for (const BadCase& c : cases) {
    const mtp::Error e = read_error(c.text);
    ASSERT_FALSE(std::string(e.what()).empty()) << c.what << ": was accepted";
    EXPECT_EQ(e.file(), "bad.cfg") << c.what;
    EXPECT_EQ(e.line(), c.line) << c.what << ": " << e.what();
    EXPECT_NE(e.message().find(c.message), std::string::npos) << c.what << ": " << e.what();
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << c.what << ": message is not one line";
    EXPECT_EQ(std::string(e.what()).rfind("bad.cfg:" + std::to_string(c.line) + ": ", 0), 0u) << e.what();
  }
}

// Corrupted files (bytes changed, inserted, cut) either load or fail with an mtp::Error: never another
// exception, a crash or (under the sanitizers) a memory error.
TEST(CfgErrors, RandomCorruptionsFailCleanly) {
  mtp::Configuration c;
  c.lattice = mtp::Lattice::periodic(mtp::Mat3::identity() * 4.0);
  c.resize(3);
  c.forces.resize(3);
  c.charges.assign(3, 0.5);
  c.positions[1] = {1, 2, 3};
  c.types = {0, 1, 2};
  c.energy = -3.0;
  c.virial = mtp::Mat3::identity();
  c.features["EFS_by"] = "VASP";
  std::ostringstream text, binary;
  io::write_cfg_text(text, c);
  io::write_cfg_text(text, c, io::CfgTextStyle::Lossless);
  io::write_cfg_binary(binary, c);
  const std::string alphabet = " \n\t0123456789.-+eE#nlptfvcsF_:abxyzBEGIN_CFGEND";
  std::mt19937_64 rng(99);
  int loaded = 0, rejected = 0;
  for (const std::string& original : {text.str(), binary.str()}) {
    for (int trial = 0; trial < 1500; ++trial) {
      std::string s = original;
      const int edits = 1 + static_cast<int>(rng() % 3);
      for (int e = 0; e < edits; ++e) {
        const std::size_t at = rng() % s.size();
        switch (rng() % 4) {
          case 0: s[at] = alphabet[rng() % alphabet.size()]; break;
          case 1: s.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
          case 2: s.erase(at, 1 + rng() % 8); break;
          default: s.resize(at); break;
        }
        if (s.empty()) s = "x";
      }
      std::istringstream in(s);
      auto reader = io::make_cfg_text_reader(in, "fuzz.cfg");
      mtp::Configuration cfg;
      try {
        while (reader->next(cfg)) cfg.validate();
        ++loaded;
      } catch (const mtp::Error& e) {
        EXPECT_EQ(e.file(), "fuzz.cfg");
        ++rejected;
      }
    }
  }
  EXPECT_GT(rejected, 1000);
  EXPECT_GT(loaded, 10);
}

TEST(CfgErrors, MissingFileIsAnError) {
  EXPECT_THROW(io::make_cfg_reader("/nonexistent/openmtp/none.cfg"), mtp::Error);
}

// MLIP-2's self-test: the files under errorneous/ must be rejected (its readme), the others read, with
// the counts its unit tests assert (reading_test.cfg: 7 configurations).
TEST(CfgErrors, Mlip2SelfTestConfigurations) {
  REQUIRE_SHARED();
  namespace fs = std::filesystem;
  const std::string dir = mtp::test::shared_path("reference/mlip2/test/self-test/configurations/");
  const long expected_lines[] = {138, 139, 8, 8, 8, 11, 10, 10, 12};  // where each goes wrong, by reading it
  for (int k = 1; k <= 9; ++k) {
    const std::string path = dir + "errorneous/" + std::to_string(k) + ".cfg";
    auto reader = io::make_cfg_reader(path);
    mtp::Configuration cfg;
    try {
      while (reader->next(cfg)) {
      }
      ADD_FAILURE() << path << " was accepted";
    } catch (const mtp::Error& e) {
      EXPECT_EQ(e.file(), path);
      EXPECT_EQ(e.line(), expected_lines[k - 1]) << e.what();
    }
  }
  auto count = [](const std::string& path) {
    auto reader = io::make_cfg_reader(path);
    mtp::Configuration cfg;
    int n = 0;
    while (reader->next(cfg)) ++n;
    return n;
  };
  EXPECT_EQ(count(dir + "reading_test.cfg"), 7);
  EXPECT_EQ(count(dir + "binary_sample.cfg"), 1);
  EXPECT_EQ(count(dir + "period_ext_test.cfg"), 6);
}

// Every .cfg/.cfgs file of the shared reference data and data sets loads (those under errorneous/ are
// meant to fail and are checked above).
TEST(CfgErrors, EveryReferenceCfgFileLoads) {
  REQUIRE_SHARED();
  namespace fs = std::filesystem;
  int files = 0;
  for (const char* root : {"reference", "data"}) {
    for (const auto& entry : fs::recursive_directory_iterator(mtp::test::shared_path(root))) {
      if (!entry.is_regular_file()) continue;
      const std::string path = entry.path().string();
      const std::string ext = entry.path().extension().string();
      if (ext != ".cfg" && ext != ".cfgs") continue;
      if (path.find("/errorneous/") != std::string::npos) continue;
      ++files;
      try {
        auto reader = io::make_cfg_reader(path);
        mtp::Configuration cfg;
        int n = 0;
        while (reader->next(cfg)) {
          cfg.validate();
          ++n;
        }
        EXPECT_GT(n, 0) << path;
      } catch (const mtp::Error& e) {
        ADD_FAILURE() << e.what();
      }
    }
  }
  EXPECT_GT(files, 100);
}

}  // namespace
