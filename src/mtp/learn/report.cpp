#include "mtp/learn/report.hpp"

#include <cstdio>
#include <limits>
#include <stdexcept>
#include <filesystem>
#include <map>
#include <sstream>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "mtp/core/error.hpp"
#include "mtp/io/bundled_script.hpp"
#include "mtp/learn/work_directory.hpp"
#include "mtp/model/evaluator.hpp"

namespace mtp::learn {
namespace {

namespace fs = std::filesystem;

// The summary's fields in one place, so CSV, JSON and parsing cannot disagree.
template <class Visit>
void fields(IterationSummary& s, Visit&& v) {
  v("iteration", s.iteration);
  v("training_set", s.training_set);
  v("runs", s.runs);
  v("breaks", s.breaks);
  v("collected", s.collected);
  v("selected", s.selected);
  v("computed", s.computed);
  v("failed", s.failed);
  v("max_grade", s.max_grade);
  v("oracle_calls", s.oracle_calls);
  v("oracle_seconds", s.oracle_seconds);
  v("explore_seconds", s.explore_seconds);
  v("train_seconds", s.train_seconds);
  v("converged", s.converged);
  v("train_energy_rmse", s.train.energy_rmse);
  v("train_force_component_rmse", s.train.force_component_rmse);
  v("holdout_energy_mae", s.holdout.energy_mae);
  v("holdout_energy_max", s.holdout.energy_max);
  v("holdout_force_component_mae", s.holdout.force_component_mae);
  v("holdout_force_component_max", s.holdout.force_component_max);
  v("holdout_energy_rmse", s.holdout.energy_rmse);
  v("holdout_force_component_rmse", s.holdout.force_component_rmse);
}

std::string text_of(double x) {
  char b[40];
  std::snprintf(b, sizeof b, "%.9g", x);
  return b;
}
std::string text_of(int x) { return std::to_string(x); }
std::string text_of(std::size_t x) { return std::to_string(x); }
std::string text_of(bool x) { return x ? "true" : "false"; }

using Json = nlohmann::ordered_json;

Json json_of(const IterationSummary& summary) {
  IterationSummary s = summary;
  Json j = Json::object();
  fields(s, [&](const char* key, auto& value) { j[key] = value; });
  return j;
}

// One field of a summary read back, its JSON type checked (NaN is written as null).
void read_field(const Json& j, double& x) {
  if (j.is_null()) x = std::numeric_limits<double>::quiet_NaN();
  else if (j.is_number()) x = j.get<double>();
  else throw std::invalid_argument("a number");
}
void read_field(const Json& j, int& x) {
  if (!j.is_number_integer()) throw std::invalid_argument("an integer");
  x = j.get<int>();
}
void read_field(const Json& j, std::size_t& x) {
  if (!j.is_number_unsigned()) throw std::invalid_argument("a count (an integer of at least 0)");
  x = j.get<std::size_t>();
}
void read_field(const Json& j, bool& x) {
  if (!j.is_boolean()) throw std::invalid_argument("true or false");
  x = j.get<bool>();
}

}  // namespace

std::string summary_json(const IterationSummary& summary) { return json_of(summary).dump(2) + "\n"; }

IterationSummary parse_summary(const std::string& text, const std::string& name) {
  Json j;
  try {
    j = Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw Error(name, 0, std::string("not valid JSON: ") + e.what());
  }
  if (!j.is_object()) throw Error(name, 0, "expected a JSON object of an iteration's numbers");
  IterationSummary s;
  fields(s, [&](const char* key, auto& value) {
    const auto it = j.find(key);
    if (it == j.end()) throw Error(name, 0, std::string("missing ") + key);
    try {
      read_field(*it, value);
    } catch (const std::invalid_argument& expected) {
      throw Error(name, 0, std::string(key) + ": expected " + expected.what() + ", found " + it->dump());
    }
  });
  return s;
}

std::string loop_state_json(int iteration, const std::string& stage, bool converged) {
  return Json{{"iteration", iteration}, {"stage", stage}, {"converged", converged}}.dump() + "\n";
}

void write_report(const std::string& csv_path, const std::string& json_path, const std::vector<IterationSummary>& rows) {
  std::ostringstream csv;
  IterationSummary header;
  bool first = true;
  fields(header, [&](const char* key, auto&) { csv << (first ? "" : ",") << key; first = false; });
  csv << "\n";
  Json json = Json::array();
  for (const IterationSummary& row : rows) {
    IterationSummary s = row;
    first = true;
    fields(s, [&](const char*, auto& value) {
      csv << (first ? "" : ",") << text_of(value);
      first = false;
    });
    csv << "\n";
    json.push_back(json_of(row));
  }
  save_text(csv_path, csv.str());
  save_text(json_path, json.dump(2) + "\n");
}

void write_parity(const std::string& path, const Potential& potential, const std::vector<Configuration>& holdout) {
  Evaluator ev(potential);
  std::ostringstream out;
  out << "kind,configuration,atom,component,oracle,predicted\n";
  for (std::size_t c = 0; c < holdout.size(); ++c) {
    const Configuration& ref = holdout[c];
    if (!ref.has_energy() || ref.size() == 0) continue;
    const EfsResults r = ev.compute(ref);
    const double n = double(ref.size());
    out << "energy_per_atom," << c << ",-1,-1," << text_of(*ref.energy / n) << "," << text_of(r.energy / n) << "\n";
    if (ref.has_forces())
      for (std::size_t i = 0; i < ref.size(); ++i)
        for (int k = 0; k < 3; ++k)
          out << "force," << c << "," << i << "," << k << "," << text_of(ref.forces[i][k]) << ","
              << text_of(r.forces[i][k]) << "\n";
  }
  save_text(path, out.str());
}

std::string make_plots(const LearnSettings& s, const std::string& work_dir) {
  if (!s.report.plots) return "plots: off (report.plots = false)";
  std::string script = s.report.plot_script;
  // The source tree's script, found from the executable (build/bin/mlp -> scripts/al_plots.py).
  if (script.empty()) script = io::find_bundled_script("scripts/al_plots.py");
  if (script.empty() || !fs::exists(script))
    return "plots skipped: no plotting script (set report.plot_script to scripts/al_plots.py)";
  if (access(s.report.python.c_str(), X_OK) != 0) return "plots skipped: " + s.report.python + " not found";
  const std::string log = work_dir + "/plots/plot.log";
  fs::create_directories(work_dir + "/plots");
  const std::string cmd = "'" + s.report.python + "' '" + script + "' '" + work_dir + "' > '" + log + "' 2>&1";
  if (std::system(cmd.c_str()) != 0) return "plots skipped: the plotting script failed (see " + log + ")";
  return "plots: " + work_dir + "/plots";
}

}  // namespace mtp::learn
