#include "mtp/io/mlip_ini.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>

#include "mtp/core/error.hpp"
#include "mtp/io/input_path.hpp"

namespace mtp::io {
namespace {

bool parse_bool(const std::string& v, const std::string& name, long line, const std::string& key) {
  if (v == "TRUE" || v == "True" || v == "true") return true;
  if (v == "FALSE" || v == "False" || v == "false") return false;
  throw Error(name, line, "key '" + key + "' expects TRUE or FALSE, got '" + v + "'");
}

double parse_double(const std::string& v, const std::string& name, long line, const std::string& key) {
  char* end = nullptr;
  errno = 0;
  const double d = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || errno == ERANGE)
    throw Error(name, line, "key '" + key + "' expects a number, got '" + v + "'");
  if (!std::isfinite(d)) throw Error(name, line, "key '" + key + "' expects a finite number, got '" + v + "'");
  return d;
}

}  // namespace

MlipIni read_mlip_ini(std::istream& in, const std::string& name) {
  MlipIni ini;
  using Setter = std::function<void(const std::string&, long, const std::string&)>;
  auto text = [](std::string MlipIni::*field, MlipIni& s) -> Setter {
    return [&s, field](const std::string& v, long, const std::string&) { s.*field = v; };
  };
  auto number = [&name](double MlipIni::*field, MlipIni& s) -> Setter {
    return [&s, field, &name](const std::string& v, long line, const std::string& key) {
      s.*field = parse_double(v, name, line, key);
    };
  };
  auto boolean = [&name](bool MlipIni::*field, MlipIni& s) -> Setter {
    return [&s, field, &name](const std::string& v, long line, const std::string& key) {
      s.*field = parse_bool(v, name, line, key);
    };
  };
  const std::map<std::string, Setter> setters = {
      {"mtp-filename", text(&MlipIni::mtp_filename, ini)},
      {"calculate-efs", boolean(&MlipIni::calculate_efs, ini)},
      {"fit", boolean(&MlipIni::fit, ini)},
      {"select", boolean(&MlipIni::select, ini)},
      {"select:threshold-init", number(&MlipIni::threshold_init, ini)},
      {"select:threshold", number(&MlipIni::threshold, ini)},
      {"select:threshold-swap", number(&MlipIni::threshold_swap, ini)},
      {"select:threshold-break", number(&MlipIni::threshold_break, ini)},
      {"select:site-en-weight", number(&MlipIni::site_en_weight, ini)},
      {"select:energy-weight", number(&MlipIni::energy_weight, ini)},
      {"select:force-weight", number(&MlipIni::force_weight, ini)},
      {"select:stress-weight", number(&MlipIni::stress_weight, ini)},
      {"select:weighting", text(&MlipIni::weighting, ini)},
      {"select:save-selected", text(&MlipIni::save_selected, ini)},
      {"select:save-state", text(&MlipIni::save_state, ini)},
      {"select:load-state", text(&MlipIni::load_state, ini)},
      {"select:log", text(&MlipIni::select_log, ini)},
      {"select:efs-ignored", boolean(&MlipIni::efs_ignored, ini)},
      {"write-cfgs", text(&MlipIni::write_cfgs, ini)},
      {"write-cfgs:skip",
       [&ini, &name](const std::string& v, long line, const std::string& key) {
         ini.write_cfgs_skip = static_cast<int>(parse_double(v, name, line, key));
       }},
      {"check-errors", text(&MlipIni::check_errors, ini)},
      {"log", text(&MlipIni::log, ini)},
      {"abinitio", text(&MlipIni::abinitio, ini)},
  };

  std::string raw;
  long line_no = 0;
  std::vector<long> entry_lines;  // the line of each entry, for messages about keys read together
  while (std::getline(in, raw)) {
    ++line_no;
    const std::size_t hash = raw.find('#');
    if (hash != std::string::npos) raw.erase(hash);
    std::istringstream tokens(raw);
    std::string key, value;
    if (!(tokens >> key)) continue;
    if (!(tokens >> value)) throw Error(name, line_no, "key '" + key + "' has no value (expected: key value)");
    ini.entries.emplace_back(key, value);
    entry_lines.push_back(line_no);
    auto it = setters.find(key);
    if (it != setters.end()) {
      it->second(value, line_no, key);
    } else if (key.rfind("abinitio:", 0) == 0 || key.rfind("fit:", 0) == 0) {
      // Sub-keys of regimes that need an ab initio model: kept in `entries`, not interpreted.
    } else {
      ini.unknown_keys.push_back(name + ":" + std::to_string(line_no) + ": unknown key '" + key + "'");
    }
  }
  if (in.bad()) throw Error(name, line_no, "read error");
  // MLIP-2 breaks in its "selection by generation" regime (threshold-break > 1); a break at or below the save
  // threshold would stop on every saved configuration, or (<= 1) silently never: refused, 0 stays "no break".
  if (ini.threshold_break != 0.0 && !(ini.threshold_break > ini.threshold)) {
    long line = 0;
    for (std::size_t k = 0; k < ini.entries.size(); ++k)
      if (ini.entries[k].first == "select:threshold-break") line = entry_lines[k];
    std::ostringstream what;
    what << "select:threshold-break (" << ini.threshold_break << ") must be above select:threshold (" << ini.threshold
         << "), or 0 for no break";
    throw Error(name, line, what.str());
  }
  return ini;
}

MlipIni load_mlip_ini(const std::string& path) {
  refuse_directory(path);
  std::ifstream in(path);
  if (!in) throw Error(path, 0, "cannot open settings file");
  return read_mlip_ini(in, path);
}

}  // namespace mtp::io
