// The option table that the command line, Python and settings files share: spellings, checks before any
// work, the nearest name for a misspelling, and the help generated from it.
#include <gtest/gtest.h>

#include "mtp/core/error.hpp"
#include "mtp/core/option_table.hpp"
#include "mtp/fit/training_options.hpp"

namespace {

using mtp::OptionSource;
using mtp::OptionSpec;
using mtp::OptionTable;
using mtp::OptionType;
using mtp::OptionValues;

OptionTable small_table() {
  return OptionTable("demo", {
                                 OptionSpec("max-iter", OptionType::Integer, "1000", "iterations")
                                     .mlip2("max-iter").mlip3("iteration_limit").at_least(0),
                                 OptionSpec("force-weight", OptionType::Number, "0.01", "weight").at_least(0),
                                 OptionSpec("optimizer", OptionType::Choice, "bfgs", "which").choices({"bfgs", "lbfgs"}),
                                 OptionSpec("skip-preinit", OptionType::Flag, "false", "no pre-training"),
                                 OptionSpec("out", OptionType::Text, "", "a file").only_in(mtp::kCommandLineScope),
                             });
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const mtp::Error& e) {
    return e.what();
  }
  return "";
}

TEST(OptionTable, EverySpellingFindsTheOptionWithDashesAndUnderscoresAlike) {
  const OptionTable t = small_table();
  for (const char* s : {"max-iter", "max_iter", "iteration_limit", "iteration-limit"}) {
    ASSERT_NE(t.find(s), nullptr) << s;
    EXPECT_EQ(t.find(s)->name, "max-iter") << s;
  }
  EXPECT_EQ(t.find("max-iters"), nullptr);
}

TEST(OptionTable, ValuesAreDefaultsUntilSetAndTheLatestSourceWins) {
  const OptionTable t = small_table();
  OptionValues v(t);
  EXPECT_EQ(v.integer("max-iter"), 1000);
  EXPECT_FALSE(v.given("max-iter"));
  EXPECT_DOUBLE_EQ(v.number("force_weight"), 0.01);
  EXPECT_FALSE(v.flag("skip-preinit"));
  v.set("max_iter", "5", OptionSource::SettingsFile);
  v.set("iteration_limit", "7", OptionSource::CommandLine);  // the command line after the file overrides it
  EXPECT_EQ(v.integer("max-iter"), 7);
  EXPECT_EQ(v.source("max-iter"), OptionSource::CommandLine);
  v.set("skip-preinit", "true", OptionSource::CommandLine);
  EXPECT_TRUE(v.flag("skip-preinit"));
  EXPECT_NE(v.describe().find("max_iter = 7  (command line)"), std::string::npos) << v.describe();
  EXPECT_NE(v.describe().find("force_weight = 0.01  (default)"), std::string::npos) << v.describe();
}

TEST(OptionTable, AMisspelledNameFailsNamingTheNearestOptionAsTheFrontEndWritesIt) {
  const OptionTable t = small_table();
  OptionValues v(t);
  const std::string cli = error_of([&] { v.set("max-iters", "5", OptionSource::CommandLine); });
  EXPECT_NE(cli.find("unknown option --max-iters; did you mean --max-iter?"), std::string::npos) << cli;
  const std::string py = error_of([&] { v.set("max_iters", "5", OptionSource::Python); });
  EXPECT_NE(py.find("unknown keyword argument max_iters; did you mean max_iter?"), std::string::npos) << py;
  const std::string toml = error_of([&] { v.set("iteration_limt", "5", OptionSource::SettingsFile); });
  EXPECT_NE(toml.find("unknown key iteration_limt; did you mean iteration_limit?"), std::string::npos) << toml;
  // Nothing close: no guess, but still an error.
  const std::string far = error_of([&] { v.set("al_mode", "nbh", OptionSource::CommandLine); });
  EXPECT_NE(far.find("unknown option --al_mode"), std::string::npos) << far;
  EXPECT_EQ(far.find("did you mean"), std::string::npos) << far;
  EXPECT_EQ(v.integer("max-iter"), 1000);  // a failed set changes nothing
}

