#include "openmtp_pair_settings.h"


#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace openmtp_lammps {
namespace {

std::runtime_error settings_error(const std::string& where, const std::string& what) {
  return std::runtime_error(where + ": " + what);
}

double to_double(const std::string& value, const std::string& where) {
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(value.c_str(), &end);
  if (value.empty() || *end != '\0' || errno == ERANGE)
    throw settings_error(where, "expected a number, got '" + value + "'");
  if (!std::isfinite(v)) throw settings_error(where, "expected a finite number, got '" + value + "'");
  return v;
}

int to_positive_int(const std::string& value, const std::string& where) {
  char* end = nullptr;
  errno = 0;
  const long v = std::strtol(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0' || errno == ERANGE || v < 1 || v > 1000000000)
    throw settings_error(where, "expected a positive integer, got '" + value + "'");
  return int(v);
}

}  // namespace

bool parse_bool(const std::string& value, const std::string& where) {
  if (value == "TRUE" || value == "True" || value == "true") return true;
  if (value == "FALSE" || value == "False" || value == "false") return false;
  throw settings_error(where, "expected TRUE or FALSE, got '" + value + "'");
}

PairSettings read_mlip_ini(const std::string& path) { return from_mlip_ini(openmtp::load_mlip_ini(path), path); }

PairSettings from_mlip_ini(const openmtp::MlipIni& ini, const std::string& name) {
  // Regimes that need an ab initio model or write training data are MLIP-2 driver features, not MD ones.
  auto reject = [&](bool set, const std::string& key) {
    if (set) throw settings_error(name, "'" + key + "' is not supported by the OpenMTP pair style");
  };
  reject(ini.fit, "fit");
  reject(!ini.check_errors.empty(), "check-errors");
  reject(!ini.abinitio.empty() && ini.abinitio != "null" && ini.abinitio != "void", "abinitio");
  if (!ini.calculate_efs) throw settings_error(name, "calculate-efs FALSE leaves the pair style nothing to do");

  PairSettings s;
  for (const std::string& w : ini.unknown_keys)
    if (w.find("'select:every'") == std::string::npos) s.warnings.push_back(w);
  if (ini.mtp_filename.empty()) throw settings_error(name, "no 'mtp-filename' key: which potential to use?");
  s.potential_path = ini.mtp_filename;
  s.write_cfgs_path = ini.write_cfgs;
  s.write_cfgs_skip = ini.write_cfgs_skip;
  if (s.write_cfgs_skip < 0) throw settings_error(name, "write-cfgs:skip must be 0 or positive");

  ExtrapolationSettings& x = s.extrapolation;
  x.enabled = ini.select;
  if (!x.enabled) return s;
  if (ini.load_state.empty())
    throw settings_error(name, "select TRUE needs 'select:load-state' (the .als state file)");
  x.state_path = ini.load_state;
  x.threshold_save = ini.threshold;
  // MLIP-2 breaks only in its "selection by generation" regime, entered when threshold-break > 1.
  x.threshold_break = ini.breaks() ? ini.threshold_break : 0.0;
  x.save_path = ini.save_selected;
  x.weighting = ini.weighting;
  for (const auto& [key, value] : ini.entries)
    if (key == "select:every") x.every = to_positive_int(value, name + " select:every");
  return s;
}

bool is_mlip3_form(const std::vector<std::string>& words) {
  for (const std::string& w : words)
    if (w.find('=') != std::string::npos) return true;
  return false;
}

PairSettings parse_mlip3_words(const std::vector<std::string>& words) {
  std::map<std::string, std::string> keys;
  for (const std::string& w : words) {
    const auto eq = w.find('=');
    if (eq == std::string::npos || eq == 0)
      throw settings_error("pair_style mlip", "expected key=value, got '" + w + "'");
    std::string key = w.substr(0, eq);
    if (key.rfind("mlip:", 0) == 0) key.erase(0, 5);  // MLIP-3's Wrapper prefixes load_from with "mlip:"
    keys[key] = w.substr(eq + 1);
  }
  const std::string where = "pair_style mlip";
  PairSettings s;
  if (!keys.count("load_from")) throw settings_error(where, "no load_from=<potential file>");
  s.potential_path = keys.at("load_from");
  keys.erase("load_from");
  if (keys.count("mlip")) {
    if (!parse_bool(keys.at("mlip"), where)) throw settings_error(where, "mlip=false leaves nothing to compute");
    keys.erase("mlip");
  }
  if (keys.count("calculate_efs")) {
    if (!parse_bool(keys.at("calculate_efs"), where))
      throw settings_error(where, "calculate_efs=false leaves nothing to compute");
    keys.erase("calculate_efs");
  }

  bool write_cfgs = keys.count("write_cfgs:to") > 0;
  if (keys.count("write_cfgs")) {
    write_cfgs = parse_bool(keys.at("write_cfgs"), where + " write_cfgs");
    keys.erase("write_cfgs");
  }
  if (keys.count("write_cfgs:to")) {
    s.write_cfgs_path = keys.at("write_cfgs:to");
    keys.erase("write_cfgs:to");
  }
  if (keys.count("write_cfgs:skip")) {
    const std::string& v = keys.at("write_cfgs:skip");
    s.write_cfgs_skip = v == "0" ? 0 : to_positive_int(v, where + " write_cfgs:skip");
    keys.erase("write_cfgs:skip");
  }
  if (!write_cfgs) s.write_cfgs_path.clear();
  else if (s.write_cfgs_path.empty()) throw settings_error(where, "write_cfgs=true needs write_cfgs:to=<file>");

  ExtrapolationSettings& x = s.extrapolation;
  // MLIP-3's sampler defaults (as `mlp relax --extrapolation_control`).
  x.threshold_save = 2.1;
  x.threshold_break = 10.0;
  x.save_path = "preselected.cfg";
  if (keys.count("extrapolation_control")) {
    x.enabled = parse_bool(keys.at("extrapolation_control"), where);
    keys.erase("extrapolation_control");
  }
  const std::string p = "extrapolation_control:";
  for (auto it = keys.begin(); it != keys.end();) {
    const std::string& key = it->first;
    const std::string& value = it->second;
    if (key == p + "threshold_save") {
      x.threshold_save = to_double(value, where + " " + key);
    } else if (key == p + "threshold_break") {
      x.threshold_break = to_double(value, where + " " + key);
    } else if (key == p + "save_extrapolative_to") {
      x.save_path = value;
    } else if (key == p + "every") {
      x.every = to_positive_int(value, where + " " + key);
    } else if (key == p + "add_grade_feature" || key == p + "log") {
      // Grades are always written as the MV_grade feature; logging goes to the LAMMPS screen and log.
    } else {
      throw settings_error(where, "unknown or unsupported keyword '" + key + "'");
    }
    it = keys.erase(it);
  }
  openmtp::check_extrapolation_thresholds(x.threshold_save, x.threshold_break, where);
  if (x.enabled) x.state_path = s.potential_path;  // the .almtp carries the selection state
  return s;
}

ExtrapolationSettings parse_mtp_extrapolation_words(const std::vector<std::string>& words) {
  const std::string where = "pair_style mtp/extrapolation";
  ExtrapolationSettings x;
  x.enabled = true;
  std::size_t i = 0;
  auto take_save_select_break = [&](std::size_t at) {
    if (at + 3 > words.size()) throw settings_error(where, "expected <out.cfg> <select threshold> <break threshold>");
    x.save_path = words[at];
    x.threshold_save = to_double(words[at + 1], where + " select threshold");
    x.threshold_break = to_double(words[at + 2], where + " break threshold");
    openmtp::check_extrapolation_thresholds(x.threshold_save, x.threshold_break, where);
  };
  if (i < words.size() && words[i] == "mlip3_style") {
    take_save_select_break(i + 1);
    i += 4;
  } else if (i < words.size() && words[i] != "every") {
    take_save_select_break(i);
    i += 3;
  }
  while (i < words.size()) {
    if (words[i] == "every" && i + 1 < words.size()) {
      x.every = to_positive_int(words[i + 1], where + " every");
      i += 2;
    } else {
      throw settings_error(where, "unexpected argument '" + words[i] + "'");
    }
  }
  return x;
}

}  // namespace openmtp_lammps
