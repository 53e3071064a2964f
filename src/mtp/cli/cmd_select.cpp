// mlp select pot.mtp train.cfg (MLIP-3, undocumented): builds a selection state from a set of configurations
// and stores it with the potential as an .almtp.
#include <iostream>
#include <string>

#include "mtp/active/training_selection.hpp"
#include "mtp/cli/active_options.hpp"
#include "mtp/cli/command.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/almtp_file.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mtp_file.hpp"

namespace mtp::cli {
namespace {

const char kUsage[] = "mlp select pot.mtp train.cfg [--save_to=pot.almtp --save_selected_to=file ...]";

int run(const CommandLine& cl) {
  cl.require_args(2, 2, kUsage);
  const std::string pot = cl.arg(0), train = cl.arg(1);
  const std::string save_to = cl.text({"save-to"}, pot);
  const std::string save_selected = cl.text({"save-selected-to"}, "");
  active::TrainingSelectionOptions options;
  options.batch_size = cl.integer({"batch-size"}, 0);
  options.threshold = cl.number({"threshold"}, 1.001);
  options.init_value = cl.number({"init-value"}, 1e-6);
  active::SelectionWeights weights = active::SelectionWeights::mlip3_configuration_mode();
  if (has_weight_options(cl)) {
    weights.energy = 0.0;
    weights = selection_weights_from(cl, weights);
  }

  io::AlmtpContents contents = io::load_almtp(pot);
  long count = 0;
  auto reader = io::make_cfg_reader(train);
  const active::ActiveSet set = active::select_training_set(
      contents.potential, weights, [&](Configuration& cfg) { return reader->next(cfg); }, options, &count);
  io::save_almtp(save_to, set);
  std::cout << count << " configurations processed, " << set.configurations().size()
            << " selected; selection state saved to \"" << save_to << "\"" << std::endl;
  if (!save_selected.empty()) {
    auto writer = io::make_cfg_text_writer(save_selected, false);
    for (const Configuration& c : set.configurations()) writer->write(c);
    writer->close();
  }
  return 0;
}

const RegisterCommand command(
    {"select",
     {},
     kUsage,
     "selects an active set from configurations and stores it with the potential (MLIP-3 .almtp)",
     "Builds a fresh selection state (A = init_value I) from all configurations of train.cfg and saves the\n"
     "potential with it as an .almtp. The weights select equations (default energy 1; weight_scaling 2).",
     run,
     false},
    joined_options(
        {
            OptionSpec("save-to", OptionType::Text, "", "where to save (default: the first argument)").mlip3("save_to"),
            OptionSpec("save-selected-to", OptionType::Text, "", "also write the selected configurations there")
                .mlip3("save_selected_to"),
            OptionSpec("batch-size", OptionType::Integer, "0",
                       "select after every so many configurations (0: all at once)")
                .mlip3("batch_size").at_least(0),
            OptionSpec("threshold", OptionType::Number, "1.001", "select and swap threshold").mlip3("threshold"),
            OptionSpec("init-value", OptionType::Number, "1e-6", "initial diagonal of the selection matrix")
                .mlip3("init_value"),
        },
        selection_weight_options()));

}  // namespace
}  // namespace mtp::cli
