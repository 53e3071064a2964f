#pragma once
#include <string>
#include <vector>

#include "mtp/active/active_set.hpp"
#include "mtp/core/configuration.hpp"
#include "mtp/core/error.hpp"
#include "mtp/relax/efs_function.hpp"

namespace mtp {

// Thrown when a configuration's extrapolation grade exceeds the break threshold. The message is MLIP-2's
// "Breaking threshold exceeded (MV-grade: g)".
class ExtrapolationBreak : public Error {
 public:
  ExtrapolationBreak(double grade, const std::string& grade_text)
      : Error("Breaking threshold exceeded (MV-grade: " + grade_text + ")"), grade_(grade) {}
  double grade() const { return grade_; }

 private:
  double grade_;
};

// Energy evaluation with extrapolation control, as MLIP-2's mlip.ini "selection by generation" regime
// (spec 2.5) and MLIP-3's --extrapolation_control do it: every evaluated configuration is graded against an
// active set (Feature MV_grade); those above `save_threshold` are collected (MLIP-2 appends them to
// select:save-selected); one above `break_threshold` stops the caller with ExtrapolationBreak. The grade is
// compared as written in the feature (%f), as MLIP-2 compares it.
struct ExtrapolationControl {
  const active::ActiveSet* set = nullptr;
  double save_threshold = 0.0;   // <= 0: grade only (feature), save nothing
  double break_threshold = 0.0;  // <= save_threshold or <= 1: never stop
  bool mlip2_grade_text = true;  // 9.9e99 above 1e10 (MLIP-2); MLIP-3 keeps %f

  bool saves() const { return save_threshold > 0.0; }
  bool breaks() const { return break_threshold > 1.0 && break_threshold > save_threshold; }

  // Computes energy, forces and virial of `cfg` with the active set's potential and grades it. A
  // configuration above the save threshold is appended to `extrapolative` (when given) as evaluated, with
  // its grade. Throws ExtrapolationBreak above the break threshold (after saving it).
  void evaluate(Configuration& cfg, std::vector<Configuration>* extrapolative) const;

  // The same as an EfsFunction for a relaxation, collecting into `extrapolative`.
  EfsFunction efs_function(std::vector<Configuration>* extrapolative) const;
};

// The save and break thresholds as a settings syntax gives them (mlip.ini, the LAMMPS pair styles, mlp relax):
// both must be finite, and a break threshold other than 0 (explicitly no break) must be above the save
// threshold, since a break at or below it would otherwise silently never (or always) happen. Throws
// mtp::Error whose message starts with `where`.
void check_extrapolation_thresholds(double save_threshold, double break_threshold, const std::string& where);

}  // namespace mtp
