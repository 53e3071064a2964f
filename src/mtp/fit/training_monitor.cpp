#include "mtp/fit/training_monitor.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>
#include <ostream>

#include "mtp/fit/progress_line.hpp"
#include "mtp/model/batch_evaluation.hpp"
#include "mtp/model/evaluator.hpp"

namespace mtp::fit {

namespace {

double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// A number for the CSV: full precision, empty where there is none (NaN).
std::string csv_number(double x) {
  if (!std::isfinite(x)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", x);
  return buf;
}

double nan() { return std::numeric_limits<double>::quiet_NaN(); }

}  // namespace

ErrorReport evaluate_errors(const Potential& potential, const std::vector<Configuration>& cfgs, int threads) {
  const Evaluator evaluator(potential);
  const std::vector<EfsResults> results = evaluate_batch(evaluator, cfgs, std::max(1, threads), 1);
  ErrorReport report;
  for (std::size_t k = 0; k < cfgs.size(); ++k) {  // in input order, so the sums do not depend on threads
    Configuration computed = cfgs[k];
    store_efs(computed, results[k]);
    report.add(cfgs[k], computed);
  }
  return report;
}

TrainingMonitor::TrainingMonitor(LogSink log, std::ostream* curve, std::vector<Configuration> validation,
                                 MonitorOptions options, std::function<double()> clock)
    : log_(std::move(log)), curve_(curve), validation_(std::move(validation)), options_(options), clock_(std::move(clock)) {
  if (!clock_) clock_ = steady_seconds;
  start_ = stage_start_ = clock_();
  cpu_start_ = std::clock();
  if (curve_) *curve_ << curve_header() << "\n" << std::flush;
}

// RMSE columns are per component (|dF_i|^2 is the sum of its components' squares); the "mlip2_average" columns
// are MLIP-2's "Average absolute difference" (vector norms of the differences divided by 3, or 9 for stresses),
// which is not the per-component MAE of the mlearn paper and of the active-learning loop, hence the name.
const char* TrainingMonitor::curve_header() {
  return "stage,iteration,seconds,cpu_seconds,loss,train_energy_rmse_meV_per_atom,train_force_rmse_meV_per_A,"
         "valid_energy_rmse_meV_per_atom,valid_energy_mae_meV_per_atom,valid_force_rmse_meV_per_A,"
         "valid_force_mlip2_average_meV_per_A,valid_stress_rmse_GPa,valid_stress_mlip2_average_GPa";
}

std::string TrainingMonitor::log_line(const TrainingProgress& p, const ErrorReport* validation, double stage_seconds) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "%s iter %d/%d  loss %.6g", p.stage.c_str(), p.iteration + 1, p.max_iterations, p.loss);
  std::string line = buf;
  auto errors = [&](const char* set, double e_rmse, double f_rmse) {
    std::string part = std::string("  ") + set;
    if (std::isfinite(e_rmse)) {
      std::snprintf(buf, sizeof buf, " E %.3g meV/atom", 1e3 * e_rmse);
      part += buf;
    }
    if (std::isfinite(f_rmse)) {
      std::snprintf(buf, sizeof buf, " F %.3g meV/A", 1e3 * f_rmse);
      part += buf;
    }
    if (part.size() > 2 + std::string(set).size()) line += part;
  };
  errors("train", p.energy_rmse, p.force_rmse);
  if (validation)
    errors("valid", validation->energy_per_atom().count ? validation->energy_per_atom().rms(1) : nan(),
           validation->forces().count ? validation->forces().rms(3) : nan());
  line += "  " + format_duration(stage_seconds);
  const int done = p.iteration + 1;
  if (p.max_iterations > done && stage_seconds > 0.5)
    line += ", at most " + format_duration(stage_seconds / done * (p.max_iterations - done)) + " left";
  return line;
}

void TrainingMonitor::on_progress(const TrainingProgress& p) {
  const double now = clock_();
  if (p.stage != stage_) {
    flush_stage();
    stage_ = p.stage;
    stage_start_ = now;
  }
  const bool line = log_ && (p.iteration == 0 || now - last_line_ >= options_.log_every_seconds);
  const bool row = curve_ && (p.iteration == 0 || (options_.curve_every > 0 && (p.iteration + 1) % options_.curve_every == 0));
  last_ = p;
  if (p.potential) last_potential_ = *p.potential;
  last_.potential = p.potential ? &last_potential_ : nullptr;
  last_line_written_ = !log_ || line;
  last_row_written_ = !curve_ || row;
  if (line || row) write(last_, line, row);
  if (line) last_line_ = now;
}

void TrainingMonitor::flush_stage() {
  if (stage_.empty() || (last_line_written_ && last_row_written_)) return;
  write(last_, !last_line_written_, !last_row_written_);
  last_line_written_ = last_row_written_ = true;
  last_line_ = clock_();
}

void TrainingMonitor::write(const TrainingProgress& p, bool line, bool row) {
  const double now = clock_();
  ErrorReport valid;
  const bool have_valid = !validation_.empty() && p.potential;
  if (have_valid) valid = evaluate_errors(*p.potential, validation_, options_.threads);
  if (line) log_(log_line(p, have_valid ? &valid : nullptr, now - stage_start_));
  if (row) {
    auto stat = [&](const ErrorStatistic& s, int components, double unit, bool rms) {
      if (!have_valid || s.count == 0) return std::string();
      return csv_number(unit * (rms ? s.rms(components) : s.average(components)));
    };
    *curve_ << p.stage << "," << p.iteration + 1 << "," << csv_number(now - start_) << ","
            << csv_number(double(std::clock() - cpu_start_) / CLOCKS_PER_SEC) << "," << csv_number(p.loss) << ","
            << csv_number(1e3 * p.energy_rmse) << "," << csv_number(1e3 * p.force_rmse) << ","
            << stat(valid.energy_per_atom(), 1, 1e3, true) << "," << stat(valid.energy_per_atom(), 1, 1e3, false) << ","
            << stat(valid.forces(), 3, 1e3, true) << "," << stat(valid.forces(), 3, 1e3, false) << ","
            << stat(valid.stresses_gpa(), 9, 1.0, true) << "," << stat(valid.stresses_gpa(), 9, 1.0, false) << "\n"
            << std::flush;
  }
}

}  // namespace mtp::fit
