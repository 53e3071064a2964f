// mlp select-add pot.mtp train.cfg new.cfg diff.cfg (MLIP-2) and mlp select_add pot.almtp train.cfg
// candidates.cfg new.cfg (MLIP-3, when the potential carries a selection state).
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "mtp/active/active_set.hpp"
#include "mtp/active/selected_equations.hpp"
#include "mtp/cli/active_options.hpp"
#include "mtp/cli/command.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/almtp_file.hpp"
#include "mtp/io/als_file.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mtp_file.hpp"

namespace mtp::cli {
namespace {

const char kUsage[] = "mlp select-add pot.mtp train.cfg new.cfg diff.cfg [options]";

long id_of(const Configuration& cfg) {
  auto it = cfg.features.find("ID");
  if (it == cfg.features.end()) return 0;
  try {
    return std::stol(it->second);
  } catch (const std::exception&) {
    return 0;
  }
}

// MLIP-2's procedure (spec 4): the training set is selected first with the swap threshold as select threshold
// (sic), then the new configurations with the select threshold and the swap limit; new configurations that
// own rows afterwards go to diff.cfg.
int run_mlip2(const CommandLine& cl) {
  const std::string pot = cl.arg(0), train = cl.arg(1), candidates = cl.arg(2), diff = cl.arg(3);
  const Mlip2SelectionOptions options = mlip2_selection_options_from(cl);
  const std::string selected_file = cl.text({"selected-filename"}, "selected.cfg");
  const long limit = cl.integer({"selection-limit", "swap-limit"}, 0);
  const active::SelectionWeights weights = selection_weights_from(cl, active::SelectionWeights{});
  if (limit < 0) throw Error("--selection-limit must be 0 (no limit) or positive");

  std::cout << "MTPR from " << pot << ", traning set: " << train << ", add from set: " << candidates << std::endl;
  active::ActiveSet set(io::load_potential(pot), weights, options.init_threshold);

  std::cout << "loading training set... " << std::flush;
  long count = 0;
  {
    auto reader = io::make_cfg_reader(train);
    Configuration cfg;
    while (reader->next(cfg)) {
      cfg.features["ID"] = "-1";
      set.queue(cfg);
      ++count;
    }
  }
  std::cout << "done" << std::endl;
  std::cout << count << " configurations found in the training set" << std::endl;
  set.select(options.swap_threshold, options.swap_threshold);
  for (Configuration& c : set.configurations()) c.features["ID"] = "-1";
  set.placeholder().features["ID"] = "-1";

  long new_count = 0;
  {
    auto reader = io::make_cfg_reader(candidates);
    Configuration cfg;
    while (reader->next(cfg)) {
      cfg.features["ID"] = std::to_string(++new_count);
      set.queue(cfg);
    }
  }
  set.select(options.select_threshold, options.swap_threshold, limit > 0 ? limit : -1);
  if (limit > 0) std::cout << "Swap limit = " << limit << std::endl;
  std::cout << set.filled_rows() << " configurations selected from both sets" << std::endl;
  std::cout << "new configuration count = " << new_count << std::endl;

  // diff.cfg: new configurations owning rows, in row order, each once, without their ID feature.
  long added = 0;
  // MLIP-2 erases the ID of the first row's copy only: a configuration owning several rows (neighbourhood or
  // force rows) keeps its ID in the later copies written to the selected file.
  std::map<int, std::string> erased_ids;
  {
    auto writer = io::make_cfg_text_writer(diff, false);
    for (const active::RowOwner& o : set.owners()) {
      if (o.cfg < 0 || erased_ids.count(o.cfg)) continue;
      Configuration& c = set.configurations()[std::size_t(o.cfg)];
      if (id_of(c) <= 0) continue;
      erased_ids[o.cfg] = c.features["ID"];
      c.features.erase("ID");
      writer->write(c);
      ++added;
    }
    writer->close();
  }
  std::cout << "TS increased by " << added << " configs" << std::endl;

  io::save_als(options.als_path, set);
  std::cout << "MLIP: Selection: state saved to \"" << options.als_path << "\"" << std::endl;
  {
    // One configuration per filled row, as MLIP-2 writes its active set (repeats when a configuration owns
    // several rows).
    auto writer = io::make_cfg_text_writer(selected_file, false);
    std::set<int> seen;
    for (const active::RowOwner& o : set.owners()) {
      if (o.cfg < 0) continue;
      const Configuration& c = set.configurations()[std::size_t(o.cfg)];
      const auto erased = erased_ids.find(o.cfg);
      if (!seen.insert(o.cfg).second && erased != erased_ids.end()) {
        Configuration copy = c;
        copy.features["ID"] = erased->second;
        writer->write(copy);
      } else {
        writer->write(c);
      }
    }
    writer->close();
  }
  std::cout << "MLIP: Selection: training set saved to \"" << selected_file << "\"" << std::endl;
  return 0;
}

// MLIP-3's select_add (spec mlip3 3.3): the stored state (weights from the file unless given), the training
// set selected with threshold 1.001, then the candidates with --threshold (1.001) and --swap_limit, then the
// training set again; candidates owning rows are written with Feature selected_eqn_inds. The .almtp is not
// rewritten.
int run_mlip3(const CommandLine& cl, io::AlmtpContents contents) {
  const std::string train = cl.arg(1), candidates = cl.arg(2), output = cl.arg(3);
  const double threshold = cl.number({"threshold"}, 1.001);
  const double init_value = cl.number({"init-value"}, 1e-6);
  const long limit = cl.integer({"swap-limit", "selection-limit"}, 0);
  const long batch_size = cl.integer({"batch-size"}, 9999);
  if (!(threshold > 1.0)) throw Error("--threshold must be greater than 1");
  active::SelectionWeights weights = contents.active_set ? contents.active_set->weights()
                                                         : active::SelectionWeights::mlip3_configuration_mode();
  if (has_weight_options(cl)) {
    weights = active::SelectionWeights::mlip3_configuration_mode();
    weights.energy = 0.0;
    weights = selection_weights_from(cl, weights);
    if (!weights.any()) weights.energy = 1.0;
  }
  std::optional<active::ActiveSet> holder;
  if (contents.active_set && !has_weight_options(cl))
    holder.emplace(std::move(*contents.active_set));
  else
    holder.emplace(contents.potential, weights, init_value);
  active::ActiveSet& set = *holder;

  auto select_training = [&]() {
    auto reader = io::make_cfg_reader(train);
    Configuration cfg;
    while (reader->next(cfg)) set.queue(cfg);
    set.select(1.001, 1.001);
  };
  select_training();
  const char kNew[] = "!@$%^&is_new";
  {
    auto reader = io::make_cfg_reader(candidates);
    Configuration cfg;
    while (reader->next(cfg)) {
      cfg.features[kNew] = "true";
      set.queue(cfg);
      if (batch_size > 0 && long(set.queued()) >= batch_size) set.select(threshold, threshold, limit > 0 ? limit : -1);
    }
    set.select(threshold, threshold, limit > 0 ? limit : -1);
  }
  select_training();

  const std::vector<std::string> equation_lists = active::selected_equation_lists(set);
  long added = 0;
  auto writer = io::make_cfg_text_writer(output, false);
  for (std::size_t c = 0; c < set.configurations().size(); ++c) {
    Configuration cfg = set.configurations()[c];
    auto it = cfg.features.find(kNew);
    if (it == cfg.features.end()) continue;
    cfg.features.erase(it);
    cfg.features["selected_eqn_inds"] = equation_lists[c];
    writer->write(cfg);
    ++added;
  }
  writer->close();
  std::cout << "Training set was increased by " << added << " configurations" << std::endl;
  return 0;
}

int run(const CommandLine& cl) {
  cl.require_args(4, 4, kUsage);
  if (io::has_mlip3_state(cl.arg(0))) return run_mlip3(cl, io::load_almtp(cl.arg(0)));
  return run_mlip2(cl);
}

const RegisterCommand command(
    {"select-add",
     {"select_add"},
     kUsage,
     "actively selects configurations to be added to the current training set",
     "Selects an active set from train.cfg, then actively selects from new.cfg; the new configurations\n"
     "that enter the active set (need ab initio data) are written to diff.cfg.\n"
     "  --init-threshold=<num>: initial value of the active-set matrix diagonal, default 1e-5\n"
     "  --select-threshold=<num>: select threshold, default 1.1\n"
     "  --swap-threshold=<num>: swap threshold, default 1.0000001\n"
     "  --als-filename=<file>: active-learning state file written, default state.als\n"
     "  --selected-filename=<file>: the whole active set, one configuration per matrix row, default selected.cfg\n"
     "  --selection-limit=<num>: at most this many swaps for the new configurations, default 0 (no limit)\n"
     "  --weighting=<vibrations|molecules|structures>: scaling with the atom count, default vibrations\n"
     "  --energy-weight, --force-weight, --stress-weight, --nbh-weight=<num>: equations selected (1, 0, 0, 0)\n"
     "MLIP-3 form (pot.almtp with a selection state): mlp select_add pot.almtp train.cfg candidates.cfg new.cfg\n"
     "  [--swap_limit=N --threshold=1.001 --batch_size=9999 --energy_weight ... --site_en_weight ...]\n"
     "  writes the selected candidates with Feature selected_eqn_inds; pot.almtp is not changed.",
     run});

}  // namespace
}  // namespace mtp::cli
