#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "mtp/core/error.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/oracle/oracle.hpp"
#include "oracle_test_support.hpp"
#include "support/paths.hpp"

namespace {

using mtp::Configuration;

// The key = "value" lines of one [table] of the example settings (the loop reads the whole file; here only
// the oracle's table matters).
mtp::oracle::OracleSettings read_table(const std::string& path, const std::string& table) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  mtp::oracle::OracleSettings settings;
  std::string line;
  bool inside = false;
  auto trim = [](const std::string& s) {
    const auto a = s.find_first_not_of(" \t\"");
    const auto b = s.find_last_not_of(" \t\"");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
  };
  while (std::getline(in, line)) {
    const auto hash = line.find('#');
    if (hash != std::string::npos) line.resize(hash);
    if (trim(line).empty()) continue;
    if (trim(line)[0] == '[') {
      inside = trim(line) == "[" + table + "]";
      continue;
    }
    const auto eq = line.find('=');
    if (inside && eq != std::string::npos) settings[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
  }
  return settings;
}

TEST(OracleExample, AlQeSettingsAndStartingCells) {
  const auto settings = read_table(mtp::test::source_path("examples/al-qe/oracle.toml"), "oracle");
  ASSERT_EQ(settings.at("kind"), "qe");
  std::vector<Configuration> cells;
  auto reader = mtp::io::make_cfg_reader(mtp::test::source_path("examples/al-qe/start.cfg"));
  for (Configuration cfg; reader->next(cfg);) cells.push_back(cfg);
  ASSERT_EQ(cells.size(), 6u);
  for (const auto& c : cells) {
    EXPECT_EQ(c.lattice.periodic_dims, 3);
    for (int t : c.types) EXPECT_EQ(t, 0);
    EXPECT_GT(c.min_distance(), 2.5);
  }
  if (!mtp::test::program_on_path("pw.x") || !std::filesystem::exists(settings.at("pseudo_dir") + "/Al.pz-vbc.UPF"))
    GTEST_SKIP() << "needs pw.x and Al.pz-vbc.UPF (Debian packages quantum-espresso, quantum-espresso-data)";
  const auto oracle = mtp::oracle::make_oracle(settings.at("kind"), settings);
  // The 1-atom cell at 102 % of a = 4.04 A: cubic symmetry leaves no force and an isotropic virial, and a
  // stretched cell pulls inwards (negative PlusStress).
  Configuration cfg = cells[2];
  oracle->compute(cfg, mtp::test::scratch_dir("example-al-qe"));
  EXPECT_LT(mtp::norm(cfg.forces[0]), 1e-6);
  const auto& w = *cfg.virial;
  EXPECT_LT(w(0, 0), -0.1);
  EXPECT_NEAR(w(1, 1), w(0, 0), 1e-5);
  EXPECT_NEAR(w(2, 2), w(0, 0), 1e-5);
  EXPECT_NEAR(w(0, 1), 0.0, 1e-5);
  EXPECT_NEAR(w(1, 2), 0.0, 1e-5);
  EXPECT_GT(*cfg.energy, -60.0);
  EXPECT_LT(*cfg.energy, -54.0);
}

}  // namespace
