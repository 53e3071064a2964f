// Settings files for a command's options (`mlp train --config=train.toml`): keys checked against the table,
// errors with the file and line, and the file written beside a trained potential reading back the same.
#include <gtest/gtest.h>

#include "mtp/core/error.hpp"
#include "mtp/fit/training_options.hpp"
#include "mtp/io/option_file.hpp"

namespace {

using mtp::OptionSource;
using mtp::OptionValues;

mtp::Error error_of(const std::string& text) {
  OptionValues v(mtp::fit::training_option_table());
  try {
    mtp::io::parse_option_text(text, "train.toml", v);
  } catch (const mtp::Error& e) {
    return e;
  }
  return mtp::Error("no error");
}

TEST(OptionFile, KeysInAnySpellingSetTheOptions) {
  OptionValues v(mtp::fit::training_option_table());
  mtp::io::parse_option_text("# comment\nmax_iter = 5\nforce-weight = 0.02\ntolerance = 1e-4\nskip_preinit = true\n"
                             "weighting = \"structures\"\nstress_weight = 1\n",
                             "train.toml", v);
  EXPECT_EQ(v.integer("max-iter"), 5);
  EXPECT_EQ(v.number("force-weight"), 0.02);
  EXPECT_EQ(v.number("bfgs-conv-tol"), 1e-4);  // MLIP-3's spelling
  EXPECT_TRUE(v.flag("skip-preinit"));
  EXPECT_EQ(v.text("weighting"), "structures");
  EXPECT_EQ(v.number("stress-weight"), 1.0);  // an integer where a number is expected
  EXPECT_EQ(v.source("max-iter"), OptionSource::SettingsFile);
}

TEST(OptionFile, MistakesNameTheFileTheLineAndTheNearestKey) {
  mtp::Error e = error_of("max_iter = 5\n\nmax_iters = 6\n");
  EXPECT_EQ(e.file(), "train.toml");
  EXPECT_EQ(e.line(), 3);
  EXPECT_NE(std::string(e.what()).find("unknown key max_iters; did you mean max_iter?"), std::string::npos) << e.what();
  e = error_of("seed = 1\nmax_iter = \"5\"\n");
  EXPECT_EQ(e.line(), 2);
  EXPECT_NE(std::string(e.what()).find("key max_iter: expected an integer"), std::string::npos) << e.what();
  e = error_of("force_weight = -1\n");
  EXPECT_EQ(e.line(), 1);
  EXPECT_NE(std::string(e.what()).find("must be >= 0"), std::string::npos) << e.what();
  e = error_of("max_iter = 5\niteration_limit = 6\n");
  EXPECT_EQ(e.line(), 2);
  e = error_of("[train]\nmax_iter = 5\n");
  EXPECT_EQ(e.line(), 1);
  EXPECT_NE(std::string(e.what()).find("unknown key train"), std::string::npos) << e.what();
  e = error_of("resume = \"ck.mtp\"\n");  // command line only
  EXPECT_EQ(e.line(), 1);
  e = error_of("max_iter = \n");  // TOML syntax
  EXPECT_EQ(e.line(), 1);
  EXPECT_EQ(e.file(), "train.toml");
}

TEST(OptionFile, TheWrittenSettingsReadBackToTheSameValues) {
  OptionValues v(mtp::fit::training_option_table());
  v.set("max-iter", "17", OptionSource::CommandLine);
  v.set("force-weight", "0.1", OptionSource::CommandLine);
  v.set("penalty-weight", "3.0000000000000004e-9", OptionSource::CommandLine);
  v.set("trained-pot-name", "odd \"name\\.mtp", OptionSource::CommandLine);
  v.set("skip-preinit", "yes", OptionSource::CommandLine);
  v.set("weight-scaling", "0", OptionSource::CommandLine);
  const std::string text = mtp::io::option_file_text(v, "header line\nsecond");
  EXPECT_EQ(text.rfind("# header line\n# second\n", 0), 0u) << text;
  OptionValues back(mtp::fit::training_option_table());
  mtp::io::parse_option_text(text, "sidecar.toml", back);
  for (const mtp::OptionSpec& o : mtp::fit::training_option_table().options()) {
    if (!(o.scope & mtp::kSettingsFileScope)) continue;
    if (v.text(o.name).empty()) {  // no default and not given: nothing is written, nothing read back
      EXPECT_EQ(back.text(o.name), "") << o.name;
      continue;
    }
    switch (o.type) {
      case mtp::OptionType::Number: EXPECT_EQ(back.number(o.name), v.number(o.name)) << o.name; break;
      case mtp::OptionType::Flag: EXPECT_EQ(back.flag(o.name), v.flag(o.name)) << o.name; break;
      default: EXPECT_EQ(back.text(o.name), v.text(o.name)) << o.name;
    }
  }
  EXPECT_EQ(back.text("trained-pot-name"), "odd \"name\\.mtp");
}

}  // namespace
