#include <gtest/gtest.h>

#include <sstream>

#include "mtp/core/error.hpp"
#include "mtp/io/mlip_ini.hpp"
#include "support/paths.hpp"

using mtp::io::read_mlip_ini;

TEST(MlipIni, ReadsTheKeysOfTheUsualActiveLearningSetup) {
  std::istringstream in(
      "mtp-filename    pot.mtp   # the potential\n"
      "select          TRUE\n"
      "select:threshold 2.0\n"
      "select:threshold-break 10.0\n"
      "select:save-selected preselected.cfg\n"
      "select:load-state state.als\n"
      "\n# a comment line\n");
  const auto ini = read_mlip_ini(in, "mlip.ini");
  EXPECT_EQ(ini.mtp_filename, "pot.mtp");
  EXPECT_TRUE(ini.select);
  EXPECT_DOUBLE_EQ(ini.threshold, 2.0);
  EXPECT_DOUBLE_EQ(ini.threshold_break, 10.0);
  EXPECT_TRUE(ini.breaks());
  EXPECT_EQ(ini.save_selected, "preselected.cfg");
  EXPECT_EQ(ini.load_state, "state.als");
  EXPECT_TRUE(ini.calculate_efs);  // default
  EXPECT_DOUBLE_EQ(ini.threshold_init, 1e-7);
  EXPECT_DOUBLE_EQ(ini.effective_threshold_swap(), 1.001);
  EXPECT_TRUE(ini.unknown_keys.empty());
}

TEST(MlipIni, SwapThresholdAtMostOneFallsBackToThreshold) {
  std::istringstream in("select:threshold 3.5\nselect:threshold-swap 0.5\n");
  EXPECT_DOUBLE_EQ(read_mlip_ini(in, "x").effective_threshold_swap(), 3.5);
}

TEST(MlipIni, UnknownKeysAreReportedByNameAndLine) {
  std::istringstream in("mtp-filename p.mtp\nselct TRUE\n");
  const auto ini = read_mlip_ini(in, "mlip.ini");
  ASSERT_EQ(ini.unknown_keys.size(), 1u);
  EXPECT_EQ(ini.unknown_keys[0], "mlip.ini:2: unknown key 'selct'");
}

TEST(MlipIni, BadBooleanNamesFileLineAndExpectation) {
  std::istringstream in("mtp-filename p.mtp\nselect yes-please\n");
  try {
    read_mlip_ini(in, "mlip.ini");
    FAIL() << "expected an error";
  } catch (const mtp::Error& e) {
    EXPECT_EQ(e.line(), 2);
    EXPECT_NE(std::string(e.what()).find("mlip.ini:2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("TRUE or FALSE"), std::string::npos) << e.what();
  }
}

TEST(MlipIni, MissingValueAndBadNumberAreErrors) {
  std::istringstream a("select:threshold\n");
  EXPECT_THROW(read_mlip_ini(a, "a"), mtp::Error);
  std::istringstream b("select:threshold two\n");
  EXPECT_THROW(read_mlip_ini(b, "b"), mtp::Error);
}

TEST(MlipIni, LoadsTheOriginalExamples) {
  REQUIRE_SHARED();
  for (const char* rel : {"reference/mlip2/test/examples/06.relax/mlip.ini",
                          "reference/mlip2/test/examples/07.relax-active-learning/mlip.ini"}) {
    const std::string path = mtp::test::shared_path(rel);
    if (!std::filesystem::exists(path)) continue;
    const auto ini = mtp::io::load_mlip_ini(path);
    EXPECT_FALSE(ini.mtp_filename.empty()) << path;
    EXPECT_TRUE(ini.unknown_keys.empty()) << path << ": " << (ini.unknown_keys.empty() ? "" : ini.unknown_keys[0]);
  }
}

// A break threshold at or below the save threshold (MLIP-2 then breaks on every saved configuration, or never)
// and non-finite numbers are refused with the file and the line; 0 stays "no break".
TEST(MlipIni, BreakThresholdMustBeAboveTheSaveThresholdAndNumbersFinite) {
  auto message = [](const std::string& text) -> std::string {
    std::istringstream in(text);
    try {
      read_mlip_ini(in, "mlip.ini");
    } catch (const mtp::Error& e) {
      return e.what();
    }
    return "accepted";
  };
  EXPECT_EQ(message("select:threshold 2\nselect:threshold-break 0\n"), "accepted");
  EXPECT_EQ(message("select:threshold 2\nselect:threshold-break 2.5\n"), "accepted");
  EXPECT_EQ(message("select:threshold 2\nselect:threshold-break 2\n"),
            "mlip.ini:2: select:threshold-break (2) must be above select:threshold (2), or 0 for no break");
  EXPECT_EQ(message("select:threshold-break 0.9\nselect:threshold 2\n"),
            "mlip.ini:1: select:threshold-break (0.9) must be above select:threshold (2), or 0 for no break");
  EXPECT_EQ(message("select:threshold nan\n"), "mlip.ini:1: key 'select:threshold' expects a finite number, got 'nan'");
  EXPECT_EQ(message("mtp-filename p.mtp\nselect:energy-weight -inf\n"),
            "mlip.ini:2: key 'select:energy-weight' expects a finite number, got '-inf'");
}
