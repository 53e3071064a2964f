#include <iostream>

#include "mtp/cli/command.hpp"
#include "mtp/core/error.hpp"
#include "mtp/learn/loop.hpp"
#include "mtp/learn/mtp_oracle.hpp"
#include "mtp/learn/settings.hpp"

namespace mtp::cli {
namespace {

int run_active_learn(const CommandLine& cl) {
  if (cl.args().size() != 1) throw Error("usage: mlp active-learn SETTINGS.toml");
  learn::LearnSettings s = learn::read_settings(cl.arg(0));
  if (cl.has({"work-dir"})) s.work_dir = cl.text({"work-dir"}, s.work_dir);
  if (cl.has({"max-iter"})) s.max_iterations = int(cl.integer({"max-iter"}, s.max_iterations));
  if (cl.has({"holdout"})) s.holdout.file = cl.text({"holdout"}, s.holdout.file);
  if (cl.has({"initial-set"})) s.train.initial_set = cl.text({"initial-set"}, s.train.initial_set);
  if (cl.has({"engine"})) {
    const std::string engine = cl.text({"engine"}, "");
    if (engine == "internal") s.explore.engine = learn::ExploreEngine::Internal;
    else if (engine == "lammps") s.explore.engine = learn::ExploreEngine::Lammps;
    else throw Error("--engine: expected internal or lammps, got \"" + engine + "\"");
  }
  const auto oracle = learn::make_learning_oracle(s.oracle.kind, s.oracle.settings);
  const learn::LoopResult r = learn::run_active_learning(s, *oracle, &std::cout);
  std::cout << "potential:    " << r.potential << "\n"
            << "training set: " << r.training_set << "\n"
            << "report:       " << r.report << " (and report.json)\n"
            << r.plots << std::endl;
  return r.converged ? 0 : 3;
}

const RegisterCommand registration{Command{
    "active-learn",
    {"active_learn", "active-learning"},
    "mlp active-learn SETTINGS.toml [--work-dir=DIR] [--max-iter=N] [--holdout=FILE] [--initial-set=FILE] [--engine=internal|lammps]",
    "automated active learning: explore, select, compute with an oracle, retrain, until nothing extrapolates",
    "Runs the active-learning loop the settings file describes (docs/ACTIVE_LEARNING.md lists every key and\n"
    "its default): a starting training set computed by the oracle, then iterations of exploration (MD and\n"
    "relaxations with extrapolation control, in-process or in LAMMPS), selection of the configurations that\n"
    "most enlarge the active set, oracle calls on them (several at once, failures retried once and skipped),\n"
    "and retraining, until an exploration finds nothing above the save threshold or max_iterations.\n"
    "Everything goes to the work directory; run the same command again after an interruption and it resumes\n"
    "where it stopped without repeating finished oracle calls.\n"
    "Exit status: 0 converged, 3 stopped at the iteration limit, 1 on an error.",
    run_active_learn},
    {
        OptionSpec("work-dir", OptionType::Text, "", "overrides work_dir of the settings file"),
        OptionSpec("max-iter", OptionType::Integer, "", "overrides max_iterations").at_least(0),
        OptionSpec("holdout", OptionType::Text, "",
                   "overrides holdout.file (.cfg; configurations without energies go to the oracle once)"),
        OptionSpec("initial-set", OptionType::Text, "",
                   "overrides train.initial_set (with --max-iter=0: train on FILE only, for comparisons)"),
        OptionSpec("engine", OptionType::Choice, "",
                   "overrides explore.engine (internal: in-process MD, no LAMMPS needed)")
            .choices({"internal", "lammps"}),
    }};

}  // namespace
}  // namespace mtp::cli
