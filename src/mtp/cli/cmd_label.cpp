// label: energies, forces and stresses of a .cfg from the oracle of an active-learning settings file.
#include <iostream>

#include "mtp/cli/command.hpp"
#include "mtp/core/error.hpp"
#include "mtp/learn/compute_progress.hpp"
#include "mtp/learn/label.hpp"
#include "mtp/learn/mtp_oracle.hpp"
#include "mtp/learn/settings.hpp"
#include "mtp/learn/work_directory.hpp"

namespace mtp::cli {
namespace {

const char* const kUsage = "mlp label SETTINGS.toml in.cfg out.cfg [--work-dir=DIR] [--parallel=N]";

int run_label(const CommandLine& cl) {
  cl.require_args(3, 3, kUsage);
  const learn::LearnSettings s = learn::read_settings(cl.arg(0));
  const std::string in_path = cl.arg(1), out_path = cl.arg(2);
  const OptionValues& o = cl.options();
  const std::string work = o.given("work-dir") ? o.text("work-dir") : out_path + ".calcs";
  const long parallel = o.given("parallel") ? o.integer("parallel") : long(s.oracle.parallel);

  const std::vector<Configuration> inputs = learn::load_configurations(in_path);
  if (inputs.empty()) throw Error(in_path, 0, "no configuration to label");
  const auto oracle = learn::make_learning_oracle(s.oracle.kind, s.oracle.settings);
  std::cout << "labelling " << inputs.size() << " configurations of " << in_path << " with the " << oracle->name()
            << " oracle in " << work << std::endl;
  const learn::ComputeOutcome r = learn::label_configurations(*oracle, inputs, work, int(parallel),
                                                              learn::oracle_progress_lines(std::cout, "  oracle: "));
  std::vector<Configuration> labelled;
  for (const auto& c : r.results)
    if (c) labelled.push_back(*c);
  for (const std::string& f : r.failures) std::cout << "  failed: " << f << "\n";
  if (labelled.empty()) throw Error(in_path, 0, "the oracle failed on every configuration; " + out_path + " not written");
  learn::save_configurations(out_path, labelled);
  std::cout << labelled.size() << " of " << inputs.size() << " configurations labelled into " << out_path << " ("
            << r.calls << " oracle calls, " << r.reused << " results from an earlier run, "
            << learn::readable_duration(r.seconds) << " of oracle time)" << std::endl;
  return r.failures.empty() ? 0 : 2;
}

const RegisterCommand registration(
    {
    "label",
    {"calc-oracle"},
    kUsage,
    "energies, forces and stresses of in.cfg from the oracle of an active-learning settings file",
    "Computes every configuration of in.cfg with the oracle of the settings' [oracle] table (the one\n"
    "`mlp active-learn` uses; docs/ORACLES.md) and writes them, with energies, forces and stresses, to out.cfg.\n"
    "Each calculation runs in DIR/calc_KKKK (kept for inspection), several at once, a failure retried once;\n"
    "one line per finished calculation gives done/total, elapsed and the time left. Run the same command\n"
    "again after an interruption and finished calculations are read back, not repeated.\n"
    "Exit status: 0 all labelled; 2 some failed (each named; out.cfg holds the others); 1 on an error\n"
    "(out.cfg untouched).",
    run_label},
    {
        OptionSpec("work-dir", OptionType::Text, "", "DIR: folder of the calculations (default out.cfg.calcs)"),
        OptionSpec("parallel", OptionType::Integer, "", "calculations at once (default: oracle.parallel of the settings)")
            .at_least(1),
    });

}  // namespace
}  // namespace mtp::cli
