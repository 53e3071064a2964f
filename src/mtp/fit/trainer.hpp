#pragma once
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "mtp/core/log_sink.hpp"
#include "mtp/fit/bfgs.hpp"
#include "mtp/fit/communicator.hpp"
#include "mtp/fit/loss.hpp"
#include "mtp/fit/training_checkpoint.hpp"
#include "mtp/model/efs_parameter_gradient.hpp"
#include "mtp/model/potential.hpp"

namespace mtp::fit {

enum class Optimizer { Bfgs, Lbfgs };

// Everything `mlp train` can set (spec 1 and 3.5); defaults are MLIP-2's.
struct TrainerOptions {
  LossWeights weights;
  int max_iterations = 1000;            // --max-iter
  double convergence_tolerance = 1e-3;  // --bfgs-conv-tol
  bool init_random = true;              // --init-params=random (else same)
  unsigned long long seed = 0;          // --seed: random initialisation is reproducible
  bool skip_preinit = false;            // --skip-preinit
  bool skip_final_refit = false;        // --skip-final-refit: no linear fit and Rescale after the last iteration
  int pretrain_iterations = 75;
  bool update_mindist = false;          // --update-mindist
  bool update_mindist_first = false;    // MLIP-3 updates min_dist before pre-training, MLIP-2 after it
  int threads = 1;                      // --threads
  Optimizer optimizer = Optimizer::Bfgs;
  int lbfgs_history = 20;
  int checkpoint_every = 0;             // iterations between on_checkpoint calls (0 = never)
};

// Where training stands after an accepted iteration: for a progress line.
struct TrainingProgress {
  std::string stage;        // "pre-training" or "training"
  int iteration = 0;        // from 0, as MLIP-2's "BFGS iter k"
  int max_iterations = 0;   // of this stage
  double loss = 0.0;
  // Unweighted errors over the whole training set at this point (NaN where the data have none): energy per atom
  // (eV/atom) and force components (eV/A).
  double energy_rmse = 0.0, force_rmse = 0.0;
  // The potential at this point (valid during the callback only).
  const Potential* potential = nullptr;
};

// What the trainer reports: log text (MLIP-2's lines), live progress, and potentials worth saving.
struct TrainerCallbacks {
  LogSink log;                  // MLIP-2's log lines, rank 0 only; empty = quiet
  bool log_iterations = true;   // MLIP-2's "BFGS iter k: f=..." line per iteration (off where a live line shows it)
  // MLIP-2's five "scaling = s, condition number = c" lines per Rescale round; false: one line per Rescale.
  bool log_rescale_rounds = true;
  // After every accepted iteration, on rank 0.
  std::function<void(const TrainingProgress&)> progress;
  // When an optimisation stage (pre-training, training) has ended, before its closing log lines; rank 0.
  std::function<void()> stage_end;
  // Called on rank 0 every checkpoint_every iterations and when a stop request ends the run: a state from which
  // run(&checkpoint) continues exactly (see training_checkpoint.hpp).
  std::function<void(const TrainingCheckpoint&)> checkpoint;
  // Called on rank 0 after every iteration (--curr-pot-name).
  std::function<void(const Potential& current, int iteration)> each_iteration;
  // Polled on every rank after each iteration: true ends the run cleanly (best potential so far, a checkpoint).
  // The caller owns what it reads (the CLI's signal flag, a Python call's stop token), so trainings in one
  // process never stop each other.
  std::function<bool()> stop_requested;
};

// MLIP-2's training procedure over the configurations of this rank (configuration index % ranks == rank):
// optional random initialisation, pre-training (linear fit, Rescale, 75 BFGS iterations, Rescale), optional
// min_dist update, BFGS with a linear re-fit every 50 iterations, a final linear fit and Rescale. Every rank
// runs the same steps on the same reduced numbers, so the potential is identical on all ranks.
class Trainer {
 public:
  Trainer(const Potential& start, std::vector<TrainingSample> local_samples, const TrainerOptions& options,
          const Communicator& comm, TrainerCallbacks callbacks = {});

  // The whole procedure; returns the trained potential. Stops early (returning the best so far) when a stop
  // signal arrives; interrupted() then says so. With `resume` (a checkpoint of a run with the same data and
  // options) it continues that run from there, with the result the uninterrupted run would have had.
  const Potential& run(const TrainingCheckpoint* resume = nullptr);
  bool interrupted() const { return interrupted_; }

  // The building blocks, each collective over ranks.
  // Loss (per-configuration average plus penalty) and its gradient at theta; with `errors`, also the
  // unweighted training-set errors there: {energy per atom RMS, force component RMS} (NaN without data).
  double loss_and_gradient(const std::vector<double>& theta, std::vector<double>& gradient,
                           std::vector<double>* errors = nullptr);
  double loss(const std::vector<double>& theta);
  // Orthogonalise the radial coefficients and fit the species and moment coefficients (MLIP-2's TrainLinear).
  void train_linear();
  // MLIP-2's search for the global scaling that minimises the linear fit's condition number, then the fit.
  void rescale();
  BfgsResult optimize(int max_iterations, const std::string& stage, const OptimizerState* resume = nullptr);
  void randomize_radial();
  void update_min_dist();

  const Potential& potential() const { return model_.potential(); }
  std::size_t global_configuration_count() const { return global_count_; }

 private:
  void set_theta(const std::vector<double>& theta) { model_.set_parameters(theta); }
  std::vector<double> theta() const { return model_.parameters(); }
  std::vector<double> fit_linear_at(const std::vector<double>& packed, double scale_ratio) const;
  std::vector<double> reduced_normal_equations();
  void set_linear(const std::vector<double>& linear);
  void say(const std::string& line) const;

  EfsParameterGradient model_;
  std::vector<TrainingSample> samples_;
  TrainerOptions options_;
  Communicator comm_;
  TrainerCallbacks cb_;
  std::size_t global_count_ = 0;
  bool interrupted_ = false;
};

}  // namespace mtp::fit
