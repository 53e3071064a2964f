#include "mtp/fit/trainer.hpp"

#include <cmath>
#include <iomanip>
#include <limits>
#include <ostream>
#include <random>
#include <sstream>

#include "mtp/core/error.hpp"
#include "mtp/fit/linear_fit.hpp"
#include "mtp/fit/parallel_sum.hpp"

namespace mtp::fit {

namespace {

Potential with_coefficients(Potential p) {
  if (p.radial_coeffs.size() != p.radial_parameter_count() || p.species_coeffs.size() != std::size_t(p.species_count) ||
      p.moment_coeffs.size() != p.moments.scalar_moments.size())
    throw Error("the potential's coefficients are not set (load untrained potentials with their defaults)");
  return p;
}

}  // namespace

Trainer::Trainer(const Potential& start, std::vector<TrainingSample> local_samples, const TrainerOptions& options,
                 const Communicator& comm, TrainerCallbacks callbacks)
    : model_(with_coefficients(start)),
      samples_(std::move(local_samples)),
      options_(options),
      comm_(comm),
      cb_(std::move(callbacks)) {
  CompensatedSum count(1);
  count.add(0, double(samples_.size()));
  global_count_ = std::size_t(comm_.all_reduce(count).value(0) + 0.5);
  if (global_count_ == 0) throw Error("the training set is empty");
  // Every rank starts from rank 0's parameters.
  std::vector<double> t = theta();
  comm_.broadcast(t);
  set_theta(t);
}

void Trainer::say(const std::string& line) const {
  if (cb_.log && comm_.is_root()) cb_.log(line);
}

double Trainer::loss_and_gradient(const std::vector<double>& theta_in, std::vector<double>& gradient,
                                  std::vector<double>* errors) {
  std::vector<double> t = theta_in;
  comm_.broadcast(t);
  set_theta(t);
  const std::size_t P = t.size();
  const LossWeights& w = options_.weights;
  // Layout: loss, gradient (P), then the four residual sums.
  CompensatedSum local = parallel_sum(samples_.size(), P + 5, options_.threads, [&](std::size_t item, std::vector<double>& out) {
    std::vector<double> g(P, 0.0);
    ResidualSums r;
    out[0] = configuration_loss(model_, samples_[item], w, &g, &r);
    std::copy(g.begin(), g.end(), out.begin() + 1);
    out[P + 1] = r.energy_per_atom_squared;
    out[P + 2] = r.energies;
    out[P + 3] = r.force_squared;
    out[P + 4] = r.force_components;
  });
  const std::vector<double> total = comm_.all_reduce(local).values();
  const double K = double(global_count_);
  gradient.assign(P, 0.0);
  for (std::size_t k = 0; k < P; ++k) gradient[k] = total[k + 1] / K;
  const double penalty = radial_penalty(model_.potential(), t, w.penalty, &gradient);
  const double f = total[0] / K + w.penalty * penalty;
  if (errors) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    *errors = {total[P + 2] > 0.0 ? std::sqrt(total[P + 1] / total[P + 2]) : nan,
               total[P + 4] > 0.0 ? std::sqrt(total[P + 3] / total[P + 4]) : nan};
  }
  return f;
}

double Trainer::loss(const std::vector<double>& theta_in) {
  std::vector<double> t = theta_in;
  comm_.broadcast(t);
  set_theta(t);
  const LossWeights& w = options_.weights;
  CompensatedSum local = parallel_sum(samples_.size(), 1, options_.threads, [&](std::size_t item, std::vector<double>& out) {
    out[0] = configuration_loss(model_, samples_[item], w, nullptr);
  });
  const double total = comm_.all_reduce(local).value(0);
  return total / double(global_count_) + w.penalty * radial_penalty(model_.potential(), t, w.penalty, nullptr);
}

std::vector<double> Trainer::reduced_normal_equations() {
  return comm_.all_reduce(linear_normal_equations(model_, samples_, options_.weights, options_.threads)).values();
}

std::vector<double> Trainer::fit_linear_at(const std::vector<double>& packed, double scale_ratio) const {
  const Potential& p = model_.potential();
  const std::size_t C = std::size_t(p.species_count), m = p.moment_coeffs.size();
  std::vector<double> scale(C + m, 1.0);
  const auto& degrees = model_.basis_degrees();
  for (std::size_t a = 0; a < m; ++a) scale[C + a] = std::pow(scale_ratio, degrees[a]);
  return solve_linear_fit(packed, C + m, scale);
}

