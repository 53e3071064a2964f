#pragma once
// Training a potential (docs/TRAINING.md) in this process, on one rank: MLIP-2's procedure with the same option
// table as `mlp train` (names, defaults, ranges, checks: `mlp help train`).
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "openmtp/stop_token.hpp"
#include "openmtp/types.hpp"
#include "mtp/core/log_sink.hpp"
#include "mtp/core/option_table.hpp"
#include "mtp/fit/trainer.hpp"

namespace openmtp {

using mtp::OptionSource;
using mtp::OptionTable;
using mtp::OptionValues;
using TrainingProgress = mtp::fit::TrainingProgress;
using mtp::LogSink;      // a function taking one log line
using mtp::stream_sink;  // a LogSink writing to a std::ostream

// The training options (a fresh set of values at their defaults: values.set(name, text, source) checks each).
const OptionTable& training_option_table();
OptionValues training_options();
// A settings file (TOML) that gives these values again (`mlp train --config`).
std::string training_settings_text(const OptionValues& values, const std::string& header);

struct TrainingCallbacks {
  LogSink log;                                                 // the training log, line by line; empty: quiet
  std::function<void(const TrainingProgress&)> progress;       // after each accepted iteration
  std::function<void(const Potential& current, int iteration)> each_iteration;
};

struct TrainingResult {
  Potential potential;       // the trained potential (the best so far when stopped)
  bool interrupted = false;  // a stop was requested and the run ended early
};

// Trains `start` on `configurations` (each needs an energy; forces and virial where present). Throws
// openmtp::Error for invalid options, std::invalid_argument for no configurations or one with a species type
// the potential lacks. `stop` ends the
// run cleanly after the current iteration once requested.
TrainingResult train(const Potential& start, const std::vector<Configuration>& configurations,
                     const OptionValues& options, const TrainingCallbacks& callbacks = {},
                     const StopToken& stop = {});

}  // namespace openmtp
