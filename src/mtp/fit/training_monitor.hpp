#pragma once
#include <ctime>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "mtp/core/log_sink.hpp"
#include "mtp/core/configuration.hpp"
#include "mtp/fit/error_report.hpp"
#include "mtp/fit/trainer.hpp"

namespace mtp::fit {

// Feedback of a training run in files, for runs without a terminal (nohup, batch jobs): a log line every
// `log_every_seconds` with the iteration, the loss, the training and validation RMSE and the time left, and a
// learning-curve CSV row every `curve_every` iterations. Fed by TrainerCallbacks::progress on rank 0.
struct MonitorOptions {
  double log_every_seconds = 60.0;  // 0: a line after every iteration
  int curve_every = 10;             // iterations between learning-curve rows (the first and last always written)
  int threads = 1;                  // for the validation errors
};

class TrainingMonitor {
 public:
  // `log` may be empty and `curve` null (nothing written there). `validation` may be empty (no validation columns
  // are filled). `clock` gives seconds (tests pass their own); default: a steady clock.
  TrainingMonitor(LogSink log, std::ostream* curve, std::vector<Configuration> validation, MonitorOptions options,
                  std::function<double()> clock = {});

  // After every accepted iteration.
  void on_progress(const TrainingProgress& progress);
  // Writes the last iteration's row and line if they were skipped (call when a stage ends: TrainerCallbacks::stage_end).
  void flush_stage();

  // The header of the learning-curve CSV (written by the constructor when `curve` is set).
  static const char* curve_header();
  // One log line, e.g. "training iter 412/1000  loss 0.0417  train E 4.12 meV/atom F 175 meV/A
  // valid E 5.01 meV/atom F 190 meV/A  8m40s, at most 12m22s left" (validation part only with a validation set).
  static std::string log_line(const TrainingProgress& progress, const ErrorReport* validation, double stage_seconds);

 private:
  void write(const TrainingProgress& progress, bool line, bool row);
  LogSink log_;
  std::ostream* curve_;
  std::vector<Configuration> validation_;
  MonitorOptions options_;
  std::function<double()> clock_;
  double start_ = 0.0, stage_start_ = 0.0, last_line_ = -1e300;
  std::clock_t cpu_start_ = 0;  // the process's CPU time (all threads) at the start
  std::string stage_;
  // The latest iteration seen and whether its line and row were written.
  TrainingProgress last_;
  Potential last_potential_;
  bool last_line_written_ = true, last_row_written_ = true;
};

// Error statistics (MLIP-2's measures, fit/error_report) of a potential on configurations held in memory.
ErrorReport evaluate_errors(const Potential& potential, const std::vector<Configuration>& cfgs, int threads = 1);

}  // namespace mtp::fit
