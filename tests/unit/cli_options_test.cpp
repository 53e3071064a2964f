// `mlp` options through the one table: a misspelled option fails before any work in every command, help is
// generated from the table, `mlp train --config=train.toml` gives what the same options on the command line
// give, and the settings saved beside a trained potential repeat the run.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "mtp/fit/training_options.hpp"
#include "support/files.hpp"
#include "support/paths.hpp"
#include "support/run_command.hpp"

namespace {

namespace fs = std::filesystem;
using mtp::test::quoted;
using mtp::test::run_mlp;

void write_text(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// The names `mlp list` and `mlp list-undocumented` print (first name of each entry).
std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const char* list : {"list", "list-undocumented"}) {
    std::istringstream in(run_mlp(list).output);
    for (std::string line; std::getline(in, line);)
      if (line.rfind("  ", 0) == 0 && line.rfind("      ", 0) != 0) names.push_back(line.substr(2, line.find(',') - 2));
  }
  return names;
}

// A level-4 template and the bundled sample set in a fresh folder.
std::string training_folder(const std::string& name) {
  const std::string dir = mtp::test::scratch_dir(name);
  EXPECT_EQ(run_mlp("make-template " + quoted(dir + "/start.mtp") + " --level=4 --min-dist=2 --max-dist=4.5").status, 0);
  fs::copy_file(mtp::test::source_path("tests/data/mlearn_Cu_sample.cfg"), dir + "/train.cfg");
  return dir;
}

std::string train_in(const std::string& dir, const std::string& options) {
  return "cd " + quoted(dir) + " && " + quoted(mtp::test::mlp_binary()) + " train start.mtp train.cfg " + options;
}

