#include "mtp/learn/retrain.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "mtp/core/error.hpp"
#include "mtp/core/option_table.hpp"
#include "mtp/fit/trainer.hpp"
#include "mtp/fit/training_options.hpp"
#include "mtp/io/almtp_file.hpp"
#include "mtp/io/species_order.hpp"
#include "mtp/learn/origin_weights.hpp"
#include "mtp/model/evaluator.hpp"
#include "mtp/model/moment_basis_generator.hpp"

namespace mtp::learn {

FitErrors fit_errors(const Potential& potential, const std::vector<Configuration>& reference) {
  FitErrors e;
  Evaluator ev(potential);
  double se = 0, sf = 0;
  std::size_t nf = 0;
  for (const Configuration& ref : reference) {
    if (!ref.has_energy() || ref.size() == 0) continue;
    const EfsResults r = ev.compute(ref);
    const double de = std::abs(r.energy - *ref.energy) / double(ref.size());
    se += de * de;
    e.energy_mae += de;
    e.energy_max = std::max(e.energy_max, de);
    ++e.configurations;
    if (ref.has_forces())
      for (std::size_t i = 0; i < ref.size(); ++i)
        for (int k = 0; k < 3; ++k) {
          const double df = std::abs(r.forces[i][k] - ref.forces[i][k]);
          sf += df * df;
          e.force_component_mae += df;
          e.force_component_max = std::max(e.force_component_max, df);
          ++nf;
        }
  }
  if (e.configurations) {
    e.energy_rmse = std::sqrt(se / double(e.configurations));
    e.energy_mae /= double(e.configurations);
  }
  if (nf) {
    e.force_component_rmse = std::sqrt(sf / double(nf));
    e.force_component_mae /= double(nf);
  }
  return e;
}

Potential starting_potential(const LearnSettings& s) {
  // The settings' `species` is the run's species order; the potential records it.
  const io::SpeciesOrder settings_order = s.species.empty() ? io::SpeciesOrder() : io::SpeciesOrder(s.species);
  if (!s.potential.start.empty()) {
    Potential p = io::load_almtp(s.potential.start).potential;
    const io::SpeciesOrder order = io::run_species_order(p.species_names, settings_order, "the settings' species");
    if (p.species_names.empty() && int(order.size()) == p.species_count) p.species_names = order.names();
    return p;
  }
  Potential p;
  const MomentBasis basis = generate_moment_basis(s.potential.level);
  p.species_count = std::max<int>(1, int(s.species.size()));
  p.radial.min_dist = s.potential.min_dist;
  p.radial.max_dist = s.potential.max_dist;
  p.radial.size = s.potential.radial_basis_size;
  p.radial_funcs_count = basis.radial_funcs_count;
  p.moments = basis.tables;
  p.set_untrained_defaults();
  p.species_names = settings_order.names();
  p.validate();
  return p;
}

Potential retrain(const LearnSettings& s, const Potential& start, const std::vector<Configuration>& train, bool first,
                  std::ostream* log) {
  if (train.empty()) throw Error("training: the training set is empty (every oracle call failed?)");
  // The [train] keys of the settings through the training option table, so the loop's trainer gets the
  // defaults and checks of `mlp train` for everything its settings do not name.
  OptionValues values(fit::training_option_table());
  const auto set = [&](const char* name, const std::string& value) { values.set(name, value, OptionSource::Program); };
  set("energy-weight", shortest_number_text(s.train.energy_weight));
  set("force-weight", shortest_number_text(s.train.force_weight));
  set("stress-weight", shortest_number_text(s.train.stress_weight));
  set("max-iter", std::to_string(s.train.max_iterations));
  set("bfgs-conv-tol", shortest_number_text(s.train.tolerance));
  set("init-params", first ? "random" : "same");
  set("seed", std::to_string(s.train.seed));
  set("threads", std::to_string(s.threads));
  const fit::TrainerOptions o = fit::trainer_options_from(values);
  std::vector<fit::TrainingSample> samples;
  samples.reserve(train.size());
  for (std::size_t k = 0; k < train.size(); ++k) {
    try {
      samples.push_back(fit::make_sample(train[k], start.cutoff(), &start));
    } catch (const Error& e) {  // say which configuration: the message alone names no place
      throw Error("training configuration " + std::to_string(k + 1) + ": " + e.message());
    }
  }
  if (s.train.origin_balance > 0.0) {
    const std::vector<double> w = origin_weights(train, s.train.origin_balance);
    for (std::size_t k = 0; k < samples.size(); ++k) samples[k].weight *= w[k];
    if (log) {
      const auto [lo, hi] = std::minmax_element(w.begin(), w.end());
      *log << "weights by origin: " << *lo << " to " << *hi << "\n";
    }
  }
  fit::TrainerCallbacks cb;
  if (log) cb.log = stream_sink(*log);
  fit::Trainer trainer(start, std::move(samples), o, fit::Communicator::serial(), cb);
  Potential trained = trainer.run();
  trained.trained = true;
  return trained;
}

active::ActiveSet build_active_set(const LearnSettings& s, const Potential& potential,
                                   const std::vector<Configuration>& train) {
  active::SelectionWeights w = s.select.mode == SelectMode::Neighborhood
                                   ? active::SelectionWeights::mlip3_neighborhood_mode()
                                   : active::SelectionWeights::mlip3_configuration_mode();
  active::ActiveSet set(potential, w, 1e-6);
  for (const Configuration& c : train) {
    Configuration bare = c;  // the set keeps its configurations: geometry only, as MLIP-3's state does
    bare.clear_efs();
    bare.features.clear();
    set.queue(bare);
  }
  set.select(1.001, 1.001);
  return set;
}

}  // namespace mtp::learn
