#pragma once
#include <functional>
#include <string>
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/relax/efs_function.hpp"

namespace mtp {

// What `mlp relax` takes from its command line (MLIP-2's names and defaults, spec 1).
struct RelaxationSettings {
  double pressure_gpa = 0.0;         // --pressure: enthalpy E + P V / 160.21766208
  long iteration_limit = 999999999;  // --iteration-limit: evaluations in the main loop
  double min_dist = 1.0;             // --min-dist (A): steps that bring atoms closer are shortened; a start
                                     //   closer than this fails
  double force_tolerance = 1e-4;     // --force-tolerance (eV/A); 0 holds fractional coordinates
  double stress_tolerance = 1e-3;    // --stress-tolerance (GPa); 0 holds the cell
  double max_step = 0.05;            // --max-step (A): largest move of an atom or a lattice vector per step
  double min_step = 1e-8;            // --min-step (A): smaller steps restart the line search
  double wolfe_c1 = 0.1;             // --bfgs-wolfe-c1
  double wolfe_c2 = 0.5;             // --bfgs-wolfe-c2
  // The initial inverse Hessian's guesses (MLIP-3's forces_/stress_elasticity_scale; MLIP-2: 10 and 500).
  double force_constant_guess = 10.0;     // eV/A^2
  double elastic_constant_guess = 500.0;  // GPa

  bool relaxes_positions() const { return force_tolerance > 0.0; }
  bool relaxes_cell() const { return stress_tolerance > 0.0; }
};

enum class RelaxationStatus {
  Converged,     // forces and stresses within tolerance: Feature from = relaxation_OK
  NotConverged,  // iteration limit reached: relaxation_NOT_CONVERGED (MLIP-2 writes it with the relaxed ones)
  NotStarted,    // no atoms or no iterations allowed: written back unchanged, as MLIP-2 does
  Failed,        // an evaluation threw (extrapolation break, unknown species), the start or a step broke the
                 // distance constraint: the input goes to the unrelaxed file
};

struct RelaxationResult {
  RelaxationStatus status = RelaxationStatus::Failed;
  Configuration configuration;  // the relaxed configuration (the last evaluated one when Failed)
  std::string failure;          // why it failed (MLIP-2's wording where it has one)
  long iterations = 0;          // main-loop evaluations
  long evaluations = 0;         // all energy evaluations
  int small_steps = 0;          // "Too small steps detected. Breaking linesearch" events
  std::vector<std::string> log; // MLIP-2's per-iteration log lines, when asked for
  // Enthalpy (eV) of every point the optimiser accepted, in order (a line search's trial points excluded).
  std::vector<double> accepted_enthalpies;
};

// Relaxes one configuration with MLIP-2's algorithm (spec 1; variables: the lattice rows and the
// fractional coordinates; MLIP-2's initial inverse Hessian from typical force and elastic constants;
// RelaxationBfgs steps shortened while an atom or lattice vector moves more than max_step or atoms come
// closer than min_dist). `efs` computes energy, forces and virial in place and may throw mtp::Error to
// stop the relaxation (extrapolation control does). `index` (1-based) only labels log lines.
// Throws only for invalid settings; every failure of the relaxation itself is reported in the result.
RelaxationResult relax_configuration(const Configuration& input, const EfsFunction& efs,
                                     const RelaxationSettings& settings, bool keep_log = false, long index = 1);

// Throws mtp::Error unless the settings make sense (something relaxes, tolerances and steps are sane).
void check_relaxation_settings(const RelaxationSettings& settings);

}  // namespace mtp