TEST(MlpOptions, EveryCommandRejectsAnUnknownOptionBeforeDoingAnything) {
  const std::vector<std::string> names = command_names();
  ASSERT_GT(names.size(), 20u);
  const std::string dir = mtp::test::scratch_dir("options-unknown");
  for (const std::string& name : names) {
    // Arguments that would make most commands write files: none may appear.
    const auto r = mtp::test::run_command("cd " + quoted(dir) + " && " + quoted(mtp::test::mlp_binary()) + " " + name +
                                          " a.mtp b.cfg c.cfg d.cfg --no-such-option-xyz=1");
    EXPECT_NE(r.status, 0) << name;
    EXPECT_NE(r.output.find("unknown option --no-such-option-xyz"), std::string::npos) << name << ": " << r.output;
  }
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(MlpOptions, HelpOfEveryCommandListsItsOptions) {
  for (const std::string& name : command_names()) {
    const auto r = run_mlp("help " + name);
    EXPECT_EQ(r.status, 0) << name;
    EXPECT_NE(r.output.find("Options:"), std::string::npos) << name << ": " << r.output;
  }
  const std::string train_help = run_mlp("help train").output;
  for (const mtp::OptionSpec& o : mtp::fit::training_option_table().options())
    EXPECT_NE(train_help.find("  --" + o.name), std::string::npos) << o.name;
  EXPECT_NE(train_help.find("--penalty-weight=1e-9"), std::string::npos) << train_help;
}

TEST(MlpOptions, VersionIsTheProjectVersion) {
  const auto r = run_mlp("--version");
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(std::regex_search(r.output, std::regex("^mlp \\(OpenMTP\\) [0-9]+\\.[0-9]+\\.[0-9]+"))) << r.output;
}

TEST(MlpOptions, AMisspelledTrainingOptionStopsBeforeTrainingAndWritesNothing) {
  const std::string dir = training_folder("options-misspelled");
  for (const std::string& bad : {"--max-iters=5", "--al_mode=atoms", "--max-iter=-5", "--optimizer=adam"}) {
    const auto r = mtp::test::run_command(train_in(dir, bad + " --trained-pot-name=out.mtp"));
    EXPECT_NE(r.status, 0) << bad;
    EXPECT_EQ(r.output.find("BFGS"), std::string::npos) << bad << ": " << r.output;  // no training started
    EXPECT_FALSE(fs::exists(dir + "/out.mtp")) << bad;
    EXPECT_FALSE(fs::exists(dir + "/out.mtp.train.toml")) << bad;
  }
  const auto r = mtp::test::run_command(train_in(dir, "--max-iters=5"));
  EXPECT_NE(r.output.find("did you mean --max-iter?"), std::string::npos) << r.output;
  // In a settings file: the file, the line and the nearest key.
  write_text(dir + "/bad.toml", "max_iter = 5\nforce_wieght = 0.1\n");
  const auto t = mtp::test::run_command(train_in(dir, "--config=bad.toml --trained-pot-name=out.mtp"));
  EXPECT_NE(t.status, 0);
  EXPECT_NE(t.output.find("bad.toml:2: unknown key force_wieght; did you mean force_weight?"), std::string::npos)
      << t.output;
  EXPECT_FALSE(fs::exists(dir + "/out.mtp"));
}

TEST(MlpOptions, ASettingsFileGivesWhatTheCommandLineGivesAndTheSavedSettingsRepeatTheRun) {
  const std::string dir = training_folder("options-config");
  const std::string options =
      "--max-iter=4 --force-weight=0.02 --stress_weight=0.002 --seed=7 --bfgs-conv-tol=1e-4 --skip-preinit "
      "--weighting=structures";
  ASSERT_EQ(mtp::test::run_command(train_in(dir, options + " --trained-pot-name=cli.mtp --log=cli.log")).status, 0);
  write_text(dir + "/train.toml",
                             "max_iter = 4\nforce_weight = 0.02\nstress-weight = 0.002\nseed = 7\ntolerance = 1e-4\n"
                             "skip_preinit = true\nweighting = \"structures\"\nmax-iter = 1\n");
  // A key spelled twice is an error; the corrected file, with the command line overriding one value.
  EXPECT_NE(mtp::test::run_command(train_in(dir, "--config=train.toml --trained-pot-name=bad.mtp")).status, 0);
  write_text(dir + "/train.toml",
                             "max_iter = 4\nforce_weight = 0.5\nstress-weight = 0.002\nseed = 7\ntolerance = 1e-4\n"
                             "skip_preinit = true\nweighting = \"structures\"\n");
  const auto r = mtp::test::run_command(
      train_in(dir, "--config=train.toml --force-weight=0.02 --trained-pot-name=toml.mtp --log=toml.log"));
  ASSERT_EQ(r.status, 0) << r.output;
  const std::string cli = mtp::test::read_file(dir + "/cli.mtp");
  ASSERT_FALSE(cli.empty());
  EXPECT_EQ(mtp::test::read_file(dir + "/toml.mtp"), cli);
  // The log echoes every option and where it came from.
  const std::string log = mtp::test::read_file(dir + "/toml.log");
  EXPECT_NE(log.find("force_weight = 0.02  (command line)"), std::string::npos) << log;
  EXPECT_NE(log.find("max_iter = 4  (settings file)"), std::string::npos) << log;
  EXPECT_NE(log.find("energy_weight = 1  (default)"), std::string::npos) << log;
  // The settings saved beside the potential repeat the run, byte for byte.
  ASSERT_TRUE(fs::exists(dir + "/cli.mtp.train.toml"));
  const auto again = mtp::test::run_command(
      train_in(dir, "--config=cli.mtp.train.toml --trained-pot-name=again.mtp --log=none"));
  ASSERT_EQ(again.status, 0) << again.output;
  EXPECT_EQ(mtp::test::read_file(dir + "/again.mtp"), cli);
  // ... and a different option gives a different potential (the comparison can fail).
  ASSERT_EQ(mtp::test::run_command(train_in(dir, options + " --seed=8 --trained-pot-name=other.mtp --log=none")).status, 0);
  EXPECT_NE(mtp::test::read_file(dir + "/other.mtp"), cli);
}

}  // namespace