TEST(OptionTable, WrongTypesRangesChoicesAndFrontEndsAreErrors) {
  const OptionTable t = small_table();
  OptionValues v(t);
  EXPECT_NE(error_of([&] { v.set("max-iter", "5.5", OptionSource::CommandLine); }).find("expects an integer"), std::string::npos);
  EXPECT_NE(error_of([&] { v.set("max-iter", "-1", OptionSource::CommandLine); }).find("must be >= 0"), std::string::npos);
  EXPECT_NE(error_of([&] { v.set("force-weight", "x", OptionSource::CommandLine); }).find("expects a finite number"), std::string::npos);
  EXPECT_NE(error_of([&] { v.set("force-weight", "nan", OptionSource::CommandLine); }).find("expects a finite number"), std::string::npos);
  EXPECT_NE(error_of([&] { v.set("optimizer", "adam", OptionSource::CommandLine); }).find("one of bfgs, lbfgs"), std::string::npos);
  EXPECT_NE(error_of([&] { v.set("skip-preinit", "maybe", OptionSource::CommandLine); }).find("true or false"), std::string::npos);
  EXPECT_NE(error_of([&] { v.set("out", "f", OptionSource::Python); }).find("cannot be given in the Python"), std::string::npos);
  v.set("out", "f", OptionSource::CommandLine);
  EXPECT_EQ(v.text("out"), "f");
}

TEST(OptionTable, ASpellingUsedTwiceOrABadDefaultIsRejectedWhenTheTableIsBuilt) {
  EXPECT_THROW(OptionTable("t", {OptionSpec("a", OptionType::Flag, "", ""), OptionSpec("b", OptionType::Flag, "", "").mlip3("a")}),
               mtp::Error);
  EXPECT_THROW(OptionTable("t", {OptionSpec("n", OptionType::Integer, "x", "")}), mtp::Error);
}

TEST(OptionTable, HelpListsEveryTrainingOptionWithItsDefaultAndSpellings) {
  const OptionTable& t = mtp::fit::training_option_table();
  const std::string help = t.help();
  for (const OptionSpec& o : t.options()) EXPECT_NE(help.find("--" + o.name), std::string::npos) << o.name;
  EXPECT_NE(help.find("--penalty-weight=1e-9"), std::string::npos) << help;
  EXPECT_NE(help.find("MLIP-3: --iteration_limit"), std::string::npos) << help;
}

TEST(TrainingOptions, TheTableMapsOntoTheTrainersOptions) {
  OptionValues v(mtp::fit::training_option_table());
  mtp::fit::TrainerOptions d = mtp::fit::trainer_options_from(v);
  const mtp::fit::TrainerOptions plain;
  EXPECT_EQ(d.max_iterations, plain.max_iterations);
  EXPECT_EQ(d.convergence_tolerance, plain.convergence_tolerance);
  EXPECT_EQ(d.weights.energy, plain.weights.energy);
  EXPECT_EQ(d.weights.force, plain.weights.force);
  EXPECT_EQ(d.weights.stress, plain.weights.stress);
  EXPECT_EQ(d.weights.penalty, plain.weights.penalty);
  v.set("weight_scaling", "2", OptionSource::CommandLine);
  v.set("init_random", "false", OptionSource::CommandLine);
  v.set("penalty-weight", "0.5", OptionSource::CommandLine);
  v.set("optimizer", "lbfgs", OptionSource::CommandLine);
  d = mtp::fit::trainer_options_from(v);
  // MLIP-3's --weight_scaling is the energy term's atom-count power (the force term's stays 0).
  ASSERT_TRUE(d.weights.powers.has_value());
  EXPECT_EQ(d.weights.powers->energy, 2.0);
  EXPECT_EQ(d.weights.powers->force, 0.0);
  EXPECT_FALSE(d.init_random);
  EXPECT_EQ(d.weights.penalty, 0.5);
  EXPECT_EQ(d.optimizer, mtp::fit::Optimizer::Lbfgs);
}

}  // namespace
