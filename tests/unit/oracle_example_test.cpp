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

// The [oracle] table of the example settings as the loop hands it to make_oracle: every key but kind and
// parallel as text (arrays joined by commas), and the top-level species when the table has none.
mtp::oracle::OracleSettings oracle_table(const std::string& path, std::string& kind) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  mtp::oracle::OracleSettings settings;
  std::string line, table, species;
  auto trim = [](const std::string& s) {
    const auto a = s.find_first_not_of(" \t");
    const auto b = s.find_last_not_of(" \t");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
  };
  auto value_text = [&](std::string v) {
    std::string out;
    for (char c : trim(v))
      if (c != '"' && c != '[' && c != ']') out += c;
    return trim(out);
  };
  while (std::getline(in, line)) {
    const auto hash = line.find('#');
    if (hash != std::string::npos) line.resize(hash);
    line = trim(line);
    if (line.empty()) continue;
    if (line[0] == '[') {
      table = line;
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = trim(line.substr(0, eq)), value = value_text(line.substr(eq + 1));
    if (table.empty() && key == "species") species = value;
    if (table != "[oracle]") continue;
    if (key == "kind") kind = value;
    else if (key != "parallel") settings[key] = value;
  }
  if (!settings.count("species")) settings["species"] = species;
  return settings;
}

TEST(OracleExample, AlQeSettingsAndStartingCells) {
  std::string kind;
  const auto settings = oracle_table(mtp::test::source_path("examples/al-qe/settings.toml"), kind);
  ASSERT_EQ(kind, "qe");
  ASSERT_EQ(settings.at("species"), "Al");
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
  const auto oracle = mtp::oracle::make_oracle(kind, settings);
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
