// `mlp train pot.mtp train.cfg`: MLIP-2's passive training (spec 1, 3.4, 3.5) with MLIP-3's option spellings,
// deterministic by default (--seed), threads, MPI ranks, checkpoints and clean stops.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>

#include "mtp/active/training_selection.hpp"
#include "mtp/cli/command.hpp"
#include "mtp/cli/log_destination.hpp"
#include "mtp/core/error.hpp"
#include "mtp/core/option_table.hpp"
#include "mtp/core/version.hpp"
#include "mtp/fit/communicator.hpp"
#include "mtp/fit/configuration_weights.hpp"
#include "mtp/fit/parity_table.hpp"
#include "mtp/fit/progress_line.hpp"
#include "mtp/cli/stop_signal.hpp"
#include "mtp/fit/trainer.hpp"
#include "mtp/fit/training_monitor.hpp"
#include "mtp/fit/training_options.hpp"
#include "mtp/fit/training_inputs_digest.hpp"
#include "mtp/fit/training_report.hpp"
#include "mtp/io/almtp_file.hpp"
#include "mtp/io/atomic_output_file.hpp"
#include "mtp/io/bundled_script.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/io/option_file.hpp"
#include "mtp/io/species_order.hpp"
#include "mtp/model/upfit.hpp"
#include "mtp/oracle/external_run.hpp"

namespace mtp::cli {
namespace {

const char* kUsage = "mlp train pot.mtp train.cfg [options]";

const char* kHelp = R"(Trains the potential pot.mtp on the configurations in train.cfg (energies, forces and stresses
present in a configuration are fitted; missing ones are skipped) and saves the result. Options may also come
from a TOML file (--config=train.toml, one `name = value` line per option; the command line overrides it);
every option's value is echoed into the log and saved beside the trained potential as <name>.train.toml, a
settings file that repeats the run. MLIP-3's .almtp flow (the potential or --save_to is an .almtp, or --al_mode
is given): the trained potential is saved with a selection state built from train.cfg (A = 1e-6 I, threshold
1.001, batches of 9999), and MLIP-3's defaults apply: --init_random=false, min_dist updated (before
pre-training), --penalty_weight=1e-6. Under mpirun the configurations are dealt to the ranks (index % ranks);
every rank count gives the same potential. SIGINT/SIGTERM stop training after the current iteration and save
the best potential so far.)";

// A line on the terminal redrawn after every iteration (fit/progress_line); the clock restarts with each stage.
struct ProgressLine {
  bool tty = false;
  std::string stage;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::size_t width = 0;
  bool drawn = false;  // the cursor is at the end of a drawn line
  void show(const fit::TrainingProgress& p) {
    if (!tty) return;
    const auto now = std::chrono::steady_clock::now();
    if (p.stage != stage) {
      break_line();
      stage = p.stage;
      start = now;
      width = 0;
    }
    std::string line = fit::progress_line(p, std::chrono::duration<double>(now - start).count());
    const std::size_t length = line.size();
    if (length < width) line.append(width - length, ' ');
    width = length;
    std::fprintf(stderr, "\r%s", line.c_str());
    std::fflush(stderr);
    drawn = true;
  }
  // Moves below the drawn line, so that other output does not write over it.
  void break_line() {
    if (!drawn) return;
    std::fprintf(stderr, "\n");
    drawn = false;
    width = 0;
  }
  void end() { break_line(); }
};

double checked_feature_weight(const Configuration& cfg, const std::string& feature, const std::string& path,
                              std::size_t index) {
  try {
    return fit::feature_weight(cfg, feature);
  } catch (const Error& e) {
    throw Error(path + ": configuration " + std::to_string(index + 1) + ": " + e.what());
  }
}

