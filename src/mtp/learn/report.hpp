#pragma once
#include <iosfwd>
#include <string>
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/learn/retrain.hpp"
#include "mtp/learn/settings.hpp"
#include "mtp/model/potential.hpp"

namespace mtp::learn {

// The numbers of one iteration (iteration 0: the starting training set).
struct IterationSummary {
  int iteration = 0;
  std::size_t training_set = 0;  // after this iteration's training
  std::size_t runs = 0, breaks = 0;
  std::size_t collected = 0, selected = 0, computed = 0, failed = 0;
  double max_grade = 0.0;        // over this iteration's exploration
  std::size_t oracle_calls = 0;
  double oracle_seconds = 0.0;
  double explore_seconds = 0.0, train_seconds = 0.0;
  bool converged = false;        // the exploration found nothing above the save threshold
  FitErrors train, holdout;
};

// A JSON object of the numbers (done.json, summary.json; nlohmann_json, doubles exact, NaN as null); read back
// on resume. parse_summary throws mtp::Error naming `name` for invalid JSON, a missing key or a wrong type.
std::string summary_json(const IterationSummary& s);
IterationSummary parse_summary(const std::string& text, const std::string& name);

// state.json: the iteration and stage in progress, and whether the loop has converged.
std::string loop_state_json(int iteration, const std::string& stage, bool converged);

// report.csv and report.json over all iterations, written atomically.
void write_report(const std::string& csv_path, const std::string& json_path, const std::vector<IterationSummary>& rows);

// Per-atom energies and force components of the hold-out set, oracle against potential (parity plots).
void write_parity(const std::string& path, const Potential& potential, const std::vector<Configuration>& holdout);

// Runs the plotting script (report.csv, parity.csv -> plots/*.png). Returns a line saying what it made or why
// plots were skipped; never throws.
std::string make_plots(const LearnSettings& s, const std::string& work_dir);

}  // namespace mtp::learn
