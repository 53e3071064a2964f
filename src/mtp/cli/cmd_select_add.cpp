// mlp select-add pot.mtp train.cfg new.cfg diff.cfg (MLIP-2) and mlp select_add pot.almtp train.cfg
// candidates.cfg new.cfg (MLIP-3, when the potential carries a selection state).
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "mtp/active/active_set.hpp"
#include "mtp/active/select_add.hpp"
#include "mtp/cli/active_options.hpp"
#include "mtp/cli/command.hpp"
#include "mtp/cli/log_destination.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/almtp_file.hpp"
#include "mtp/io/als_file.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mtp_file.hpp"

namespace mtp::cli {
namespace {

const char kUsage[] = "mlp select-add pot.mtp train.cfg new.cfg diff.cfg [options]";

// Reads a .cfg file once, through the library's stream interface.
active::ConfigurationStream file_stream(const std::string& path) {
  return [reader = std::shared_ptr<io::ConfigurationReader>(io::make_cfg_reader(path))](Configuration& cfg) { return reader->next(cfg); };
}

// MLIP-2's procedure (active::mlip2_select_add), its messages and files: diff.cfg with the new configurations
// owning rows, state.als, and selected.cfg with one configuration per filled row.
int run_mlip2(const CommandLine& cl) {
  const std::string pot = cl.arg(0), train = cl.arg(1), candidates = cl.arg(2), diff = cl.arg(3);
  const Mlip2SelectionOptions options = mlip2_selection_options_from(cl);
  const std::string selected_file = cl.text({"selected-filename"}, "selected.cfg");
  active::Mlip2SelectAddOptions procedure;
  procedure.select_threshold = options.select_threshold;
  procedure.swap_threshold = options.swap_threshold;
  procedure.selection_limit = cl.integer({"selection-limit", "swap-limit"}, 0);
  const active::SelectionWeights weights = selection_weights_from(cl, active::SelectionWeights{});
  if (procedure.selection_limit < 0) throw Error("--selection-limit must be 0 (no limit) or positive");

  std::cout << "MTPR from " << pot << ", traning set: " << train << ", add from set: " << candidates << std::endl;
  active::ActiveSet set(io::load_potential(pot), weights, options.init_threshold);
  std::cout << "loading training set... " << std::flush;
  const active::SelectAddCounts counts = active::mlip2_select_add(set, file_stream(train), file_stream(candidates), procedure);
  std::cout << "done" << std::endl;
  std::cout << counts.training << " configurations found in the training set" << std::endl;
  if (procedure.selection_limit > 0) std::cout << "Swap limit = " << procedure.selection_limit << std::endl;
  std::cout << set.filled_rows() << " configurations selected from both sets" << std::endl;
  std::cout << "new configuration count = " << counts.candidates << std::endl;

  // diff.cfg: without the ID mark. MLIP-2 erases the ID of the first row's copy only: a configuration owning
  // several rows (neighbourhood or force rows) keeps its ID in the later copies written to the selected file.
  const std::vector<std::size_t> added = active::selected_candidates(set);
  std::map<std::size_t, std::string> erased_ids;
  {
    auto writer = io::make_cfg_text_writer(diff, false);
    for (std::size_t c : added) {
      Configuration& cfg = set.configurations()[c];
      erased_ids[c] = cfg.features["ID"];
      cfg.features.erase("ID");
      writer->write(cfg);
    }
    writer->close();
  }
  std::cout << "TS increased by " << added.size() << " configs" << std::endl;

  io::save_als(options.als_path, set);
  std::cout << "MLIP: Selection: state saved to \"" << options.als_path << "\"" << std::endl;
  {
    auto writer = io::make_cfg_text_writer(selected_file, false);
    std::set<int> seen;
    for (const active::RowOwner& o : set.owners()) {
      if (o.cfg < 0) continue;
      const Configuration& c = set.configurations()[std::size_t(o.cfg)];
      const auto erased = erased_ids.find(std::size_t(o.cfg));
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

// MLIP-3's select_add (active::mlip3_select_add): the stored state (weights from the file unless given), the
// selected candidates written with Feature selected_eqn_inds. The .almtp is not rewritten.
int run_mlip3(const CommandLine& cl, io::AlmtpContents contents) {
  const std::string train = cl.arg(1), candidates = cl.arg(2), output = cl.arg(3);
  active::Mlip3SelectAddOptions procedure;
  procedure.threshold = cl.number({"threshold"}, 1.001);
  procedure.swap_limit = cl.integer({"swap-limit", "selection-limit"}, 0);
  procedure.batch_size = cl.integer({"batch-size"}, 9999);
  const double init_value = cl.number({"init-value"}, 1e-6);
  LogDestination log(cl.options().text("log"));
  procedure.log = log.stream();
  if (!(procedure.threshold > 1.0)) throw Error("--threshold must be greater than 1");
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
  const std::vector<Configuration> added = active::mlip3_select_add(
      *holder, [&] { return file_stream(train); }, file_stream(candidates), procedure);
  auto writer = io::make_cfg_text_writer(output, false);
  for (const Configuration& cfg : added) writer->write(cfg);
  writer->close();
  std::cout << "Training set was increased by " << added.size() << " configurations" << std::endl;
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
     "that enter the active set (need ab initio data) are written to diff.cfg. The weights select equations\n"
     "(MLIP-2 form: energy 1, others 0; weighting vibrations).\n"
     "MLIP-3 form (pot.almtp with a selection state): mlp select_add pot.almtp train.cfg candidates.cfg new.cfg\n"
     "  writes the selected candidates with Feature selected_eqn_inds; pot.almtp is not changed. Its options:\n"
     "  --swap_limit, --threshold, --batch_size, --init_value, --log and the weights.",
     run},
    joined_options(joined_options(mlip2_selection_options(),
                                  {
                                      OptionSpec("selected-filename", OptionType::Text, "selected.cfg",
                                                 "MLIP-2 form: the whole active set, one configuration per matrix row")
                                          .mlip2("selected-filename"),
                                      OptionSpec("selection-limit", OptionType::Integer, "0",
                                                 "at most this many swaps for the new configurations (0: no limit)")
                                          .mlip2("selection-limit").mlip3("swap_limit").at_least(0),
                                      OptionSpec("threshold", OptionType::Number, "1.001",
                                                 "MLIP-3 form: select and swap threshold")
                                          .mlip3("threshold"),
                                      OptionSpec("batch-size", OptionType::Integer, "9999",
                                                 "MLIP-3 form: candidates per selection batch")
                                          .mlip3("batch_size").at_least(1),
                                      OptionSpec("init-value", OptionType::Number, "1e-6",
                                                 "MLIP-3 form: initial diagonal of a fresh selection matrix")
                                          .mlip3("init_value"),
                                      OptionSpec("log", OptionType::Text, "none",
                                                 "MLIP-3 form: MLIP-3's selection log: stdout, none or a file name")
                                          .mlip3("log"),
                                  }),
                   selection_weight_options()));

}  // namespace
}  // namespace mtp::cli
