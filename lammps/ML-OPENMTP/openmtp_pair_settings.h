/* OpenMTP LAMMPS styles: how a pair style was asked to run, parsed from its arguments.
   Independent of LAMMPS so it can be tested on its own. */
#ifndef OPENMTP_PAIR_SETTINGS_H
#define OPENMTP_PAIR_SETTINGS_H

#include <string>
#include <vector>

#include "openmtp/md_host.hpp"

namespace openmtp_lammps {

// Extrapolation control (active learning during MD). The grade of the configuration (cfg mode) or the
// largest per-atom grade (neighbourhood mode) is compared with the two thresholds every `every` steps.
struct ExtrapolationSettings {
  bool enabled = false;
  std::string state_path;     // .als (MLIP-2) or .almtp (MLIP-3 / ML-MTP); holds the MaxVol state
  std::string save_path;      // configurations with grade > threshold_save are appended here ("" = none)
  double threshold_save = 0.0;
  double threshold_break = 0.0;  // grade > this stops the run; 0 = never
  int every = 1;                 // grade every N steps
  // MLIP-2's select:weighting (vibrations, molecules, structures): how the configuration's energy row is
  // scaled. Empty: as the state file says (.als files do not say: vibrations).
  std::string weighting;
};

struct PairSettings {
  std::string potential_path;  // .mtp or .almtp; may be given later by pair_coeff (ML-MTP form)
  ExtrapolationSettings extrapolation;
  // MLIP-2's write-cfgs (mlip.ini `write-cfgs <file>`, `write-cfgs:skip N`; MLIP-3's `write_cfgs:to=<file>
  // write_cfgs:skip=N`): every (N+1)-th evaluation appends the whole configuration with its energy, forces and
  // stress to the file ("" = off).
  std::string write_cfgs_path;
  int write_cfgs_skip = 0;
  std::vector<std::string> warnings;  // e.g. unknown mlip.ini keys, "mlip.ini:7: unknown key 'selct'"
};

// MLIP-2: `pair_style mlip mlip.ini`, read by the library (openmtp::load_mlip_ini). Used keys:
// mtp-filename, select, select:threshold, select:threshold-break, select:save-selected, select:load-state,
// select:weighting, write-cfgs, write-cfgs:skip, plus OpenMTP's select:every. Throws on settings the pair style
// cannot honour (fit, check-errors, an ab initio model).
PairSettings read_mlip_ini(const std::string& path);
PairSettings from_mlip_ini(const openmtp::MlipIni& ini, const std::string& name);

// MLIP-3: `pair_style mlip load_from=pot.almtp extrapolation_control=true
// extrapolation_control:threshold_save=2 extrapolation_control:threshold_break=10
// extrapolation_control:save_extrapolative_to=preselected.cfg [extrapolation_control:every=N]`.
PairSettings parse_mlip3_words(const std::vector<std::string>& words);

// True when the words of `pair_style mlip ...` are MLIP-3's key=value form rather than an mlip.ini path.
bool is_mlip3_form(const std::vector<std::string>& words);

// LAMMPS ML-MTP: `pair_style mtp/extrapolation [mlip3_style out.cfg select break] [every N]` and the
// older positional `pair_style mtp/extrapolation out.cfg select break`. The potential (.almtp, with its
// selection state) comes from pair_coeff.
ExtrapolationSettings parse_mtp_extrapolation_words(const std::vector<std::string>& words);

// MLIP-2's and MLIP-3's boolean spellings.
bool parse_bool(const std::string& value, const std::string& where);

}  // namespace openmtp_lammps

#endif
