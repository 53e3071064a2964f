#pragma once
#include <optional>
#include <string>
#include <vector>

#include "mtp/active/active_set.hpp"
#include "mtp/core/configuration.hpp"
#include "mtp/learn/molecular_dynamics.hpp"
#include "mtp/learn/settings.hpp"

namespace mtp::learn {

// One exploration run: MD from a starting structure at a temperature and pressure, or a relaxation.
struct ExplorationRun {
  std::size_t structure = 0;   // index into the starting structures
  bool relaxation = false;
  double temperature = 0.0;    // K (MD): the thermostat's target at the start
  double end_temperature = 0.0;  // K: its target at the end (a ramp when it differs from `temperature`)
  double pressure = 0.0;       // GPa
  unsigned long long seed = 1;
  std::string describe() const;
  // MD at a non-zero pressure runs NPT; at zero pressure NVT in the starting cell, whatever other pressures
  // the settings list (a barostat at 0 GPa only lets a small cell breathe, and needs long runs to settle).
  bool constant_pressure() const { return !relaxation && pressure != 0.0; }
};

// What one run found. Collected configurations carry their grade in Feature MV_grade.
struct ExplorationResult {
  std::vector<Configuration> collected;  // grade above the save threshold, at most max_saved_per_run (highest)
  double max_grade = 0.0;                // largest grade seen during the run
  bool broke = false;                    // ended early: grade above the break threshold
  int steps = 0;                         // steps (or relaxation iterations) run
  // Where an MD run ended (geometry only): its last configuration, or, when it broke, the most extrapolative
  // configuration it saw below the break threshold (the one beyond it may already be unphysical; none seen:
  // empty). The next iteration continues from it with explore.continue_from_last. Empty for relaxations.
  std::optional<Configuration> last;
};

// The runs of one iteration, in a fixed order (structures x temperatures x pressures, then structures x
// temperature ramps x pressures, then relaxations): the same list every iteration, so run k of one iteration
// continues run k of the previous one.
std::vector<ExplorationRun> plan_exploration(const LearnSettings& s, std::size_t structure_count, int iteration);

// The in-process engine's dynamics for an MD run: the settings' temperature, step and damping, the run's
// seed, and a barostat exactly when run.constant_pressure().
MdParameters md_parameters(const LearnSettings& s, const ExplorationRun& run);

// Runs one exploration with the active set's potential, grading as it goes. `dir` is the run's own folder
// (LAMMPS inputs and logs go there; the internal engine writes nothing). Throws mtp::Error when LAMMPS fails
// for any reason other than the break threshold.
ExplorationResult explore(const LearnSettings& s, const active::ActiveSet& set, const std::string& almtp_path,
                          const Configuration& start, const ExplorationRun& run, const std::string& dir);

}  // namespace mtp::learn