// The configurations of this rank (index % ranks == rank), with neighbour lists.
// A configuration's Feature `weight_feature` (when named) sets its weight.
std::vector<fit::TrainingSample> read_samples(const std::string& path, const Potential& pot, const fit::Communicator& comm,
                                              const std::string& weight_feature) {
  std::vector<fit::TrainingSample> out;
  auto reader = io::make_cfg_reader(path);
  Configuration cfg;
  for (std::size_t index = 0; reader->next(cfg); ++index) {
    if (int(index % std::size_t(comm.size())) != comm.rank()) continue;
    for (int t : cfg.types)
      if (t < 0 || t >= pot.species_count)
        throw Error(path + ": configuration " + std::to_string(index + 1) + " has atom type " + std::to_string(t) +
                    ", but the potential has species_count = " + std::to_string(pot.species_count));
    const double weight = weight_feature.empty() ? 1.0 : checked_feature_weight(cfg, weight_feature, path, index);
    try {
      out.push_back(fit::make_sample(cfg, pot.cutoff(), &pot));
    } catch (const Error& e) {
      throw Error(path + ": configuration " + std::to_string(index + 1) + ": " + e.message());
    }
    out.back().weight = weight;
  }
  return out;
}

// All configurations of a file, for the validation errors and the parity table (rank 0).
std::vector<Configuration> read_all(const std::string& path) {
  std::vector<Configuration> out;
  auto reader = io::make_cfg_reader(path);
  for (Configuration cfg; reader->next(cfg);) out.push_back(cfg);
  return out;
}

// --plots: the parity table, then scripts/train_plots.py for the PNGs. Returns a line saying what was made.
std::string write_plots(const std::string& dir, const Potential& trained, const std::vector<Configuration>& train,
                        const std::vector<Configuration>& validation, int threads) {
  io::AtomicOutputFile parity(dir + "/parity.csv");
  parity.stream() << fit::parity_csv_header() << fit::parity_csv_rows(trained, train, "train", threads)
                  << fit::parity_csv_rows(trained, validation, "valid", threads);
  parity.commit();
  const std::string script = io::find_bundled_script("scripts/train_plots.py");
  const char* python = "/usr/bin/python3";
  if (script.empty() || ::access(python, X_OK) != 0)
    return "Plots: " + dir + "/learning_curve.csv and parity.csv written; no PNGs (" +
           (script.empty() ? std::string("scripts/train_plots.py not found") : std::string(python) + " not found") + ")";
  const std::string plot_log = dir + "/plots.log";
  const std::string command = std::string(python) + " " + oracle::shell_quote(script) + " " + oracle::shell_quote(dir) +
                              " > " + oracle::shell_quote(plot_log) + " 2>&1";
  if (std::system(command.c_str()) != 0)
    return "Plots: the plotting script failed (see " + plot_log + "); the CSV files are in " + dir;
  return "Plots: " + dir + "/learning_curve.png, " + dir + "/parity.png";
}

// The options of this run beside the trained potential, as a settings file that repeats it. A sidecar rather
// than lines inside the .mtp: MLIP-2's and MLIP-3's loaders accept no unknown lines.
void save_run_settings(const std::string& path, const OptionValues& v, const std::string& pot_path,
                       const std::string& train_path) {
  io::AtomicOutputFile out(path);
  out.stream() << io::option_file_text(v, "The options of `mlp train` (OpenMTP " + version_text() + ") that wrote " +
                                              v.text("trained-pot-name") + ".\nRepeat the run with:\n  mlp train --config=" +
                                              path + " " + pot_path + " " + train_path);
  out.commit();
}

// MLIP-3's .almtp flow (spec mlip3 1.1): the trained potential is saved with a selection state built from the
// training set. It applies when the potential or --save_to is an .almtp, or --al_mode is given. A potential that
// already holds a state keeps its selection weights and --al_mode is ignored, as MLIP-3 does.
struct SelectionRequest {
  bool mlip3_flow = false;
  std::string al_mode;                               // as given ("" when not)
  std::optional<active::SelectionWeights> stored;    // the input file's selection weights
  active::SelectionWeights weights() const {
    if (stored) return *stored;
    return al_mode == "nbh" ? active::SelectionWeights::mlip3_neighborhood_mode()
                            : active::SelectionWeights::mlip3_configuration_mode();
  }
};

