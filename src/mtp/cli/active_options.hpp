#pragma once
// Options shared by the active-learning commands (calc-grade, select-add, select).
#include <string>
#include <vector>

#include "mtp/active/selection_weights.hpp"
#include "mtp/cli/command_line.hpp"
#include "mtp/core/error.hpp"

namespace mtp::cli {

// MLIP-2's hidden weight options (--nbh-weight, --energy-weight, --force-weight, --stress-weight) and
// --weighting, with MLIP-3's spellings (--site_en_weight, --weight_scaling) accepted too.
inline active::SelectionWeights selection_weights_from(const CommandLine& cl, active::SelectionWeights w) {
  w.site_energy = cl.number({"nbh-weight", "site-en-weight"}, w.site_energy);
  w.energy = cl.number({"energy-weight"}, w.energy);
  w.force = cl.number({"force-weight"}, w.force);
  w.stress = cl.number({"stress-weight"}, w.stress);
  if (cl.has({"weighting"})) w.weighting = active::parse_weighting(cl.text({"weighting"}, "vibrations"));
  if (cl.has({"weight-scaling"})) w.weight_scaling = int(cl.integer({"weight-scaling"}, 2));
  return w;
}

// MLIP-2's selection options of calc-grade and select-add, with its defaults, checked.
struct Mlip2SelectionOptions {
  double init_threshold = 1e-5;
  double select_threshold = 1.1;
  double swap_threshold = 1.0000001;
  std::string als_path = "state.als";
};

inline Mlip2SelectionOptions mlip2_selection_options_from(const CommandLine& cl) {
  Mlip2SelectionOptions o;
  o.init_threshold = cl.number({"init-threshold"}, o.init_threshold);
  o.select_threshold = cl.number({"select-threshold"}, o.select_threshold);
  o.swap_threshold = cl.number({"swap-threshold"}, o.swap_threshold);
  o.als_path = cl.text({"als-filename", "mvs-filename"}, o.als_path);
  if (!(o.init_threshold > 0.0) || !(o.select_threshold > 1.0) || !(o.swap_threshold > 1.0))
    throw Error("invalid threshold: --init-threshold must be > 0, --select-threshold and --swap-threshold > 1");
  return o;
}

// The option table entries of selection_weights_from: no defaults, since each command starts from its own weights.
inline std::vector<OptionSpec> selection_weight_options() {
  return {
      OptionSpec("nbh-weight", OptionType::Number, "", "weight of the site-energy (neighbourhood) equations")
          .mlip2("nbh-weight").mlip3("site_en_weight").at_least(0),
      OptionSpec("energy-weight", OptionType::Number, "", "weight of the energy equations")
          .mlip2("energy-weight").mlip3("energy_weight").at_least(0),
      OptionSpec("force-weight", OptionType::Number, "", "weight of the force equations")
          .mlip2("force-weight").mlip3("force_weight").at_least(0),
      OptionSpec("stress-weight", OptionType::Number, "", "weight of the stress equations")
          .mlip2("stress-weight").mlip3("stress_weight").at_least(0),
      OptionSpec("weighting", OptionType::Choice, "", "scaling with the atom count")
          .mlip2("weighting").choices({"vibrations", "molecules", "structures"}),
      OptionSpec("weight-scaling", OptionType::Integer, "",
                 "MLIP-3's scaling: energy and stress rows divided by N^(p/2)")
          .mlip3("weight_scaling").at_least(0).at_most(2),
  };
}

// The option table entries of mlip2_selection_options_from.
inline std::vector<OptionSpec> mlip2_selection_options() {
  return {
      OptionSpec("init-threshold", OptionType::Number, "1e-5", "initial value of the active-set matrix diagonal")
          .mlip2("init-threshold"),
      OptionSpec("select-threshold", OptionType::Number, "1.1", "select threshold").mlip2("select-threshold"),
      OptionSpec("swap-threshold", OptionType::Number, "1.0000001", "swap threshold").mlip2("swap-threshold"),
      OptionSpec("als-filename", OptionType::Text, "state.als", "active-learning state file")
          .mlip2("als-filename").alias("mvs-filename"),
  };
}

// A command's table: lists of entries joined.
inline std::vector<OptionSpec> joined_options(std::vector<OptionSpec> a, const std::vector<OptionSpec>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

inline bool has_weight_options(const CommandLine& cl) {
  return cl.has({"nbh-weight", "site-en-weight"}) || cl.has({"energy-weight"}) || cl.has({"force-weight"}) ||
         cl.has({"stress-weight"}) || cl.has({"weight-scaling"});
}

}  // namespace mtp::cli
