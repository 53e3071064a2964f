#include "mtp/learn/loop.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <random>

#include "mtp/core/error.hpp"
#include "mtp/core/parallel_for.hpp"
#include "mtp/io/almtp_file.hpp"
#include "mtp/learn/compute.hpp"
#include "mtp/learn/compute_progress.hpp"
#include "mtp/learn/explore.hpp"
#include "mtp/learn/origin_weights.hpp"
#include "mtp/learn/retrain.hpp"
#include "mtp/learn/select.hpp"
#include "mtp/learn/work_directory.hpp"

namespace mtp::learn {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string fmt(const char* f, double x) {
  char b[64];
  std::snprintf(b, sizeof b, f, x);
  return b;
}

// Copies r = 0 .. n-1 of a starting structure are scaled by factors evenly spaced over [1 - range, 1 + range].
double spread(int r, int n, double range) { return n > 1 ? 1.0 + range * (2.0 * r / double(n - 1) - 1.0) : 1.0; }

Configuration scaled(Configuration c, double factor) {
  if (c.lattice.periodic_dims != 3 || factor == 1.0) return c;
  c.lattice.rows *= factor;
  for (Vec3& p : c.positions) p *= factor;
  return c;
}

// "run_007": an exploration run's folder name, and with stem "start" the origin of a starting structure's copies.
std::string numbered(const char* stem, std::size_t k) {
  char name[48];
  std::snprintf(name, sizeof name, "%s_%03zu", stem, k);
  return name;
}

std::string run_folder(std::size_t k) { return "/" + numbered("run", k); }

class Loop {
 public:
  Loop(const LearnSettings& s, const oracle::Oracle& oracle, std::ostream* progress)
      : s_(s), oracle_(oracle), out_(progress), dir_(s.work_dir) {}

  LoopResult run();

 private:
  void say(const std::string& line) {
    if (out_) *out_ << line << std::endl;
  }
  void save_state(int iteration, const std::string& stage, bool converged) {
    save_text(dir_.path("state.json"), loop_state_json(iteration, stage, converged));
  }
  std::vector<Configuration> starting_structures() const;
  std::vector<Configuration> computed(const std::string& where, const std::vector<Configuration>& inputs,
                                      IterationSummary* summary, const std::string& label);
  void holdout(const std::vector<Configuration>& starts);
  IterationSummary initial(const std::vector<Configuration>& starts);
  IterationSummary iteration(int i, const std::vector<Configuration>& starts);
  // Runs `runs` in folder/run_KKK (resuming finished ones); with continue_from_last, MD run k starts where run k
  // of the iteration folder `continue_from` ended (empty: from the starting structures).
  std::vector<ExplorationResult> explore_runs(const LearnSettings& s, const active::ActiveSet& set,
                                              const std::string& pot, const std::vector<Configuration>& starts,
                                              const std::vector<ExplorationRun>& runs, const std::string& folder,
                                              const std::string& continue_from, std::size_t* continued);
  // Adds the runs' breaks and largest grade to `summary`; returns every collected configuration.
  static std::vector<Configuration> summarize(const std::vector<ExplorationResult>& results,
                                              IterationSummary& summary);
  void train_and_finish(int i, const Potential& previous, std::vector<Configuration> train, bool first,
                        IterationSummary& summary);
  // select.min_per_run: where each run ended (origin run_KKK) whose origin has fewer than min_per_run
  // configurations in `train` and `chosen` together; empty when min_per_run is 0.
  std::vector<Configuration> run_ends(const std::vector<ExplorationResult>& results,
                                      const std::vector<Configuration>& train,
                                      const std::vector<Configuration>& chosen) const;