bool ends_with_almtp(const std::string& path) {
  return path.size() >= 6 && path.compare(path.size() - 6, 6, ".almtp") == 0;
}

// `v`'s --al_mode is checked (cfg or nbh) by the option table.
SelectionRequest selection_request(const OptionValues& v, const std::string& pot_path) {
  SelectionRequest r;
  r.al_mode = v.text("al-mode");
  if (io::has_mlip3_state(pot_path)) r.stored = io::load_almtp(pot_path).active_set->weights();
  r.mlip3_flow = r.stored || !r.al_mode.empty() || ends_with_almtp(pot_path) ||
                 (v.given("trained-pot-name") && ends_with_almtp(v.text("trained-pot-name")));
  return r;
}

void log_selection_request(const SelectionRequest& r, const std::string& pot_path, std::ostream& log) {
  if (!r.mlip3_flow) return;
  if (r.stored) {
    log << "Selection data found in " << pot_path << ": its selection weights are kept";
    if (!r.al_mode.empty()) log << " and --al_mode=" << r.al_mode << " is ignored, as MLIP-3 does";
    log << (r.stored->neighborhood_mode() ? " (selection by neighborhoods)" : " (selection by configurations)") << "\n";
  } else {
    log << "Selection data was not found in " << pot_path << " and will be set: selection by "
        << (r.al_mode == "nbh" ? "neighborhoods" : "configurations") << "\n";
  }
}

