#pragma once
// Options shared by the active-learning commands (calc-grade, select-add, select).
#include <string>

#include "mtp/active/selection_weights.hpp"
#include "mtp/cli/command_line.hpp"

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

inline bool has_weight_options(const CommandLine& cl) {
  return cl.has({"nbh-weight", "site-en-weight"}) || cl.has({"energy-weight"}) || cl.has({"force-weight"}) ||
         cl.has({"stress-weight"}) || cl.has({"weight-scaling"});
}

}  // namespace mtp::cli
