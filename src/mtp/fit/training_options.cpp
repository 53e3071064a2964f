#include "mtp/fit/training_options.hpp"

#include "mtp/core/error.hpp"
#include "mtp/core/parallel_for.hpp"
#include "mtp/fit/communicator.hpp"

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
                     "weight of the penalty that keeps the radial functions orthonormal (MLIP-2's fixed value; 1e-6, MLIP-3's, "
                     "in MLIP-3's .almtp flow)")
              .at_least(0),
          OptionSpec("scale-by-force", T::Number, "0",
                     "s > 0: the force errors of atom i are weighted by s / (|F_i|^2 + s)")
              .mlip2("scale-by-force").mlip3("scale_by_force").at_least(0),
          OptionSpec("weighting", T::Choice, "",
                     "per-configuration normalisation: vibrations (E/N, F, S/N; the default), molecules (E, F, S), "
                     "structures (E/N^2, F/N, S/N^2)")
              .mlip2("weighting").choices({"vibrations", "molecules", "structures"}),
          OptionSpec("weight-scaling", T::Number, "",
                     "MLIP-3's form of --weighting (give one of them): the energy term divided by N^p (default 1); "
                     "the stress term is always divided by N")
              .mlip3("weight_scaling").at_least(0).at_most(64),
          OptionSpec("weight-scaling-forces", T::Number, "",
                     "MLIP-3: the force term divided by N^p (default 0; 0/0 molecules, 1/0 vibrations, 2/1 structures)")
              .mlip3("weight_scaling_forces").at_least(0).at_most(64),
          OptionSpec("max-iter", T::Integer, "1000", "BFGS iterations")
              .mlip2("max-iter").mlip3("iteration_limit").at_least(0),
          OptionSpec("bfgs-conv-tol", T::Number, "1e-3",
                     "stop when the loss fell by less than this fraction over 50 iterations (negative: never)")
              .mlip2("bfgs-conv-tol").mlip3("tolerance"),
          OptionSpec("init-params", T::Choice, "random",
                     "random: radial coefficients drawn from 5e-7 U(-1,1); same: keep the file's parameters (the default "
                     "in MLIP-3's .almtp flow)")
              .mlip2("init-params").choices({"random", "same"}),
          OptionSpec("init-random", T::Flag, "", "MLIP-3's form of --init-params: true random, false same (overrides it)")
              .mlip3("init_random"),
          OptionSpec("skip-preinit", T::Flag, "false",
                     "no pre-training (linear fit, Rescale, 75 BFGS iterations) before training")
              .mlip2("skip-preinit").mlip3("skip_preinit"),
          OptionSpec("skip-final-refit", T::Flag, "false",
                     "keep the potential of the last BFGS iteration: no closing linear fit and Rescale (with which "
                     "MLIP-2's procedure ends; Rescale picks the scaling by a condition number, not by the loss)"),
          OptionSpec("update-mindist", T::Flag, "false",
                     "set min_dist to 0.99 x the smallest interatomic distance of the training set (the default in MLIP-3's "
                     ".almtp flow, before pre-training)")
              .mlip2("update-mindist"),
          OptionSpec("no-mindist-update", T::Flag, "false", "keep min_dist (the default here, as in MLIP-2, outside MLIP-3's .almtp flow)")
              .mlip3("no_mindist_update"),
          OptionSpec("seed", T::Integer, "0", "seed of the random initialisation: the same seed gives the same potential")
              .at_least(0),
          OptionSpec("threads", T::Integer, "0",
                     "threads per process, 0 = all cores (one per rank under mpirun); the result does not depend on it")
              .at_least(0).at_most(4096),
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
          OptionSpec("al-mode", T::Choice, "",
                     "MLIP-3's .almtp flow (also chosen by an .almtp potential or --save_to): the trained potential is "
                     "saved with a selection state from the training set, cfg (rows dE/N per configuration) or nbh "
                     "(site-energy rows per atom); ignored, as in MLIP-3, when the potential already holds a state")
              .mlip3("al_mode").choices({"cfg", "nbh"}).only_in(kNotPython),
          OptionSpec("select-factor", T::Number, "1",
                     "MLIP-3's extra weight on the equations outside the active set: only 1 is supported")
              .mlip3("select_factor").only_in(kNotPython),
          OptionSpec("auto-minmax-magmom", T::Flag, "false",
                     "MLIP-3's magnetic basis interval from the data: refused (the interval is kept as the potential "
                     "file gives it)")
              .mlip3("auto-minmax-magmom").only_in(kNotPython),
          OptionSpec("type-order", T::Text, "",
                     "Na,Cl,...: the element of each type of train.cfg (symbols or atomic numbers), recorded in the "
                     "trained potential (must agree with names the potential already records)")
              .only_in(kNotPython),
          OptionSpec("log-detail", T::Choice, "brief",
                     "brief: a progress line every --log-every seconds and one line per Rescale; mlip2: MLIP-2's lines "
                     "(every \"BFGS iter k: f=\" and every Rescale candidate)")
              .choices({"brief", "mlip2"}).only_in(kNotPython),
          OptionSpec("log-every", T::Number, "60",
                     "seconds between progress lines (iteration, loss, train and validation RMSE, time left) in a brief "
                     "log; 0: after every iteration")
              .at_least(0).only_in(kNotPython),
          OptionSpec("learning-curve", T::Text, "",
                     "file.csv: every --curve-every iterations a row: loss, train RMSE and, with --valid-cfgs, validation "
                     "RMSE and MAE of energies, forces and stresses")
              .only_in(kNotPython),
          OptionSpec("curve-every", T::Integer, "10", "iterations between learning-curve rows").at_least(1).only_in(kNotPython),
          OptionSpec("plots", T::Text, "",
                     "DIR: write DIR/learning_curve.csv, DIR/parity.csv and, with python3 and matplotlib, "
                     "DIR/learning_curve.png and DIR/parity.png (scripts/train_plots.py)")
              .only_in(kNotPython),
          OptionSpec("weight-feature", T::Text, "",
                     "NAME: a configuration's \"Feature NAME w\" multiplies its loss terms by w (w >= 0)")
              .only_in(kNotPython),
          OptionSpec("energy-based-weights", T::Number, "0",
                     "DE > 0: weight configurations by floor + (1-floor) exp(-(E/N - min E/N) / DE), DE in eV/atom, "
                     "normalised to mean 1 (pacemaker-like; 0: off)")
              .at_least(0).only_in(kNotPython),
          OptionSpec("energy-weight-floor", T::Number, "0.1", "the uniform share of the energy-based weights")
              .at_least(0).at_most(1).only_in(kNotPython),
          OptionSpec("init-from", T::Text, "",
                     "lower.mtp: start from a trained potential of a lower level (upfitting): its radial functions, "
                     "species and shared basis coefficients kept, new ones 0 (same energies before training)")
              .only_in(kNotPython),
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
  if (v.given("weighting")) o.weights.weighting = parse_weighting(v.text("weighting"));
  if (v.given("weight-scaling") || v.given("weight-scaling-forces")) {
    if (v.given("weighting"))
      throw Error("--weighting (MLIP-2) and --weight_scaling/--weight_scaling_forces (MLIP-3) both set the "
                  "atom-count normalisation: give one of them");
    AtomCountPowers powers;
    if (v.given("weight-scaling")) powers.energy = v.number("weight-scaling");
    if (v.given("weight-scaling-forces")) powers.force = v.number("weight-scaling-forces");
    o.weights.powers = powers;
  }
  o.max_iterations = int(v.integer("max-iter"));
  o.convergence_tolerance = v.number("bfgs-conv-tol");
  o.init_random = v.text("init-params") == "random";
  if (v.given("init-random")) o.init_random = v.flag("init-random");
  o.skip_preinit = v.flag("skip-preinit");
  o.skip_final_refit = v.flag("skip-final-refit");
  o.update_mindist = v.flag("update-mindist") && !v.flag("no-mindist-update");
  if (v.number("select-factor") != 1.0)
    throw Error("--select_factor other than 1 (MLIP-3's extra weight on the equations outside the active set) is "
                "not supported");
  if (v.flag("auto-minmax-magmom"))
    throw Error("--auto-minmax-magmom is not supported: the magnetic basis interval is kept as the potential file "
                "gives it");
  o.seed = static_cast<unsigned long long>(v.integer("seed"));
  // As in every command: absent or 0 = all cores; under mpirun, where each rank has a core, one unless given.
  o.threads = resolve_threads(v.given("threads") || !launched_by_mpi() ? int(v.integer("threads")) : 1);
  o.optimizer = v.text("optimizer") == "lbfgs" ? Optimizer::Lbfgs : Optimizer::Bfgs;
  return o;
}

void apply_mlip3_flow_defaults(OptionValues& v) {
  if (!v.given("penalty-weight")) v.set("penalty-weight", "1e-6", OptionSource::Program);
  if (!v.given("init-params")) v.set("init-params", "same", OptionSource::Program);
  if (!v.given("update-mindist")) v.set("update-mindist", "true", OptionSource::Program);
}

}  // namespace mtp::fit
