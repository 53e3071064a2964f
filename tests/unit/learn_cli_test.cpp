// `mlp active-learn` as a user runs it: a settings file, the teacher-MTP oracle and the in-process engine; the
// exit status says converged or not, and the report, the potential and the plots (or why not) are where it says.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "mtp/io/almtp_file.hpp"
#include "mtp/learn/work_directory.hpp"
#include "support/paths.hpp"
#include "support/run_command.hpp"

namespace mtp::test {
namespace {

TEST(LearnCli, RunsToConvergenceAndReportsWhereEverythingIs) {
  REQUIRE_SHARED();
  const std::string dir = scratch_dir("learn-cli");
  {
    std::ofstream starts(dir + "/starts.cfg");
    // One fcc Cu conventional cell doubled (32 atoms), written as a text .cfg.
    starts << "BEGIN_CFG\n Size\n    32\n Supercell\n 7.24 0 0\n 0 7.24 0\n 0 0 7.24\n"
           << " AtomData:  id type       cartes_x      cartes_y      cartes_z\n";
    int id = 1;
    const double b[4][3] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j)
        for (int k = 0; k < 2; ++k)
          for (const auto& p : b)
            starts << id++ << " 0 " << (i + p[0]) * 3.62 << " " << (j + p[1]) * 3.62 << " " << (k + p[2]) * 3.62 << "\n";
    starts << "END_CFG\n";
    std::ofstream s(dir + "/settings.toml");
    s << "work_dir = 'work'\nspecies = ['Cu']\nmasses = [63.546]\nmax_iterations = 8\n"
      << "[potential]\nlevel = 8\nmin_dist = 1.8\nmax_dist = 3.9\n[train]\nmax_iterations = 100\n"
      << "[explore]\nstructures = ['starts.cfg']\ntemperatures = [400]\nsteps = 200\ngrade_every = 5\n"
      << "[select]\nlimit = 5\n[oracle]\nkind = 'mtp'\npotential = '"
      << shared_path("data/mlearn/Cu/maml_fitted.mtp") << "'\n[holdout]\nrattle = 2\n[report]\nplot_script = '"
      << source_path("scripts/al_plots.py") << "'\n";
  }
  const CommandResult r = run_mlp("active-learn " + quoted(dir + "/settings.toml"));
  ASSERT_EQ(r.status, 0) << r.output;  // converged
  EXPECT_NE(r.output.find("converged: the last exploration found nothing above the save threshold"), std::string::npos);
  EXPECT_NE(r.output.find("[iter 1] explore: "), std::string::npos);
  EXPECT_NE(r.output.find("[iter 1] select: "), std::string::npos);
  // A line per finished oracle call, also into a pipe; errors named per component and printed in meV.
  EXPECT_NE(r.output.find("[iter 1]   oracle: 1/"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(" elapsed"), std::string::npos);
  EXPECT_NE(r.output.find("force component MAE "), std::string::npos);
  EXPECT_NE(r.output.find(" meV/A"), std::string::npos);
  EXPECT_EQ(r.output.find("0.0000 eV"), std::string::npos);
  const std::string work = dir + "/work";
  EXPECT_NE(r.output.find("potential:    " + work + "/final.almtp"), std::string::npos) << r.output;
  ASSERT_TRUE(io::load_almtp(work + "/final.almtp").active_set.has_value());
  // report.csv: a header and one row per iteration, the last one converged with nothing collected.
  const std::string csv = learn::load_text(work + "/report.csv");
  std::size_t rows = 0;
  for (char c : csv) rows += c == '\n';
  EXPECT_GE(rows, 3u);
  EXPECT_NE(csv.find(",true,"), std::string::npos);
  EXPECT_TRUE(learn::exists(work + "/report.json"));
  // Plots need matplotlib; where it is missing the loop says so instead.
  if (r.output.find("plots skipped") == std::string::npos) {
    EXPECT_TRUE(std::filesystem::file_size(work + "/plots/progress.png") > 1000);
    EXPECT_TRUE(std::filesystem::file_size(work + "/plots/parity.png") > 1000);
  }

  // A second run finds everything done and converges again without work.
  const CommandResult again = run_mlp("active-learn " + quoted(dir + "/settings.toml"));
  EXPECT_EQ(again.status, 0);
  EXPECT_NE(again.output.find("[iter 1] done in an earlier run"), std::string::npos);
  EXPECT_EQ(again.output.find("compute:"), std::string::npos) << again.output;

  // Errors: an unknown key, exit status 1.
  std::ofstream(dir + "/bad.toml") << "masses = [1]\n[explore]\nstructures = ['starts.cfg']\ntemperature = 3\n";
  const CommandResult bad = run_mlp("active-learn " + quoted(dir + "/bad.toml"));
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.output.find("unknown key explore.temperature"), std::string::npos) << bad.output;
}

}  // namespace
}  // namespace mtp::test
