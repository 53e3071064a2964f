#pragma once
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace mtp::io {

// MLIP-2's mlip.ini (spec 2.5): `key value` lines, `#` starts a comment, only the first two tokens of a line
// count, booleans are TRUE/FALSE (MLIP-3's True/true/False/false are accepted too). It configures the
// potential and extrapolation control for `mlp run`, `mlp relax` and the LAMMPS pair style.
struct MlipIni {
  std::string mtp_filename;        // mtp-filename
  bool calculate_efs = true;       // calculate-efs
  bool fit = false;                // fit (needs an ab initio model: not supported, rejected when TRUE)
  bool select = false;             // select
  double threshold_init = 1e-7;    // select:threshold-init
  double threshold = 1.001;        // select:threshold
  double threshold_swap = 1.001;   // select:threshold-swap (<= 1 means: equal to select:threshold)
  double threshold_break = 0.0;    // select:threshold-break (0 = off)
  double site_en_weight = 0.0;     // select:site-en-weight
  double energy_weight = 1.0;      // select:energy-weight
  double force_weight = 0.0;       // select:force-weight
  double stress_weight = 0.0;      // select:stress-weight
  std::string weighting = "vibrations";  // select:weighting
  std::string save_selected;       // select:save-selected
  std::string save_state;          // select:save-state
  std::string load_state;          // select:load-state
  std::string select_log;          // select:log
  bool efs_ignored = false;        // select:efs-ignored
  std::string write_cfgs;          // write-cfgs
  int write_cfgs_skip = 0;         // write-cfgs:skip
  std::string check_errors;        // check-errors
  std::string log;                 // log
  std::string abinitio;            // abinitio (only `null`/`void` or absent are meaningful here)

  // Every key as written, in file order, with the line it came from.
  std::vector<std::pair<std::string, std::string>> entries;
  // Keys this reader does not know, for warnings ("mlip.ini:7: unknown key 'selct'").
  std::vector<std::string> unknown_keys;

  // The break regime of MLIP-2 ("selection by generation"): grades saved above `threshold`, run stopped
  // above `threshold_break`.
  bool breaks() const { return threshold_break > 1.0; }
  double effective_threshold_swap() const { return threshold_swap <= 1.0 ? threshold : threshold_swap; }
};

MlipIni read_mlip_ini(std::istream& in, const std::string& name);
MlipIni load_mlip_ini(const std::string& path);

}  // namespace mtp::io