  const LearnSettings& s_;
  const oracle::Oracle& oracle_;
  std::ostream* out_;
  WorkDirectory dir_;
  std::vector<Configuration> holdout_;
};

std::vector<Configuration> Loop::starting_structures() const {
  std::vector<Configuration> out;
  for (const std::string& f : s_.explore.structures) {
    auto more = load_configurations(f);
    if (more.empty()) throw Error(f, 0, "no configuration in a starting-structure file");
    for (Configuration& c : more) {
      c.clear_efs();
      c.features.clear();
      c.nbh_grades.clear();
      out.push_back(std::move(c));
    }
  }
  return out;
}

std::vector<Configuration> Loop::computed(const std::string& where, const std::vector<Configuration>& inputs,
                                          IterationSummary* summary, const std::string& label) {
  const auto t0 = Clock::now();
  std::function<void(std::size_t, std::size_t)> progress;
  if (out_) progress = oracle_progress_lines(*out_, label + "  oracle: ");
  const ComputeOutcome r = compute_all(oracle_, inputs, where, s_.oracle.parallel, progress);
  std::vector<Configuration> ok;
  for (const auto& c : r.results)
    if (c) ok.push_back(*c);
  std::string line = label + "compute: " + std::to_string(ok.size()) + " of " + std::to_string(inputs.size()) +
                     " computed by " + oracle_.name() + " (" + std::to_string(r.calls) + " calls, " +
                     fmt("%.1f s of oracle time", r.seconds);
  if (r.reused) line += ", " + std::to_string(r.reused) + " from an earlier run";
  line += ", " + fmt("%.1f s)", since(t0));
  say(line);
  for (const std::string& f : r.failures) say("  failed and skipped: " + f);
  if (summary) {
    summary->computed = ok.size();
    summary->failed = r.failures.size();
    summary->oracle_calls = r.calls + r.reused;
    // Oracle time of results found on disk is read back too, so a resumed iteration reports its true cost.
    double seconds = 0;
    for (std::size_t k = 0; k < inputs.size(); ++k) {
      char name[64];
      std::snprintf(name, sizeof name, "/calc_%04zu/seconds.txt", k);
      if (exists(where + name)) seconds += std::atof(load_text(where + name).c_str());
    }
    summary->oracle_seconds = seconds;
  }
  return ok;
}

void Loop::holdout(const std::vector<Configuration>& starts) {
  const std::string path = dir_.path("holdout/holdout.cfg");
  if (!exists(path)) {
    std::vector<Configuration> inputs;
    if (!s_.holdout.file.empty()) {
      for (Configuration& c : load_configurations(s_.holdout.file)) inputs.push_back(std::move(c));
    } else {
      for (std::size_t k = 0; k < starts.size(); ++k)
        for (int r = 0; r < s_.holdout.rattle; ++r)
          inputs.push_back(rattle(starts[k], s_.holdout.rattle_amplitude, s_.holdout.strain_amplitude,
                                  s_.seed * 7919ULL + 100000ULL + k * 1000ULL + std::size_t(r)));
    }
    std::vector<Configuration> with_values, without;
    for (Configuration& c : inputs) (c.has_energy() && c.has_forces() ? with_values : without).push_back(c);
    if (!without.empty()) {
      std::vector<Configuration> done = computed(dir_.path("holdout/compute"), without, nullptr, "hold-out ");
      with_values.insert(with_values.end(), done.begin(), done.end());
    }
    save_configurations(path, with_values);
  }
  holdout_ = load_configurations(path);
}

void Loop::train_and_finish(int i, const Potential& previous, std::vector<Configuration> train, bool first,
                            IterationSummary& summary) {
  const std::string it = dir_.iteration(i);
  const std::string pot = it + "/train/potential.almtp";
  const auto t0 = Clock::now();
  if (!exists(pot)) {
    save_configurations(it + "/train/train.cfg", train);
    train = load_configurations(it + "/train/train.cfg");  // as a resumed run would see it
    save_state(i, "train", false);
    std::ofstream log(it + "/train/log.txt");
    const Potential trained = retrain(s_, previous, train, first, &log);
    const active::ActiveSet set = build_active_set(s_, trained, train);
    io::save_almtp(pot, set);
  }
  summary.train_seconds = since(t0);
  const Potential trained = io::load_almtp(pot).potential;
  summary.training_set = train.size();
  summary.train = fit_errors(trained, train);
  summary.holdout = fit_errors(trained, holdout_);
  write_parity(it + "/parity.csv", trained, holdout_);
  say("[iter " + std::to_string(i) + "] train: " + std::to_string(train.size()) + " configurations, " +
      fmt("energy RMSE %.2f meV/atom", 1e3 * summary.train.energy_rmse) +
      fmt(", force component RMSE %.1f meV/A", 1e3 * summary.train.force_component_rmse) + "; hold-out " +
      fmt("energy MAE %.2f meV/atom", 1e3 * summary.holdout.energy_mae) +
      fmt(", force component MAE %.1f meV/A", 1e3 * summary.holdout.force_component_mae) +
      fmt(" (%.1f s)", summary.train_seconds));
}

IterationSummary Loop::initial(const std::vector<Configuration>& starts) {
  IterationSummary summary;
  const std::string it = dir_.iteration(0);
  std::vector<Configuration> train;
  std::vector<Configuration> inputs;
  if (!s_.train.initial_set.empty()) {
    for (Configuration& c : load_configurations(s_.train.initial_set)) {
      mark_origin(c, "initial");
      (c.has_energy() && c.has_forces() ? train : inputs).push_back(c);
    }
  } else {
    const int copies = s_.train.initial_rattle >= 0
                           ? s_.train.initial_rattle
                           : starting_copies(starting_potential(s_).parameter_count(), starts, s_.select.mode);
    for (std::size_t k = 0; k < starts.size(); ++k)
      for (int r = 0; r < copies; ++r) {
        const double scale = spread(r, copies, s_.train.volume_range);
        inputs.push_back(rattle(scaled(starts[k], scale), s_.train.rattle_amplitude, s_.train.strain_amplitude,
                                s_.seed * 7919ULL + k * 1000ULL + std::size_t(r)));
        mark_origin(inputs.back(), numbered("start", k));
      }
  }
  if (!exists(it + "/select/selected.cfg")) save_configurations(it + "/select/selected.cfg", inputs);
  inputs = load_configurations(it + "/select/selected.cfg");
  summary.selected = inputs.size();
  save_state(0, "compute", false);
  std::vector<Configuration> done = computed(it + "/compute", inputs, &summary, "[iter 0] ");
  train.insert(train.end(), done.begin(), done.end());
  train_and_finish(0, starting_potential(s_), train, s_.potential.start.empty(), summary);
  return summary;
}

std::vector<ExplorationResult> Loop::explore_runs(const LearnSettings& s, const active::ActiveSet& set,
                                                  const std::string& pot, const std::vector<Configuration>& starts,
                                                  const std::vector<ExplorationRun>& runs, const std::string& folder,
                                                  const std::string& continue_from, std::size_t* continued) {
  std::vector<ExplorationResult> results(runs.size());
  std::atomic<std::size_t> from_last{0};
  // MPI LAMMPS runs use their own ranks; in-process runs share the threads.
  const int threads = s.explore.engine == ExploreEngine::Lammps ? 1 : std::max(1, s.threads);
  parallel_for(runs.size(), threads, [&](std::size_t k, std::size_t) {
    const std::string rd = folder + run_folder(k);
    ExplorationResult r;
    if (exists(rd + "/done.json")) {
      r.collected = load_configurations(rd + "/collected.cfg");
      const IterationSummary d = parse_summary(load_text(rd + "/done.json"), rd + "/done.json");
      r.max_grade = d.max_grade;
      r.broke = d.breaks > 0;
      if (exists(rd + "/final.cfg")) r.last = load_configurations(rd + "/final.cfg").at(0);
    } else {
      Configuration start = starts[runs[k].structure];
      if (runs[k].relaxation) {
        start = rattle(start, s.train.rattle_amplitude, 0.0, runs[k].seed);
      } else if (s.explore.continue_from_last && !continue_from.empty()) {
        // Where the same run ended before: in `continue_from`'s confirmation when it has one, else its
        // exploration (a run that found nothing to continue from starts anew).
        for (const char* sub : {"/confirm", "/explore"}) {
          const std::string last_path = continue_from + sub + run_folder(k) + "/final.cfg";
          if (continue_from + sub == folder || !exists(last_path)) continue;
          const std::vector<Configuration> last = load_configurations(last_path);
          if (last.size() == 1) {
            start = last[0];
            ++from_last;
            break;
          }
        }
      }
      r = explore(s, set, pot, start, runs[k], rd);
      // Written before done.json, so a resumed iteration finds it wherever a finished run has one.
      if (r.last) {
        save_configurations(rd + "/final.cfg", {*r.last});
        r.last = load_configurations(rd + "/final.cfg").at(0);  // as a resumed run would see it
      }
      save_configurations(rd + "/collected.cfg", r.collected);
      r.collected = load_configurations(rd + "/collected.cfg");  // as a resumed run would see them
      IterationSummary d;
      d.max_grade = r.max_grade;
      d.breaks = r.broke ? 1 : 0;
      d.collected = r.collected.size();
      save_text(rd + "/done.json", summary_json(d));
    }
    for (Configuration& c : r.collected) mark_origin(c, numbered("run", k));
    results[k] = std::move(r);
  });
  if (continued) *continued = from_last.load();
  return results;
}

std::vector<Configuration> Loop::summarize(const std::vector<ExplorationResult>& results, IterationSummary& summary) {
  std::vector<Configuration> collected;
  for (const ExplorationResult& r : results) {
    summary.max_grade = std::max(summary.max_grade, r.max_grade);
    summary.breaks += r.broke ? 1 : 0;
    collected.insert(collected.end(), r.collected.begin(), r.collected.end());
  }
  summary.collected = collected.size();
  return collected;
}

std::vector<Configuration> Loop::run_ends(const std::vector<ExplorationResult>& results,
                                          const std::vector<Configuration>& train,
                                          const std::vector<Configuration>& chosen) const {
  std::vector<Configuration> ends;
  if (s_.select.min_per_run <= 0) return ends;
  std::map<std::string, std::size_t> held = count_by_origin(train);
  for (const auto& [origin, n] : count_by_origin(chosen)) held[origin] += n;
  for (std::size_t k = 0; k < results.size(); ++k) {
    const std::string origin = numbered("run", k);
    if (!results[k].last || held[origin] >= std::size_t(s_.select.min_per_run)) continue;
    Configuration c = *results[k].last;
    c.clear_efs();
    c.features.clear();
    mark_origin(c, origin);
    ends.push_back(std::move(c));
  }
  return ends;
}

IterationSummary Loop::iteration(int i, const std::vector<Configuration>& starts) {
  IterationSummary summary;
  summary.iteration = i;
  const std::string it = dir_.iteration(i), prev = dir_.iteration(i - 1);
  const std::string prev_pot = prev + "/train/potential.almtp";
  const std::string label = "[iter " + std::to_string(i) + "] ";
  io::AlmtpContents contents = io::load_almtp(prev_pot);
  if (!contents.active_set) throw Error(prev_pot, 0, "no active set in the potential");
  const active::ActiveSet& set = *contents.active_set;

  // Explore: every run in its own folder, marked done when its collected configurations are stored.
  const std::vector<ExplorationRun> runs = plan_exploration(s_, starts.size(), i);
  save_state(i, "explore", false);
  const auto t0 = Clock::now();
  std::size_t continued = 0;
  std::vector<ExplorationResult> results =
      explore_runs(s_, set, prev_pot, starts, runs, it + "/explore", i > 1 ? prev : "", &continued);
  std::vector<Configuration> collected = summarize(results, summary);
  summary.runs = runs.size();
  summary.explore_seconds = since(t0);
  say(label + "explore: " + std::to_string(runs.size()) + " runs" +
      (continued ? " (" + std::to_string(continued) + " continued from the last iteration)" : std::string()) +
      ", " + std::to_string(summary.breaks) +
      " stopped at the break threshold, " + std::to_string(collected.size()) + " configurations above " +
      fmt("%g", s_.explore.threshold_save) + fmt(", largest grade %.3g", summary.max_grade) +
      fmt(" (%.1f s)", summary.explore_seconds));

  // The stopping rule: with confirm_steps, a clean exploration is repeated with longer MD (continuing where its
  // runs ended, when continue_from_last), and only a clean confirmation counts as convergence.
  if (collected.empty() && s_.explore.confirm_steps > s_.explore.steps) {
    LearnSettings longer = s_;
    longer.explore.steps = s_.explore.confirm_steps;
    longer.explore.relax = false;
    std::vector<ExplorationRun> confirm = plan_exploration(longer, starts.size(), i);
    for (ExplorationRun& r : confirm) r.seed += 7777777ULL;  // other trajectories than the runs just done
    const auto t1 = Clock::now();
    IterationSummary c;
    results = explore_runs(longer, set, prev_pot, starts, confirm, it + "/confirm", it, nullptr);
    collected = summarize(results, c);
    summary.runs += confirm.size();
    summary.breaks += c.breaks;
    summary.max_grade = std::max(summary.max_grade, c.max_grade);
    summary.collected = collected.size();
    summary.explore_seconds += since(t1);
    say(label + "confirm: " + std::to_string(confirm.size()) + " runs of " + std::to_string(longer.explore.steps) +
        " steps, " + std::to_string(c.breaks) + " stopped at the break threshold, " +
        std::to_string(collected.size()) + " configurations above " + fmt("%g", s_.explore.threshold_save) +
        fmt(", largest grade %.3g", c.max_grade) + fmt(" (%.1f s)", since(t1)));
  }

  if (collected.empty()) {
    summary.converged = true;
    const std::vector<Configuration> previous = load_configurations(prev + "/train/train.cfg");
    summary.training_set = previous.size();
    summary.train = fit_errors(contents.potential, previous);
    summary.holdout = fit_errors(contents.potential, holdout_);
    return summary;
  }

  // Select, then top up the runs the training set holds too few configurations of.
  std::vector<Configuration> train = load_configurations(prev + "/train/train.cfg");
  const std::string selected_path = it + "/select/selected.cfg";
  if (!exists(selected_path)) {
    save_state(i, "select", false);
    std::vector<Configuration> chosen = select_for_oracle(s_, set, collected);
    const std::size_t by_grade = chosen.size();
    const std::vector<Configuration> ends = run_ends(results, train, chosen);
    chosen.insert(chosen.end(), ends.begin(), ends.end());
    save_text(it + "/select/by_grade.txt", std::to_string(by_grade) + "\n");
    save_configurations(selected_path, chosen);  // last: its presence marks the selection done
  }
  const std::vector<Configuration> selected = load_configurations(selected_path);
  // (A work directory of a version without min_per_run has no by_grade.txt: all were selected by grade.)
  const std::size_t by_grade = exists(it + "/select/by_grade.txt")
                                   ? std::size_t(std::atol(load_text(it + "/select/by_grade.txt").c_str()))
                                   : selected.size();
  summary.selected = selected.size();
  say(label + "select: " + std::to_string(by_grade) + " of " + std::to_string(collected.size()) +
      " collected configurations enlarge the active set (limit " + std::to_string(s_.select.limit) + ")" +
      (selected.size() > by_grade ? ", and where " + std::to_string(selected.size() - by_grade) +
                                        (selected.size() - by_grade == 1 ? " run" : " runs") + " with fewer than " +
                                        std::to_string(s_.select.min_per_run) + " training configurations ended"
                                  : std::string()));

  // Compute.
  save_state(i, "compute", false);
  std::vector<Configuration> fresh = computed(it + "/compute", selected, &summary, label);

  // Retrain on the grown set: the previous set plus exactly the computed selection.
  train.insert(train.end(), fresh.begin(), fresh.end());
  train_and_finish(i, contents.potential, std::move(train), false, summary);
  return summary;
}

LoopResult Loop::run() {
  const std::vector<Configuration> starts = starting_structures();
  say("active learning in " + dir_.root() + " with the " + oracle_.name() + " oracle: " +
      std::to_string(starts.size()) + " starting structures, at most " + std::to_string(s_.max_iterations) +
      " iterations");
  holdout(starts);
  say("hold-out set: " + std::to_string(holdout_.size()) + " configurations");

  LoopResult result;
  std::vector<IterationSummary>& rows = result.summaries;
  auto finish_iteration = [&](const IterationSummary& summary) {
    save_text(dir_.iteration(summary.iteration) + "/summary.json", summary_json(summary));
    rows.push_back(summary);
    write_report(dir_.path("report.csv"), dir_.path("report.json"), rows);
    say("[iter " + std::to_string(summary.iteration) + "] " + make_plots(s_, dir_.root()));
  };
  auto resume = [&](int i) -> bool {
    const std::string p = dir_.iteration(i) + "/summary.json";
    if (!exists(p)) return false;
    rows.push_back(parse_summary(load_text(p), p));
    say("[iter " + std::to_string(i) + "] done in an earlier run");
    return true;
  };

  if (!resume(0)) finish_iteration(initial(starts));
  int last_trained = 0;
  for (int i = 1; i <= s_.max_iterations; ++i) {
    if (!resume(i)) finish_iteration(iteration(i, starts));
    result.iterations = i;
    if (rows.back().converged) {
      result.converged = true;
      break;
    }
    last_trained = i;
  }
  result.potential = dir_.iteration(last_trained) + "/train/potential.almtp";
  result.training_set = dir_.iteration(last_trained) + "/train/train.cfg";
  fs::copy_file(result.potential, dir_.path("final.almtp.tmp"), fs::copy_options::overwrite_existing);
  fs::rename(dir_.path("final.almtp.tmp"), dir_.path("final.almtp"));
  result.potential = dir_.path("final.almtp");
  result.report = dir_.path("report.csv");
  result.plots = make_plots(s_, dir_.root());
  save_state(result.iterations, result.converged ? "converged" : "iteration limit", result.converged);
  say(result.converged ? "converged: the last exploration found nothing above the save threshold"
                       : "stopped at the iteration limit without convergence");
  return result;
}

}  // namespace

