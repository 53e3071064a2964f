#include "mtp/relax/extrapolation_control.hpp"

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "mtp/active/grade_text.hpp"

namespace mtp {

void ExtrapolationControl::evaluate(Configuration& cfg, std::vector<Configuration>* extrapolative) const {
  if (set == nullptr) throw Error("extrapolation control: no active set");
  set->evaluator().compute_into(cfg);
  cfg.site_energies.clear();  // MLIP-2 writes relaxed and selected configurations without them
  const double grade = set->grade(cfg);
  const std::string text = active::grade_text(grade, mlip2_grade_text);
  cfg.features["MV_grade"] = text;
  // MLIP-2 compares the grade it wrote, not the unrounded one.
  const double written = std::strtod(text.c_str(), nullptr);
  if (extrapolative && saves() && written > save_threshold) extrapolative->push_back(cfg);
  if (breaks() && written > break_threshold) throw ExtrapolationBreak(grade, text);
}

EfsFunction ExtrapolationControl::efs_function(std::vector<Configuration>* extrapolative) const {
  return [this, extrapolative](Configuration& cfg) { evaluate(cfg, extrapolative); };
}

void check_extrapolation_thresholds(double save_threshold, double break_threshold, const std::string& where) {
  auto text = [](double v) {
    std::ostringstream out;
    out << v;
    return out.str();
  };
  if (!std::isfinite(save_threshold))
    throw Error(where + ": the save threshold must be a finite number, got " + text(save_threshold));
  if (!std::isfinite(break_threshold))
    throw Error(where + ": the break threshold must be a finite number, got " + text(break_threshold));
  if (break_threshold != 0.0 && !(break_threshold > save_threshold))
    throw Error(where + ": the break threshold (" + text(break_threshold) + ") must be above the save threshold (" +
                text(save_threshold) + "), or 0 for no break");
}

}  // namespace mtp
