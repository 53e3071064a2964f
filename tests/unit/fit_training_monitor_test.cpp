// Feedback in files: log lines only every log_every_seconds (by a test clock) and at each stage's first and last
// iteration, learning-curve rows every curve_every iterations with the validation errors of the potential at
// that point (checked against evaluate_errors and against errors computed here), and the parity table's rows.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "mtp/fit/parity_table.hpp"
#include "mtp/fit/training_monitor.hpp"
#include "mtp/model/evaluator.hpp"
#include "unit/fit_stand_in_models.hpp"

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> fields(const std::string& row) {
  std::vector<std::string> out;
  std::stringstream in(row);
  for (std::string f; std::getline(in, f, ',');) out.push_back(f);
  if (!row.empty() && row.back() == ',') out.push_back("");
  return out;
}

TEST(TrainingMonitor, LinesByTimeRowsByIterationWithValidationErrors) {
  const mtp::Potential pot = mtp::test::stand_in_potential(2, 11);
  std::vector<mtp::Configuration> valid;
  for (unsigned k = 0; k < 3; ++k) valid.push_back(mtp::test::stand_in_configuration(8, 2, 60 + k));
  double now = 0.0;
  std::ostringstream log, curve;
  mtp::fit::MonitorOptions o;
  o.log_every_seconds = 10.0;
  o.curve_every = 4;
  mtp::fit::TrainingMonitor monitor(mtp::stream_sink(log), &curve, valid, o, [&] { return now; });
  mtp::fit::TrainingProgress p;
  p.stage = "training";
  p.max_iterations = 10;
  p.energy_rmse = 0.004;
  p.force_rmse = 0.2;
  p.potential = &pot;
  for (int k = 0; k < 10; ++k) {  // 3 s per iteration
    now = 3.0 * k;
    p.iteration = k;
    p.loss = 1.0 / (k + 1);
    monitor.on_progress(p);
  }
  monitor.flush_stage();  // the last iteration (10) had neither line nor row
  const auto log_lines = lines_of(log.str());
  // Iteration 1 at t = 0, then the first at >= 10 s after it (iteration 5 at 12 s, 9 at 24 s), then the last.
  ASSERT_EQ(log_lines.size(), 4u) << log.str();
  EXPECT_EQ(log_lines[0].rfind("training iter 1/10  loss 1  train E 4 meV/atom F 200 meV/A  valid E ", 0), 0u) << log_lines[0];
  EXPECT_NE(log_lines[1].find("iter 5/10"), std::string::npos) << log_lines[1];
  EXPECT_NE(log_lines[1].find("12s, at most 12s left"), std::string::npos) << log_lines[1];  // 5 done in 12 s
  EXPECT_NE(log_lines[2].find("iter 9/10"), std::string::npos);
  EXPECT_NE(log_lines[3].find("iter 10/10"), std::string::npos);
  EXPECT_EQ(log_lines[3].find("left"), std::string::npos);

  const auto rows = lines_of(curve.str());
  ASSERT_EQ(rows.size(), 1u + 4u) << curve.str();  // header; iterations 1, 4, 8, then 10 at the end
  EXPECT_EQ(rows[0], mtp::fit::TrainingMonitor::curve_header());
  EXPECT_EQ(fields(rows[2])[1], "4");
  EXPECT_EQ(fields(rows[4])[1], "10");
  // Validation errors by hand: energy per atom RMSE and MAE, force-component RMSE.
  const mtp::Evaluator ev(pot);
  double e2 = 0.0, e1 = 0.0, f2 = 0.0, fn = 0.0;
  for (const auto& c : valid) {
    const auto r = ev.compute(c);
    const double d = (r.energy - *c.energy) / double(c.size());
    e2 += d * d;
    e1 += std::abs(d);
    for (std::size_t i = 0; i < c.size(); ++i)
      for (int a = 0; a < 3; ++a) {
        f2 += std::pow(r.forces[i][a] - c.forces[i][a], 2);
        fn += 1.0;
      }
  }
  const auto f = fields(rows[1]);
  ASSERT_EQ(f.size(), 13u) << rows[1];
  EXPECT_EQ(f[0], "training");
  EXPECT_EQ(f[1] + "," + f[2], "1,0");                // iteration 1 at 0 s by the test clock
  EXPECT_EQ(fields(rows[2])[2], "9");                // iteration 4 at 9 s
  EXPECT_GE(std::stod(f[3]), 0.0);  // CPU seconds
  EXPECT_NEAR(std::stod(f[5]), 4.0, 1e-9);
  EXPECT_NEAR(std::stod(f[6]), 200.0, 1e-9);
  EXPECT_NEAR(std::stod(f[7]), 1e3 * std::sqrt(e2 / 3.0), 1e-6 * std::stod(f[7]));
  EXPECT_NEAR(std::stod(f[8]), 1e3 * e1 / 3.0, 1e-6 * std::stod(f[8]));
  EXPECT_NEAR(std::stod(f[9]), 1e3 * std::sqrt(f2 / fn), 1e-6 * std::stod(f[9]));
  EXPECT_FALSE(f[11].empty());  // stresses: the stand-in cells are periodic
}

TEST(TrainingMonitor, NoValidationSetLeavesItsColumnsEmpty) {
  std::ostringstream curve;
  mtp::fit::TrainingMonitor monitor(nullptr, &curve, {}, {}, [] { return 0.0; });
  mtp::fit::TrainingProgress p;
  p.stage = "pre-training";
  p.max_iterations = 75;
  p.loss = 0.5;
  p.energy_rmse = p.force_rmse = std::nan("");
  monitor.on_progress(p);
  const auto rows = lines_of(curve.str());
  ASSERT_EQ(rows.size(), 2u);
  const auto f = fields(rows[1]);
  ASSERT_EQ(f.size(), 13u) << rows[1];
  EXPECT_EQ(f[0] + "," + f[1] + "," + f[2] + "," + f[4], "pre-training,1,0,0.5");
  for (std::size_t k = 5; k < f.size(); ++k) EXPECT_EQ(f[k], "") << k;
}

TEST(ParityTable, RowsHoldReferenceAndPredictedValues) {
  const mtp::Potential pot = mtp::test::stand_in_potential(1, 5);
  mtp::Configuration c = mtp::test::stand_in_configuration(4, 1, 70);
  const auto r = mtp::Evaluator(pot).compute(c);
  const auto rows = lines_of(mtp::fit::parity_csv_rows(pot, {c}, "valid"));
  ASSERT_EQ(rows.size(), 1u + 12u + 6u);  // energy, 4 x 3 force components, 6 stress components
  auto f = fields(rows[0]);
  EXPECT_EQ(f[0], "valid");
  EXPECT_EQ(f[1], "energy_per_atom");
  EXPECT_NEAR(std::stod(f[3]), *c.energy / 4.0, 1e-9 * std::abs(*c.energy));
  EXPECT_NEAR(std::stod(f[4]), r.energy / 4.0, 1e-9 * std::abs(r.energy));
  f = fields(rows[13]);
  EXPECT_EQ(f[1], "stress");
  const double stress = 160.2176487 * r.virial.m[0][0] / c.lattice.volume();
  EXPECT_NEAR(std::stod(f[4]), stress, 1e-9 * std::abs(stress));
  c.virial.reset();
  EXPECT_EQ(lines_of(mtp::fit::parity_csv_rows(pot, {c}, "train")).size(), 13u);
}

}  // namespace
