// `mlp train pot.mtp train.cfg`: MLIP-2's passive training (spec 1, 3.4, 3.5) with MLIP-3's option spellings,
// deterministic by default (--seed), threads, MPI ranks, checkpoints and clean stops.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>

#include "mtp/active/training_selection.hpp"
#include "mtp/cli/command.hpp"
#include "mtp/cli/log_destination.hpp"
#include "mtp/core/error.hpp"
#include "mtp/core/parallel_for.hpp"
#include "mtp/fit/communicator.hpp"
#include "mtp/fit/progress_line.hpp"
#include "mtp/fit/stop_signal.hpp"
#include "mtp/fit/trainer.hpp"
#include "mtp/fit/training_inputs_digest.hpp"
#include "mtp/fit/training_report.hpp"
#include "mtp/io/almtp_file.hpp"
#include "mtp/io/atomic_output_file.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/io/species_order.hpp"

namespace mtp::cli {
namespace {

const char* kUsage = "mlp train pot.mtp train.cfg [options]";

const char* kHelp = R"(Trains the potential pot.mtp on the configurations in train.cfg (energies, forces and stresses
present in a configuration are fitted; missing ones are skipped) and saves the result.
MLIP-2 options (MLIP-3 spellings accepted):
  --energy-weight=1            (--energy_weight) weight of energy errors
  --force-weight=0.01          (--force_weight) weight of force errors
  --stress-weight=0.001        (--stress_weight) weight of stress (virial) errors
  --scale-by-force=0           (--scale_by_force) s > 0: force errors of atom i weighted by s / (|F_i|^2 + s)
  --weighting=vibrations       vibrations (E/N, F, S/N), molecules (E, F, S) or structures (E/N^2, F/N, S/N^2)
  --weight_scaling=1           (MLIP-3) energy term divided by N^p (instead of --weighting; the stress term is
                               always divided by N)
  --weight_scaling_forces=0    (MLIP-3) force term divided by N^p (0/0 molecules, 1/0 vibrations, 2/1 structures)
  --penalty-weight=1e-9        weight of the radial orthonormality penalty (1e-6 in MLIP-3's flow)
  --valid-cfgs=file.cfg        also report errors on these configurations
  --max-iter=1000              (--iteration_limit) BFGS iterations
  --bfgs-conv-tol=1e-3         (--tolerance) stop when f fell by less than this fraction in 50 iterations
  --curr-pot-name=file         save the current potential after every iteration
  --trained-pot-name=Trained.mtp_   (--save_to) where the trained potential goes
  --init-params=random         random (radial coefficients 5e-7 U(-1,1)) or same (keep the file's defaults);
                               (--init_random=true|false)
  --skip-preinit               (--skip_preinit) no pre-training (linear fit, Rescale, 75 BFGS iterations)
  --update-mindist             set min_dist to 0.99 x the smallest interatomic distance of train.cfg
  --no-mindist-update          (MLIP-3) keep min_dist (the default here, as in MLIP-2, outside MLIP-3's flow)
MLIP-3's .almtp flow (the potential or --save_to is an .almtp, or --al_mode is given): the trained potential is
saved with a selection state built from train.cfg (A = 1e-6 I, threshold 1.001, batches of 9999), and MLIP-3's
defaults apply: --init_random=false, min_dist updated (before pre-training), --penalty_weight=1e-6.
  --al_mode=cfg                cfg (rows dE/N per configuration) or nbh (site-energy rows per atom); ignored, as
                               in MLIP-3, when the potential already holds a selection state (its weights are kept)
  --select_factor=1            only 1 is supported; --auto-minmax-magmom=true is refused
OpenMTP options:
  --seed=0                     seed of the random initialisation: the same seed gives the same potential
  --threads=0                  threads per process, 0 = all cores (default; 1 under mpirun); the result does not
                               depend on it
  --optimizer=bfgs             bfgs (MLIP-2's) or lbfgs
  --checkpoint=file            every --checkpoint-every iterations (default 10) and when stopped by a signal,
                               save the current potential to file and the optimiser's exact state to file.state
                               (each atomically)
  --resume=file                continue from a checkpoint: same data and options give the potential the
                               uninterrupted run would have given
  --log=stdout                 (MLIP-3) where the training log goes: stdout, none, or a file name
  --type-order=Na,Cl           the element of each type of train.cfg (symbols or atomic numbers), recorded in
                               the trained potential (must agree with names pot.mtp already records)
Under mpirun the configurations are dealt to the ranks (index % ranks); every rank count gives the same
potential. SIGINT/SIGTERM stop training after the current iteration and save the best potential so far.)";

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

// The log on the terminal where the progress line is drawn: ends the line before any log text.
class BelowProgressLine : public std::streambuf {
 public:
  BelowProgressLine(std::streambuf* target, ProgressLine& line) : target_(target), line_(line) {}

 protected:
  int overflow(int c) override {
    line_.break_line();
    return c == traits_type::eof() ? traits_type::not_eof(c) : target_->sputc(char(c));
  }
  std::streamsize xsputn(const char* text, std::streamsize n) override {
    line_.break_line();
    return target_->sputn(text, n);
  }
  int sync() override { return target_->pubsync(); }

 private:
  std::streambuf* target_;
  ProgressLine& line_;
};

// The configurations of this rank (index % ranks == rank), with neighbour lists.
std::vector<fit::TrainingSample> read_samples(const std::string& path, const Potential& pot, const fit::Communicator& comm) {
  std::vector<fit::TrainingSample> out;
  auto reader = io::make_cfg_reader(path);
  Configuration cfg;
  for (std::size_t index = 0; reader->next(cfg); ++index) {
    if (int(index % std::size_t(comm.size())) != comm.rank()) continue;
    for (int t : cfg.types)
      if (t < 0 || t >= pot.species_count)
        throw Error(path + ": configuration " + std::to_string(index + 1) + " has atom type " + std::to_string(t) +
                    ", but the potential has species_count = " + std::to_string(pot.species_count));
    try {
      out.push_back(fit::make_sample(cfg, pot.cutoff(), &pot));
    } catch (const Error& e) {
      throw Error(path + ": configuration " + std::to_string(index + 1) + ": " + e.message());
    }
  }
  return out;
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

SelectionRequest selection_request(const CommandLine& cl, const std::string& pot_path) {
  SelectionRequest r;
  r.al_mode = cl.text({"al-mode"}, "");
  if (!r.al_mode.empty() && r.al_mode != "cfg" && r.al_mode != "nbh")
    throw Error("--al_mode must be cfg (selection by configurations) or nbh (by neighbourhoods), not '" + r.al_mode + "'");
  if (io::has_mlip3_state(pot_path)) r.stored = io::load_almtp(pot_path).active_set->weights();
  r.mlip3_flow = r.stored || !r.al_mode.empty() || ends_with_almtp(pot_path) ||
                 ends_with_almtp(cl.text({"trained-pot-name", "save-to"}, ""));
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
  fit::TrainerOptions o;
  o.weights.energy = cl.number({"energy-weight"}, 1.0);
  o.weights.force = cl.number({"force-weight"}, 0.01);
  o.weights.stress = cl.number({"stress-weight"}, 0.001);
  o.weights.scale_by_force = cl.number({"scale-by-force"}, 0.0);
  o.weights.weighting = fit::parse_weighting(cl.text({"weighting"}, "vibrations"));
  if (cl.has({"weight-scaling"}) || cl.has({"weight-scaling-forces"})) {
    if (cl.has({"weighting"}))
      throw Error("--weighting (MLIP-2) and --weight_scaling/--weight_scaling_forces (MLIP-3) both set the "
                  "atom-count normalisation: give one of them");
    fit::AtomCountPowers powers;
    powers.energy = cl.number({"weight-scaling"}, 1.0);
    powers.force = cl.number({"weight-scaling-forces"}, 0.0);
    if (!(powers.energy >= 0.0 && powers.energy <= 64.0) || !(powers.force >= 0.0 && powers.force <= 64.0))
      throw Error("--weight_scaling and --weight_scaling_forces must be between 0 and 64 (0/0 molecules, 1/0 "
                  "vibrations, 2/1 structures)");
    o.weights.powers = powers;
  }
  const SelectionRequest selection = selection_request(cl, pot_path);
  // MLIP-3's flow keeps MLIP-3's defaults: its penalty weight, no random initialisation, min_dist updated.
  o.weights.penalty = cl.number({"penalty-weight"}, selection.mlip3_flow ? 1e-6 : 1e-9);
  o.max_iterations = int(cl.integer({"max-iter", "iteration-limit"}, 1000));
  o.convergence_tolerance = cl.number({"bfgs-conv-tol", "tolerance"}, 1e-3);
  const std::string init = cl.text({"init-params"}, selection.mlip3_flow ? "same" : "random");
  if (init != "random" && init != "same") throw Error("--init-params must be random or same, not '" + init + "'");
  o.init_random = init == "random";
  if (cl.has({"init-random"})) o.init_random = cl.flag({"init-random"});
  o.skip_preinit = cl.flag({"skip-preinit"});
  o.update_mindist = cl.flag({"update-mindist"}, selection.mlip3_flow) && !cl.flag({"no-mindist-update"});
  o.update_mindist_first = selection.mlip3_flow;
  if (cl.number({"select-factor"}, 1.0) != 1.0)
    throw Error("--select_factor other than 1 (MLIP-3's extra weight on the equations outside the active set) is "
                "not supported");
  if (cl.flag({"auto-minmax-magmom"}))
    throw Error("--auto-minmax-magmom is not supported: the magnetic basis interval is kept as the potential file "
                "gives it");
  o.seed = (unsigned long long)cl.integer({"seed"}, 0);
  // As in every command: absent or 0 = all cores (one per rank under mpirun, which gives each rank a core).
  o.threads = resolve_threads(int(cl.integer({"threads"}, fit::launched_by_mpi() ? 1 : 0)));
  const std::string optimizer = cl.text({"optimizer"}, "bfgs");
  if (optimizer == "lbfgs") o.optimizer = fit::Optimizer::Lbfgs;
  else if (optimizer != "bfgs") throw Error("--optimizer must be bfgs or lbfgs, not '" + optimizer + "'");
  if (o.max_iterations < 0) throw Error("--max-iter must not be negative");
  const std::string valid_path = cl.text({"valid-cfgs"}, "");
  const std::string curr_pot = cl.text({"curr-pot-name"}, "");
  const std::string trained_path = cl.text({"trained-pot-name", "save-to"}, "Trained.mtp_");
  const std::string checkpoint = cl.text({"checkpoint"}, "");
  o.checkpoint_every = checkpoint.empty() ? 0 : int(cl.integer({"checkpoint-every"}, 10));
  const std::string resume = cl.text({"resume"}, "");
  const std::string log_to = cl.text({"log"}, "stdout");

  std::unique_ptr<fit::MpiSession> mpi;
  if (fit::launched_by_mpi()) mpi = std::make_unique<fit::MpiSession>(nullptr, nullptr);
  const fit::Communicator comm;
  try {
    LogDestination log_destination(comm.is_root() ? log_to : "none");
    std::ostream* log = log_destination.stream();
    const std::string inputs_digest = fit::training_inputs_digest(pot_path, train_path, o);
    std::optional<fit::TrainingCheckpoint> resumed;
    if (!resume.empty()) {
      resumed = fit::load_checkpoint(resume);
      if (resumed->inputs_digest != inputs_digest)
        throw Error(resume + ".state: the checkpoint was written by a run with another template, training set, "
                    "weights or optimiser options (inputs digest " + (resumed->inputs_digest.empty() ? std::string("none") : resumed->inputs_digest) +
                    ", this run " + inputs_digest + "): resume with the same " + pot_path + ", " + train_path + " and options");
    }
    Potential start = resumed ? resumed->potential : io::load_almtp(pot_path).potential;
    if (cl.has({"type-order"})) {
      // .cfg files number species; the order names them, and the trained potential records the names.
      const io::SpeciesOrder order =
          io::run_species_order(start.species_names, io::SpeciesOrder::parse(cl.text({"type-order"}, "")));
      if (int(order.size()) != start.species_count)
        throw Error("--type-order names " + std::to_string(order.size()) + " species, " + pot_path + " has species_count = " +
                    std::to_string(start.species_count));
      start.species_names = order.names();
    }
    std::vector<fit::TrainingSample> samples = read_samples(train_path, start, comm);
    if (log) {
      *log << "MTPR from " << pot_path << ", Database: " << train_path << std::endl;
      log_selection_request(selection, pot_path, *log);
    }

    ProgressLine progress;
    // A live line when stderr is a terminal. Where the log scrolls on that terminal too, the line replaces
    // MLIP-2's per-iteration log lines; a log going to a file or pipe keeps them all.
    progress.tty = comm.is_root() && ::isatty(2);
    fit::TrainerCallbacks cb;
    cb.log = log;
    const bool shared_terminal = progress.tty && log == &std::cout && ::isatty(1);
    BelowProgressLine below(std::cout.rdbuf(), progress);
    std::ostream terminal_log(&below);
    if (shared_terminal) cb.log = &terminal_log;
    cb.log_iterations = !shared_terminal;
    cb.progress = [&](const fit::TrainingProgress& p) { progress.show(p); };
    if (!checkpoint.empty())
      cb.checkpoint = [&](const fit::TrainingCheckpoint& c) {
        fit::TrainingCheckpoint recorded = c;
        recorded.inputs_digest = inputs_digest;
        fit::save_checkpoint(checkpoint, recorded);
      };
    if (!curr_pot.empty()) cb.each_iteration = [&](const Potential& p, int) { io::save_potential(curr_pot, p); };

    fit::install_stop_handlers();
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
    return trainer.interrupted() ? 130 : 0;
  } catch (const std::exception& e) {
    if (comm.size() > 1) {
      std::cerr << "mlp train (rank " << comm.rank() << "): error: " << e.what() << "\n";
      comm.abort(1);
    }
    throw;
  }
}

const RegisterCommand train_command({"train", {}, kUsage, "fits a potential to energies, forces and stresses", kHelp, train});

}  // namespace
}  // namespace mtp::cli
