// The training progress line: iteration, loss, errors, elapsed time and the estimate of what is left.
#include "mtp/fit/progress_line.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace {

using mtp::fit::TrainingProgress;

TEST(ProgressLine, FormatsDurations) {
  EXPECT_EQ(mtp::fit::format_duration(0.4), "0s");
  EXPECT_EQ(mtp::fit::format_duration(59.4), "59s");
  EXPECT_EQ(mtp::fit::format_duration(245), "4m05s");
  EXPECT_EQ(mtp::fit::format_duration(7620), "2h07m");
  EXPECT_EQ(mtp::fit::format_duration(-3), "0s");
}

TEST(ProgressLine, SaysIterationLossErrorsAndTimeLeft) {
  TrainingProgress p;
  p.stage = "training";
  p.iteration = 99;  // the 100th iteration
  p.max_iterations = 1000;
  p.loss = 0.0412;
  p.energy_rmse = 0.0031;
  p.force_rmse = 0.121;
  // 100 iterations in 50 s: 900 more at most 450 s.
  EXPECT_EQ(mtp::fit::progress_line(p, 50.0), "training 100/1000  f 0.0412  E 3.1 meV/atom  F 0.121 eV/A  50s, at most 7m30s left");
}

TEST(ProgressLine, LeavesOutWhatIsUnknown) {
  TrainingProgress p;
  p.stage = "pre-training";
  p.iteration = 74;
  p.max_iterations = 75;
  p.loss = 1.5;
  p.energy_rmse = std::numeric_limits<double>::quiet_NaN();
  p.force_rmse = 0.5;
  EXPECT_EQ(mtp::fit::progress_line(p, 3725.0), "pre-training 75/75  f 1.5  F 0.5 eV/A  1h02m");
}

}  // namespace
