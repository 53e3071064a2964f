#include "mtp/io/almtp_file.hpp"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "mtp/active/selected_equations.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/active_state_blocks.hpp"
#include "mtp/io/atomic_output_file.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/io/input_path.hpp"

namespace mtp::io {
namespace {

const char kTag[] = "MVS_v1.1";

using active_state::line_of;

// Reads "key value\n" at `pos`; advances past the line.
std::string read_key_line(const std::string& data, std::size_t& pos, const std::string& name, const char* key) {
  const std::size_t eol = data.find('\n', pos);
  if (eol == std::string::npos) throw Error(name, line_of(data, pos), std::string("expected ") + key);
  std::istringstream line(data.substr(pos, eol - pos));
  std::string k, v;
  line >> k >> v;
  if (k != key || v.empty()) throw Error(name, line_of(data, pos), std::string("expected \"") + key + " <value>\"");
  pos = eol + 1;
  return v;
}

double to_double(const std::string& s, const std::string& name, long line) {
  try {
    std::size_t used = 0;
    const double v = std::stod(s, &used);
    if (used == s.size()) return v;
  } catch (const std::exception&) {
  }
  throw Error(name, line, "expected a number, got '" + s + "'");
}

std::string format_weight(const char* key, double v) {
  char buf[96];
  std::snprintf(buf, sizeof(buf), "%s %.16e\n", key, v);
  return buf;
}

}  // namespace

AlmtpContents read_almtp(std::istream& in, const std::string& name, double init_value) {
  const std::string data = active_state::read_all(in);
  // MLIP-3 looks for the first '#' after the potential; looking for the tag itself keeps a '#' elsewhere from
  // being taken for the start of the state.
  const std::size_t tag = data.find(std::string("#") + kTag);
  AlmtpContents out;
  {
    std::istringstream mtp_text(data.substr(0, tag == std::string::npos ? data.size() : tag));
    out.potential = read_potential(mtp_text, name);
  }
  if (tag == std::string::npos) {
    // An older MVS section ("#" and a new line after the potential) is not supported.
    const std::size_t old = data.find("\n#\n");
    if (old != std::string::npos)
      throw Error(name, line_of(data, old + 1),
                  std::string("a selection state without the ") + kTag + " tag (older MLIP-3 layout) is not supported");
    return out;
  }
  std::size_t pos = tag + 1 + std::strlen(kTag);
  if (pos >= data.size() || data[pos] != '\n') throw Error(name, line_of(data, pos), "expected a new line after the tag");
  ++pos;
  active::SelectionWeights weights;
  weights.energy = to_double(read_key_line(data, pos, name, "energy_weight"), name, line_of(data, pos) - 1);
  weights.force = to_double(read_key_line(data, pos, name, "force_weight"), name, line_of(data, pos) - 1);
  weights.stress = to_double(read_key_line(data, pos, name, "stress_weight"), name, line_of(data, pos) - 1);
  weights.site_energy = to_double(read_key_line(data, pos, name, "site_en_weight"), name, line_of(data, pos) - 1);
  const std::string scaling = read_key_line(data, pos, name, "weight_scaling");
  weights.weight_scaling = int(to_double(scaling, name, line_of(data, pos) - 1));
  if (pos >= data.size() || data[pos] != '#') throw Error(name, line_of(data, pos), "expected '#' before the matrices");
  ++pos;

  const std::size_t n = out.potential.parameter_count();
  active_state::StoredMatrices matrices = active_state::read_matrices(data, pos, n, name);
  if (data.compare(pos, 3, "\n#\n") != 0) throw Error(name, line_of(data, pos), "expected \"#\" after the matrices");
  pos += 3;

  std::vector<std::pair<int, int>> links(n);
  {
    const char* p = data.c_str() + pos;
    for (std::size_t r = 0; r < n; ++r) {
      char* end = nullptr;
      const long c = std::strtol(p, &end, 10);
      if (end == p) throw Error(name, line_of(data, std::size_t(p - data.c_str())), "expected \"<cfg_index> <eqn_index>\"");
      p = end;
      const long e = std::strtol(p, &end, 10);
      if (end == p) throw Error(name, line_of(data, std::size_t(p - data.c_str())), "expected \"<cfg_index> <eqn_index>\"");
      p = end;
      links[r] = {int(c), int(e)};
    }
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') ++p;
    if (*p != '#') throw Error(name, line_of(data, std::size_t(p - data.c_str())), "expected '#' before the configurations");
    pos = std::size_t(p - data.c_str()) + 1;
  }
  const std::vector<Configuration> file_cfgs = active_state::read_configurations(data, pos, name);

  active::ActiveSet set(out.potential, weights, init_value);
  std::vector<active::RowOwner> owners(n);
  std::vector<Configuration> cfgs;
  std::map<int, int> remap;
  for (std::size_t r = 0; r < n; ++r) {
    const auto [c, e] = links[r];
    if (c < 0) continue;
    if (c >= int(file_cfgs.size()))
      throw Error(name, 0, "row " + std::to_string(r) + " refers to configuration " + std::to_string(c) + " but only " +
                               std::to_string(file_cfgs.size()) + " follow");
    auto it = remap.find(c);
    if (it == remap.end()) {
      it = remap.emplace(c, int(cfgs.size())).first;
      cfgs.push_back(file_cfgs[std::size_t(c)]);
    }
    owners[r] = {it->second, e};
  }
  set.assign(active_state::to_maxvol(std::move(matrices), name), std::move(owners), std::move(cfgs));
  out.active_set.emplace(std::move(set));
  return out;
}

AlmtpContents load_almtp(const std::string& path, double init_value) {
  refuse_directory(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path, 0, "cannot open the potential for reading");
  return read_almtp(in, path, init_value);
}

void write_almtp(std::ostream& out, const active::ActiveSet& set) {
  const std::size_t n = set.parameter_count();
  write_potential(out, set.potential());
  const active::SelectionWeights& w = set.weights();
  out << "\n#" << kTag << "\n";
  out << format_weight("energy_weight", w.energy) << format_weight("force_weight", w.force)
      << format_weight("stress_weight", w.stress) << format_weight("site_en_weight", w.site_energy);
  out << "weight_scaling " << (w.weight_scaling >= 0 ? w.weight_scaling : 2) << "\n#";
  active_state::write_matrices(out, set.maxvol());
  out << "\n#\n";
  for (std::size_t r = 0; r < n; ++r) {
    const active::RowOwner& o = set.owners()[r];
    if (o.cfg < 0)
      out << "-1 -1\n";
    else
      out << o.cfg << ' ' << o.equation << '\n';
  }
  out << "#\n";
  const std::vector<std::string> equation_lists = active::selected_equation_lists(set);
  for (std::size_t c = 0; c < set.configurations().size(); ++c) {
    Configuration cfg = set.configurations()[c];
    cfg.features["selected_eqn_inds"] = equation_lists[c];
    write_cfg_text(out, cfg, CfgTextStyle::Lossless);
  }
  if (!out) throw Error("failed writing the potential with its selection state");
}

void save_almtp(const std::string& path, const active::ActiveSet& set) {
  AtomicOutputFile file(path, false, true);
  write_almtp(file.stream(), set);
  file.commit();
}

bool has_mlip3_state(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(std::string("#") + kTag, 0) == 0) return true;
  return false;
}

}  // namespace mtp::io
