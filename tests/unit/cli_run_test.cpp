// `mlp run mlip.ini --filename=db.cfg`: EFS only, and MLIP-2's selection-by-generation regime (save above
// select:threshold, stop above select:threshold-break).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/model/evaluator.hpp"
#include "support/paths.hpp"
#include "support/run_command.hpp"

namespace {

namespace fs = std::filesystem;
using mtp::test::run_command;

std::string example(const std::string& rel) { return mtp::test::shared_path("reference/mlip2/test/examples/" + rel); }

std::vector<mtp::Configuration> load_all(const std::string& path) {
  std::vector<mtp::Configuration> out;
  auto reader = mtp::io::make_cfg_reader(path);
  mtp::Configuration cfg;
  while (reader->next(cfg)) out.push_back(cfg);
  return out;
}

std::string stage(const std::string& name) {
  const std::string work = mtp::test::scratch_dir(name);
  for (const auto& e : fs::directory_iterator(example("07.relax-active-learning")))
    if (e.is_regular_file()) fs::copy_file(e.path(), fs::path(work) / e.path().filename());
  fs::create_directories(fs::path(work) / "out");
  return work;
}

TEST(CliRun, EfsOnlyWritesEvaluatedConfigurations) {
  REQUIRE_SHARED();
  const std::string work = stage("run-efs");
  std::ofstream(work + "/efs.ini") << "mtp-filename pot.mtp\nwrite-cfgs out/evaluated.cfg\nwrite-cfgs:skip 1\n";
  const auto r = run_command("cd " + work + " && " + mtp::test::mlp_binary() +
                             " run efs.ini --filename=to-relax.cfg --limit=5");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto written = load_all(work + "/out/evaluated.cfg");
  ASSERT_EQ(written.size(), 3u);  // configurations 1, 3 and 5 (every second)
  const mtp::Evaluator ev(mtp::io::load_potential(work + "/pot.mtp"));
  const auto inputs = load_all(work + "/to-relax.cfg");
  for (std::size_t k = 0; k < 3; ++k) {
    mtp::Configuration c = inputs[2 * k];
    ev.compute_into(c);
    EXPECT_NEAR(*written[k].energy, *c.energy, 1e-9);
    EXPECT_EQ(written[k].features.at("from"), "database:to-relax.cfg");
  }
}

TEST(CliRun, BreakThresholdStopsAndSavesSelected) {
  REQUIRE_SHARED();
  const std::string work = stage("run-break");
  const auto r = run_command("cd " + work + " && " + mtp::test::mlp_binary() + " run mlip.ini --filename=to-relax.cfg");
  EXPECT_NE(r.status, 0);
  // Configuration 13's grade is the one MLIP-2's relax reports before its first step.
  EXPECT_NE(r.output.find("Breaking threshold exceeded (MV-grade: 11.423947) at configuration 13"), std::string::npos)
      << r.output;
  const auto saved = load_all(work + "/out/preselected.cfg");
  ASSERT_FALSE(saved.empty());
  for (const auto& c : saved) EXPECT_GT(std::stod(c.features.at("MV_grade")), 3.0);
  EXPECT_EQ(saved.back().features.at("MV_grade"), "11.423947");
}

}  // namespace
