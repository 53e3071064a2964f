#pragma once
// Options shared by the active-learning commands (calc-grade, select-add, select).
#include <string>

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

inline bool has_weight_options(const CommandLine& cl) {
  return cl.has({"nbh-weight", "site-en-weight"}) || cl.has({"energy-weight"}) || cl.has({"force-weight"}) ||
         cl.has({"stress-weight"}) || cl.has({"weight-scaling"});
}

}  // namespace mtp::cli
