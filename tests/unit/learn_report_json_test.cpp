// The active-learning loop's JSON files (learn/report: state.json, done.json, summary.json, report.json) are
// written and read by nlohmann_json: strings with quotes, backslashes and newlines round-trip, numbers come back
// exactly (NaN as null), and a damaged file is refused with its name and what was expected.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

#include "mtp/core/error.hpp"
#include "mtp/learn/report.hpp"
#include "mtp/learn/work_directory.hpp"
#include "support/paths.hpp"

namespace {

using mtp::learn::IterationSummary;

IterationSummary awkward_summary() {
  IterationSummary s;
  s.iteration = 7;
  s.training_set = 123456789012ull;
  s.runs = 3;
  s.breaks = 1;
  s.collected = 11;
  s.selected = 4;
  s.computed = 4;
  s.failed = 0;
  s.max_grade = 0.1 + 0.2;  // not representable in 9 significant digits
  s.oracle_calls = 5;
  s.oracle_seconds = 1e-300;
  s.explore_seconds = 12.3456789012345678;
  s.train_seconds = 2.0 / 3.0;
  s.converged = true;
  s.train.energy_rmse = 1.0 / 7.0;
  s.train.force_component_rmse = std::numeric_limits<double>::quiet_NaN();
  s.holdout.energy_mae = 3.14159265358979;
  s.holdout.force_component_max = -0.0;
  return s;
}

TEST(LearnReportJson, StateStringsWithQuotesBackslashesAndNewlinesRoundTrip) {
  const std::string stage = "explore \"run 2\" C:\\work\\dir\nsecond line\ttab";
  const nlohmann::json j = nlohmann::json::parse(mtp::learn::loop_state_json(4, stage, false));
  EXPECT_EQ(j.at("iteration").get<int>(), 4);
  EXPECT_EQ(j.at("stage").get<std::string>(), stage);
  EXPECT_FALSE(j.at("converged").get<bool>());
}

TEST(LearnReportJson, SummaryRoundTripsExactly) {
  const IterationSummary s = awkward_summary();
  const IterationSummary back = mtp::learn::parse_summary(mtp::learn::summary_json(s), "summary.json");
  EXPECT_EQ(back.iteration, s.iteration);
  EXPECT_EQ(back.training_set, s.training_set);
  EXPECT_EQ(back.breaks, s.breaks);
  EXPECT_EQ(back.max_grade, s.max_grade);
  EXPECT_EQ(back.oracle_seconds, s.oracle_seconds);
  EXPECT_EQ(back.explore_seconds, s.explore_seconds);
  EXPECT_EQ(back.train_seconds, s.train_seconds);
  EXPECT_TRUE(back.converged);
  EXPECT_EQ(back.train.energy_rmse, s.train.energy_rmse);
  EXPECT_TRUE(std::isnan(back.train.force_component_rmse));
  EXPECT_EQ(back.holdout.energy_mae, s.holdout.energy_mae);
}

TEST(LearnReportJson, DamagedSummariesAreRefusedWithTheFileAndTheReason) {
  const std::string good = mtp::learn::summary_json(awkward_summary());
  auto message = [](const std::string& text) {
    try {
      mtp::learn::parse_summary(text, "iter_003/summary.json");
    } catch (const mtp::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message(good.substr(0, good.size() / 2)).find("iter_003/summary.json"), std::string::npos);
  EXPECT_NE(message(good.substr(0, good.size() / 2)).find("not valid JSON"), std::string::npos);
  nlohmann::json j = nlohmann::json::parse(good);
  j.erase("runs");
  EXPECT_NE(message(j.dump()).find("missing runs"), std::string::npos);
  j = nlohmann::json::parse(good);
  j["runs"] = "3";
  EXPECT_NE(message(j.dump()).find("runs: expected a count"), std::string::npos);
  j = nlohmann::json::parse(good);
  j["runs"] = -3;
  EXPECT_NE(message(j.dump()).find("runs: expected a count"), std::string::npos);
  EXPECT_NE(message("[1, 2]").find("expected a JSON object"), std::string::npos);
}

TEST(LearnReportJson, ReportIsAnArrayOfTheIterationsInFieldOrder) {
  const std::string dir = mtp::test::scratch_dir("learn-report-json");
  IterationSummary first = awkward_summary(), second = awkward_summary();
  first.iteration = 0;
  second.iteration = 1;
  second.max_grade = 2.5;
  mtp::learn::write_report(dir + "/report.csv", dir + "/report.json", {first, second});
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(mtp::learn::load_text(dir + "/report.json"));
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0].begin().key(), "iteration");
  EXPECT_EQ(j[1].at("iteration").get<int>(), 1);
  EXPECT_EQ(j[1].at("max_grade").get<double>(), 2.5);
  EXPECT_TRUE(j[0].at("train_force_component_rmse").is_null());
  // The CSV has the same columns: a header and one line per iteration.
  const std::string csv = mtp::learn::load_text(dir + "/report.csv");
  EXPECT_EQ(csv.substr(0, csv.find(',')), "iteration");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);
}

}  // namespace