void Trainer::set_linear(const std::vector<double>& linear) {
  std::vector<double> t = theta();
  const std::size_t nr = model_.potential().radial_parameter_count();
  std::copy(linear.begin(), linear.end(), t.begin() + long(nr));
  set_theta(t);
}

void Trainer::train_linear() {
  std::vector<double> t = theta();
  orthogonalize_radial(model_.potential(), t);
  set_theta(t);
  const std::vector<double> packed = reduced_normal_equations();
  set_linear(fit_linear_at(packed, 1.0));
}

void Trainer::rescale() {
  std::vector<double> t = theta();
  orthogonalize_radial(model_.potential(), t);
  set_theta(t);
  const bool homogeneous = !model_.basis_degrees().empty();
  const double s0 = model_.potential().scaling;
  std::vector<double> packed = reduced_normal_equations();
  // Linear coefficients and condition number at global scaling s: from the equations at s0 by rescaling the
  // columns when the basis is homogeneous in s (always, for MTP tables), else by re-accumulating at s.
  auto fit_at = [&](double s) {
    if (homogeneous) return fit_linear_at(packed, s / s0);
    model_.set_scaling(s);
    const std::vector<double> at_s = reduced_normal_equations();
    model_.set_scaling(s0);
    return fit_linear_at(at_s, 1.0);
  };
  std::ostringstream line;
  line << std::setprecision(15);
  double center = s0, best_cond = std::numeric_limits<double>::infinity();
  int rounds = 0;
  for (int round = 0; round < 1000; ++round, ++rounds) {
    if (cb_.log_rescale_rounds) say("Rescaling...");
    const double candidates[5] = {center / 1.2, center / 1.1, center, center * 1.1, center * 1.2};
    int best = 2;
    best_cond = std::numeric_limits<double>::infinity();
    for (int c = 0; c < 5; ++c) {
      const double cond = linear_condition_number(fit_at(candidates[c]));
      line.str("");
      line << "   scaling = " << candidates[c] << ", condition number = " << cond;
      if (cb_.log_rescale_rounds) say(line.str());
      if (cond < best_cond) {
        best_cond = cond;
        best = c;
      }
    }
    line.str("");
    line << "Rescaling to " << candidates[best] << "... done";
    if (cb_.log_rescale_rounds) say(line.str());
    if (best == 2) break;
    center = candidates[best];
  }
  if (!cb_.log_rescale_rounds) {
    line.str("");
    line << std::setprecision(6) << "Rescaled: scaling " << s0 << " -> " << center << " in " << rounds + 1
         << (rounds == 0 ? " round" : " rounds") << ", condition number " << best_cond;
    say(line.str());
  }
  const std::vector<double> linear = fit_at(center);
  model_.set_scaling(center);
  set_linear(linear);
}

void Trainer::randomize_radial() {
  std::vector<double> t = theta();
  if (comm_.is_root()) {
    std::mt19937_64 rng(options_.seed);
    std::uniform_real_distribution<double> U(-1.0, 1.0);
    for (std::size_t k = 0; k < model_.potential().radial_parameter_count(); ++k) t[k] = 5e-7 * U(rng);
  }
  comm_.broadcast(t);
  set_theta(t);
}

void Trainer::update_min_dist() {
  double d = std::numeric_limits<double>::infinity();
  for (const TrainingSample& s : samples_) d = std::min(d, s.cfg.min_distance(model_.potential().cutoff()));
  d = comm_.min(d);
  if (!std::isfinite(d)) return;
  Potential p = model_.potential();
  p.radial.min_dist = 0.99 * d;
  if (p.radial.min_dist >= p.radial.max_dist) throw Error("--update-mindist: the smallest distance is beyond the cutoff");
  model_ = EfsParameterGradient(p);
  std::ostringstream line;
  line << std::setprecision(15) << "Minimal distance updated: min_dist = " << p.radial.min_dist;
  say(line.str());
}

