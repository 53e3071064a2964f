#include "mtp/fit/training_options.hpp"

namespace mtp::fit {

const OptionTable& training_option_table() {
  using T = OptionType;
  constexpr unsigned kNotPython = kCommandLineScope | kSettingsFileScope;
  static const OptionTable table(
      "train",
      {
          OptionSpec("energy-weight", T::Number, "1", "weight of energy errors")
              .mlip2("energy-weight").mlip3("energy_weight").at_least(0),
          OptionSpec("force-weight", T::Number, "0.01", "weight of force errors")
              .mlip2("force-weight").mlip3("force_weight").at_least(0),
          OptionSpec("stress-weight", T::Number, "0.001", "weight of stress (virial) errors")
              .mlip2("stress-weight").mlip3("stress_weight").at_least(0),
          OptionSpec("penalty-weight", T::Number, "1e-9",
                     "weight of the penalty that keeps the radial functions orthonormal (MLIP-2's fixed value)")
              .at_least(0),
          OptionSpec("scale-by-force", T::Number, "0",
                     "s > 0: the force errors of atom i are weighted by s / (|F_i|^2 + s)")
              .mlip2("scale-by-force").mlip3("scale_by_force").at_least(0),
          OptionSpec("weighting", T::Choice, "vibrations",
                     "per-configuration normalisation: vibrations (E/N, F, S/N), molecules (E, F, S), "
                     "structures (E/N^2, F/N, S/N^2)")
              .mlip2("weighting").choices({"vibrations", "molecules", "structures"}),
          OptionSpec("weight-scaling", T::Integer, "",
                     "MLIP-3's form of --weighting: 0 molecules, 1 vibrations, 2 structures (overrides --weighting)")
              .mlip3("weight_scaling").at_least(0).at_most(2),
          OptionSpec("max-iter", T::Integer, "1000", "BFGS iterations")
              .mlip2("max-iter").mlip3("iteration_limit").at_least(0),
          OptionSpec("bfgs-conv-tol", T::Number, "1e-3",
                     "stop when the loss fell by less than this fraction over 50 iterations (negative: never)")
              .mlip2("bfgs-conv-tol").mlip3("tolerance"),
          OptionSpec("init-params", T::Choice, "random",
                     "random: radial coefficients drawn from 5e-7 U(-1,1); same: keep the file's parameters")
              .mlip2("init-params").choices({"random", "same"}),
          OptionSpec("init-random", T::Flag, "", "MLIP-3's form of --init-params: true random, false same (overrides it)")
              .mlip3("init_random"),
          OptionSpec("skip-preinit", T::Flag, "false",
                     "no pre-training (linear fit, Rescale, 75 BFGS iterations) before training")
              .mlip2("skip-preinit").mlip3("skip_preinit"),
          OptionSpec("update-mindist", T::Flag, "false",
                     "set min_dist to 0.99 x the smallest interatomic distance of the training set")
              .mlip2("update-mindist"),
          OptionSpec("no-mindist-update", T::Flag, "false", "keep min_dist (the default here, as in MLIP-2)")
              .mlip3("no_mindist_update"),
          OptionSpec("seed", T::Integer, "0", "seed of the random initialisation: the same seed gives the same potential")
              .at_least(0),
          OptionSpec("threads", T::Integer, "1", "threads per process (the result does not depend on it)")
              .at_least(1).at_most(4096),
          OptionSpec("optimizer", T::Choice, "bfgs", "bfgs (MLIP-2's) or lbfgs").choices({"bfgs", "lbfgs"}),
          OptionSpec("valid-cfgs", T::Text, "", "also report the errors on the configurations of this file")
              .mlip2("valid-cfgs").only_in(kNotPython),
          OptionSpec("curr-pot-name", T::Text, "", "save the current potential to this file after every iteration")
              .mlip2("curr-pot-name").only_in(kNotPython),
          OptionSpec("trained-pot-name", T::Text, "Trained.mtp_",
                     "where the trained potential goes; its options are saved beside it as <name>.train.toml")
              .mlip2("trained-pot-name").mlip3("save_to").only_in(kNotPython),
          OptionSpec("checkpoint", T::Text, "",
                     "every --checkpoint-every iterations and when stopped by a signal, save the current potential "
                     "to this file and the optimiser's exact state to <file>.state (each atomically)")
              .only_in(kNotPython),
          OptionSpec("checkpoint-every", T::Integer, "10", "iterations between checkpoints").at_least(1).only_in(kNotPython),
          OptionSpec("resume", T::Text, "",
                     "continue from a checkpoint: the same data and options give the potential the uninterrupted "
                     "run would have given")
              .only_in(kCommandLineScope),
          OptionSpec("log", T::Text, "stdout", "where the training log goes: stdout, none, or a file name")
              .mlip3("log").only_in(kNotPython),
          OptionSpec("config", T::Text, "",
                     "a TOML settings file with any of these options (names with '_' or '-'); the command line "
                     "overrides it")
              .only_in(kCommandLineScope),
      });
  return table;
}

TrainerOptions trainer_options_from(const OptionValues& v) {
  TrainerOptions o;
  o.weights.energy = v.number("energy-weight");
  o.weights.force = v.number("force-weight");
  o.weights.stress = v.number("stress-weight");
  o.weights.penalty = v.number("penalty-weight");
  o.weights.scale_by_force = v.number("scale-by-force");
  o.weights.weighting = parse_weighting(v.text("weighting"));
  if (v.given("weight-scaling")) {
    const long ws = v.integer("weight-scaling");
    o.weights.weighting = ws == 0 ? Weighting::Molecules : ws == 1 ? Weighting::Vibrations : Weighting::Structures;
  }
  o.max_iterations = int(v.integer("max-iter"));
  o.convergence_tolerance = v.number("bfgs-conv-tol");
  o.init_random = v.text("init-params") == "random";
  if (v.given("init-random")) o.init_random = v.flag("init-random");
  o.skip_preinit = v.flag("skip-preinit");
  o.update_mindist = v.flag("update-mindist") && !v.flag("no-mindist-update");
  o.seed = static_cast<unsigned long long>(v.integer("seed"));
  o.threads = int(v.integer("threads"));
  o.optimizer = v.text("optimizer") == "lbfgs" ? Optimizer::Lbfgs : Optimizer::Bfgs;
  return o;
}

}  // namespace mtp::fit