int train(const CommandLine& cl) {
  cl.require_args(2, 2, kUsage);
  const std::string pot_path = cl.arg(0), train_path = cl.arg(1);
  // The settings file first, then the command line over it; both checked before anything is read.
  OptionValues v(fit::training_option_table());
  if (const std::string config = cl.options().text("config"); !config.empty()) io::read_option_file(config, v);
  cl.apply_to(v);
  const SelectionRequest selection = selection_request(v, pot_path);
  // MLIP-3's flow keeps MLIP-3's defaults (its penalty weight, no random initialisation, min_dist updated
  // before pre-training) for the options not given.
  if (selection.mlip3_flow) fit::apply_mlip3_flow_defaults(v);
  fit::TrainerOptions o = fit::trainer_options_from(v);
  o.update_mindist_first = selection.mlip3_flow;
  const std::string valid_path = v.text("valid-cfgs");
  const std::string curr_pot = v.text("curr-pot-name");
  const std::string trained_path = v.text("trained-pot-name");
  const std::string checkpoint = v.text("checkpoint");
  o.checkpoint_every = checkpoint.empty() ? 0 : int(v.integer("checkpoint-every"));
  const std::string resume = v.text("resume");
  const std::string log_to = v.text("log");
  const std::string log_detail = v.text("log-detail");
  fit::MonitorOptions monitor_options;
  monitor_options.log_every_seconds = v.number("log-every");
  monitor_options.curve_every = int(v.integer("curve-every"));
  monitor_options.threads = o.threads;
  const std::string plots_dir = v.text("plots");
  const std::string curve_path =
      v.given("learning-curve") || plots_dir.empty() ? v.text("learning-curve") : plots_dir + "/learning_curve.csv";
  fit::ConfigurationWeighting weighting;
  weighting.feature = v.text("weight-feature");
  weighting.energy_scale = v.number("energy-based-weights");
  weighting.floor = v.number("energy-weight-floor");
  const std::string init_from = v.text("init-from");
  if (!init_from.empty() && !resume.empty()) throw Error("--init-from and --resume exclude each other");

  std::unique_ptr<fit::MpiSession> mpi;
  if (fit::launched_by_mpi()) mpi = std::make_unique<fit::MpiSession>(nullptr, nullptr);
  const fit::Communicator comm;
  try {
    LogDestination log_destination(comm.is_root() ? log_to : "none");
    std::ostream* log = log_destination.stream();
    const std::string inputs_digest = fit::training_inputs_digest(
        pot_path, train_path, o,
        "weights " + weighting.feature + " " + shortest_number_text(weighting.energy_scale) + " " +
            shortest_number_text(weighting.floor));
    std::optional<fit::TrainingCheckpoint> resumed;
    if (!resume.empty()) {
      resumed = fit::load_checkpoint(resume);
      if (resumed->inputs_digest != inputs_digest)
        throw Error(resume + ".state: the checkpoint was written by a run with another template, training set, "
                    "weights or optimiser options (inputs digest " + (resumed->inputs_digest.empty() ? std::string("none") : resumed->inputs_digest) +
                    ", this run " + inputs_digest + "): resume with the same " + pot_path + ", " + train_path + " and options");
    }
    Potential start = resumed ? resumed->potential : io::load_almtp(pot_path).potential;
    if (!init_from.empty()) {
      const Potential lower = io::load_almtp(init_from).potential;
      start = upfit(lower, start);
      const UpfitSummary u = upfit_summary(lower, start);
      if (log)
        *log << "Upfitting from " << init_from << ": " << u.shared << " basis functions kept, " << u.added
             << " new (coefficients 0), " << u.new_radial_functions << " new radial functions" << std::endl;
    }
    if (v.given("type-order")) {
      // .cfg files number species; the order names them, and the trained potential records the names.
      const io::SpeciesOrder order =
          io::run_species_order(start.species_names, io::SpeciesOrder::parse(v.text("type-order")));
      if (int(order.size()) != start.species_count)
        throw Error("--type-order names " + std::to_string(order.size()) + " species, " + pot_path + " has species_count = " +
                    std::to_string(start.species_count));
      start.species_names = order.names();
    }
    std::vector<fit::TrainingSample> samples = read_samples(train_path, start, comm, weighting.feature);
    fit::apply_energy_based_weights(samples, weighting, comm);
    if (log) {
      *log << "OpenMTP " << version_text() << ": mlp train " << pot_path << " " << train_path << "\nOptions:\n"
           << v.describe() << std::flush;
      *log << "MTPR from " << pot_path << ", Database: " << train_path << std::endl;
      log_selection_request(selection, pot_path, *log);
    }
    if (!weighting.feature.empty() || weighting.energy_scale > 0) {
      double lightest = std::numeric_limits<double>::infinity(), heaviest = -lightest;
      for (const fit::TrainingSample& s : samples) {
        lightest = std::min(lightest, s.weight);
        heaviest = std::max(heaviest, s.weight);
      }
      lightest = comm.min(lightest);
      heaviest = -comm.min(-heaviest);
      std::ostringstream from;
      if (!weighting.feature.empty()) from << "Feature " << weighting.feature;
      if (!weighting.feature.empty() && weighting.energy_scale > 0) from << " and ";
      if (weighting.energy_scale > 0)
        from << "energies (DE = " << weighting.energy_scale << " eV/atom, floor " << weighting.floor << ")";
      if (log) *log << "Configuration weights from " << from.str() << ": " << lightest << " to " << heaviest << std::endl;
    }
    std::vector<Configuration> validation;
    if (comm.is_root() && !valid_path.empty() && (!curve_path.empty() || !plots_dir.empty() || log_detail == "brief"))
      validation = read_all(valid_path);

    ProgressLine progress;
    // A live line when stderr is a terminal. Where the log scrolls on that terminal too, the line replaces
    // MLIP-2's per-iteration log lines; a log going to a file or pipe keeps them all.
    progress.tty = comm.is_root() && ::isatty(2);
    fit::TrainerCallbacks cb;
    const bool shared_terminal = progress.tty && log == &std::cout && ::isatty(1);
    if (shared_terminal)  // the log on the terminal where the progress line is drawn: end that line first
      cb.log = [&progress](const std::string& line) {
        progress.break_line();
        std::cout << line << '\n' << std::flush;
      };
    else if (log)
      cb.log = stream_sink(*log);
    cb.log_iterations = !shared_terminal && log_detail == "mlip2";
    cb.log_rescale_rounds = log_detail == "mlip2";
    // Progress in files: a line every --log-every seconds in a brief log, learning-curve rows.
    if (comm.is_root() && !plots_dir.empty()) std::filesystem::create_directories(plots_dir);
    std::ofstream curve_file;
    if (comm.is_root() && !curve_path.empty()) {
      curve_file.open(curve_path);
      if (!curve_file) throw Error("cannot write the learning curve " + curve_path);
    }
    fit::TrainingMonitor monitor(log_detail == "brief" ? cb.log : LogSink(), curve_file.is_open() ? &curve_file : nullptr,
                                 validation, monitor_options);
    cb.progress = [&](const fit::TrainingProgress& p) {
      progress.show(p);
      monitor.on_progress(p);
    };
    cb.stage_end = [&] { monitor.flush_stage(); };
    if (!checkpoint.empty())
      cb.checkpoint = [&](const fit::TrainingCheckpoint& c) {
        fit::TrainingCheckpoint recorded = c;
        recorded.inputs_digest = inputs_digest;
        fit::save_checkpoint(checkpoint, recorded);
      };
    if (!curr_pot.empty()) cb.each_iteration = [&](const Potential& p, int) { io::save_potential(curr_pot, p); };

    install_stop_handlers();
    cb.stop_requested = stop_requested;
    fit::Trainer trainer(start, std::move(samples), o, comm, cb);
    const Potential trained = trainer.run(resumed ? &*resumed : nullptr);
    progress.end();
    if (comm.is_root()) {
      if (!trained_path.empty() && selection.mlip3_flow) {
        auto reader = io::make_cfg_reader(train_path);
        long count = 0;
        const active::ActiveSet set = active::select_training_set(
            trained, selection.weights(), [&](Configuration& cfg) { return reader->next(cfg); }, {}, &count);
        io::save_almtp(trained_path, set);
        if (log)
          *log << "Selection: " << count << " configurations, " << set.configurations().size()
               << " selected; state saved to \"" << trained_path << "\"" << std::endl;
      } else if (!trained_path.empty()) {
        io::save_potential(trained_path, trained);
      }
      if (!trained_path.empty()) save_run_settings(trained_path + ".train.toml", v, pot_path, train_path);
      if (trainer.interrupted() && log) *log << "Training interrupted: the best potential so far was saved" << std::endl;
    }
    if (comm.is_root() && log) {
      *log << "\n\t\t* * * TRAIN ERRORS * * *\n\n";
      fit::report_errors(trained, train_path, *log, o.threads);
      if (!valid_path.empty()) {
        *log << "\n\t\t* * * VALIDATION ERRORS * * *\n\n";
        fit::report_errors(trained, valid_path, *log, o.threads);
      }
    }
    if (comm.is_root() && !plots_dir.empty()) {
      const std::string line = write_plots(plots_dir, trained, read_all(train_path), validation, o.threads);
      if (log) *log << line << std::endl;
    }
    return trainer.interrupted() ? 130 : 0;
  } catch (const std::exception& e) {
    if (comm.size() > 1) {
      std::cerr << "mlp train (rank " << comm.rank() << "): error: " << e.what() << "\n";
      comm.abort(1);
    }
    throw;
  }
}

const RegisterCommand train_command({"train", {}, kUsage, "fits a potential to energies, forces and stresses", kHelp, train},
                                    fit::training_option_table());

}  // namespace
}  // namespace mtp::cli