BfgsResult Trainer::optimize(int max_iterations, const std::string& stage, const OptimizerState* resume) {
  BfgsOptions o;
  o.max_iterations = max_iterations;
  o.convergence_tolerance = options_.convergence_tolerance;
  BfgsHooks hooks;
  hooks.refit = [&](std::vector<double>& x) {
    set_theta(x);
    train_linear();
    x = theta();
  };
  hooks.progress = [&](int k, double f, const std::vector<double>& x, const LossDiagnostics& errors) {
    std::ostringstream line;
    line << "BFGS iter " << k << ": f=" << f;
    if (cb_.log_iterations) say(line.str());
    const bool root_callbacks = comm_.is_root() && (cb_.progress || cb_.each_iteration);
    Potential current;
    if (root_callbacks) {
      current = model_.potential();
      current.set_parameters(x);
      current.trained = true;
    }
    if (cb_.progress && comm_.is_root()) {
      TrainingProgress report;
      report.stage = stage;
      report.iteration = k;
      report.max_iterations = max_iterations;
      report.loss = f;
      report.potential = &current;
      // The accepted point's own errors, handed on by the optimiser with it.
      report.energy_rmse = errors.at(0);
      report.force_rmse = errors.at(1);
      cb_.progress(report);
    }
    if (comm_.is_root() && cb_.each_iteration) cb_.each_iteration(current, k);
    return !comm_.any(cb_.stop_requested && cb_.stop_requested());
  };
  hooks.state_every = options_.checkpoint_every;
  if (comm_.is_root() && cb_.checkpoint && options_.checkpoint_every > 0)
    hooks.state = [&](const OptimizerState& s) {
      TrainingCheckpoint c;
      c.stage = stage;
      c.potential = model_.potential();
      c.potential.set_parameters(s.x);
      c.potential.trained = true;
      c.optimizer = s;
      cb_.checkpoint(c);
    };
  say("MTPR training started");
  const DiagnosedLossAndGradient f = [&](const std::vector<double>& x, std::vector<double>& g,
                                         LossDiagnostics& errors) { return loss_and_gradient(x, g, &errors); };
  BfgsResult r = options_.optimizer == Optimizer::Lbfgs
                     ? minimize_lbfgs(f, theta(), o, options_.lbfgs_history, hooks, resume)
                     : minimize_bfgs(f, theta(), o, hooks, resume);
  set_theta(r.x);
  if (cb_.stage_end && comm_.is_root()) cb_.stage_end();
  if (r.stop_reason == "interrupted") interrupted_ = true;
  say(r.stop_reason);
  say("MTPR training ended (" + std::to_string(r.iterations) + " iterations, " + std::to_string(r.evaluations) +
      " loss evaluations)");
  return r;
}

const Potential& Trainer::run(const TrainingCheckpoint* resume) {
  const bool in_pretraining = resume && resume->stage == "pre-training";
  if (resume) {
    // The checkpoint's numbers are exact; every rank reads the same file.
    model_ = EfsParameterGradient(resume->potential);
  }
  const bool inited = model_.potential().trained;
  const bool mindist_first = options_.update_mindist && options_.update_mindist_first;
  if (mindist_first && !resume) update_min_dist();
  if (!resume && !inited && options_.init_random) randomize_radial();
  if (in_pretraining || (!resume && !inited && options_.max_iterations > 0 && !options_.skip_preinit)) {
    if (!resume) {
      train_linear();
      rescale();
    }
    say("Pre-training started");
    optimize(options_.pretrain_iterations, "pre-training", in_pretraining ? &resume->optimizer : nullptr);
    if (!interrupted_) rescale();
    say("Pre-training ended");
  }
  if (options_.update_mindist && !mindist_first && !interrupted_ && (!resume || in_pretraining)) update_min_dist();
  if (options_.max_iterations > 0 && !interrupted_) {
    std::ostringstream line;
    line << "BFGS iterations count set to " << options_.max_iterations << "\n"
         << "BFGS convergence tolerance set to " << options_.convergence_tolerance << "\n"
         << "Energy weight: " << options_.weights.energy << "\n"
         << "Force weight: " << options_.weights.force << "\n"
         << "Stress weight: " << options_.weights.stress;
    say(line.str());
    optimize(options_.max_iterations, "training", resume && !in_pretraining ? &resume->optimizer : nullptr);
    if (!interrupted_ && !options_.skip_final_refit) {
      train_linear();
      rescale();
    }
  }
  Potential p = model_.potential();
  p.trained = true;
  model_ = EfsParameterGradient(p);
  return model_.potential();
}

}  // namespace mtp::fit