int starting_copies(std::size_t parameters, const std::vector<Configuration>& starts, SelectMode mode) {
  if (starts.empty()) return 0;
  if (mode == SelectMode::Configuration)  // one active-set row per configuration
    return int((parameters + starts.size() - 1) / starts.size());
  // One row per atom: a few copies fill the set; three at least, so that the set spans volumes.
  std::size_t atoms = 0;
  for (const Configuration& c : starts) atoms += c.size();
  return std::max(3, int((parameters + atoms - 1) / std::max<std::size_t>(atoms, 1)));
}

Configuration rattle(const Configuration& cfg, double a, double e, unsigned long long seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  Configuration c = cfg;
  c.clear_efs();
  if (e > 0 && c.lattice.periodic_dims == 3) {
    Mat3 strain = Mat3::identity();
    for (int i = 0; i < 3; ++i)
      for (int j = i; j < 3; ++j) {
        const double x = e * u(rng);
        strain(i, j) += x;
        if (i != j) strain(j, i) += x;
      }
    c.lattice.rows = c.lattice.rows * strain;
    for (Vec3& p : c.positions) p = p * strain;
  }
  for (Vec3& p : c.positions) p += Vec3{a * u(rng), a * u(rng), a * u(rng)};
  return c;
}

LoopResult run_active_learning(const LearnSettings& settings, const oracle::Oracle& oracle, std::ostream* progress) {
  return Loop(settings, oracle, progress).run();
}

}  // namespace mtp::learn
