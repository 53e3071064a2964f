#include "mtp/io/als_file.hpp"

#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "mtp/core/error.hpp"
#include "mtp/io/active_state_blocks.hpp"
#include "mtp/io/atomic_output_file.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/io/input_path.hpp"

namespace mtp::io {

using active_state::line_of;

active::ActiveSet read_als(std::istream& in, const std::string& name, double init_value) {
  const std::string data = active_state::read_all(in);
  const std::size_t caret = data.find("\n^");
  if (caret == std::string::npos)
    throw Error(name, 0, "not an active-learning state: no \"\\n^\" after the potential");
  Potential potential;
  {
    std::istringstream mtp_text(data.substr(0, caret));
    potential = read_potential(mtp_text, name);
  }
  const std::size_t n = potential.parameter_count();

  std::size_t pos = caret + 2;
  if (data.size() < pos + 4 * sizeof(double)) throw Error(name, 0, "truncated selection weights after '^'");
  double w[4];
  std::memcpy(w, data.data() + pos, sizeof(w));
  pos += sizeof(w);
  active::SelectionWeights weights;
  weights.site_energy = w[0];
  weights.energy = w[1];
  weights.force = w[2];
  weights.stress = w[3];
  // MLIP-2 skips to the next '#' after the weights.
  pos = data.find('#', pos);
  if (pos == std::string::npos) throw Error(name, 0, "no '#' before the active-set matrices");
  ++pos;
  active_state::StoredMatrices matrices = active_state::read_matrices(data, pos, n, name);

  // Row map: n lines "row cfg_number".
  std::vector<int> cfg_numbers(n);
  {
    const char* p = data.c_str() + pos;
    for (std::size_t r = 0; r < n; ++r) {
      char* end = nullptr;
      const long row = std::strtol(p, &end, 10);
      if (end == p) throw Error(name, line_of(data, std::size_t(p - data.c_str())), "expected a row number");
      p = end;
      const long number = std::strtol(p, &end, 10);
      if (end == p || row != long(r) || number < 0)
        throw Error(name, line_of(data, std::size_t(p - data.c_str())),
                    "expected \"" + std::to_string(r) + " <configuration number>\"");
      cfg_numbers[r] = int(number);
      p = end;
    }
    pos = std::size_t(p - data.c_str());
  }

  const std::vector<Configuration> file_cfgs = active_state::read_configurations(data, pos, name);

  active::ActiveSet set(potential, weights, init_value);
  std::vector<active::RowOwner> owners(n);
  std::vector<Configuration> cfgs;
  std::map<int, int> remap;  // file index -> index among the non-empty configurations
  const bool energy_only = weights.energy != 0.0 && weights.site_energy == 0.0 && weights.force == 0.0 &&
                           weights.stress == 0.0;
  for (std::size_t r = 0; r < n; ++r) {
    const int k = cfg_numbers[r];
    if (k >= int(file_cfgs.size()))
      throw Error(name, 0, "row " + std::to_string(r) + " refers to configuration " + std::to_string(k) + " but only " +
                               std::to_string(file_cfgs.size()) + " follow");
    if (file_cfgs[std::size_t(k)].size() == 0) {
      set.placeholder().features = file_cfgs[std::size_t(k)].features;
      continue;
    }
    auto it = remap.find(k);
    if (it == remap.end()) {
      it = remap.emplace(k, int(cfgs.size())).first;
      cfgs.push_back(file_cfgs[std::size_t(k)]);
    }
    owners[r] = {it->second, energy_only ? active::energy_equation() : -1};
  }
  set.assign(active_state::to_maxvol(std::move(matrices), name), std::move(owners), std::move(cfgs));
  return set;
}

active::ActiveSet load_als(const std::string& path, double init_value) {
  refuse_directory(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path, 0, "cannot open the active-learning state for reading");
  return read_als(in, path, init_value);
}

void write_als(std::ostream& out, const active::ActiveSet& set) {
  const std::size_t n = set.parameter_count();
  write_potential(out, set.potential());
  out << "\n^";
  const active::SelectionWeights& w = set.weights();
  const double weights[4] = {w.site_energy, w.energy, w.force, w.stress};
  out.write(reinterpret_cast<const char*>(weights), sizeof(weights));
  out << "\n#";
  active_state::write_matrices(out, set.maxvol());
  out << '\n';
  // Configurations numbered by first appearance over the rows; the placeholder takes its place at the first
  // row never filled.
  const int placeholder = -1;
  std::vector<int> order;  // configuration index (or placeholder) by file number
  std::map<int, int> number;
  std::string lines;
  for (std::size_t r = 0; r < n; ++r) {
    const int c = set.owners()[r].cfg < 0 ? placeholder : set.owners()[r].cfg;
    auto it = number.find(c);
    if (it == number.end()) {
      it = number.emplace(c, int(order.size())).first;
      order.push_back(c);
    }
    lines += std::to_string(r) + ' ' + std::to_string(it->second) + '\n';
  }
  out << lines;
  for (int c : order)
    write_cfg_text(out, c == placeholder ? set.placeholder() : set.configurations()[std::size_t(c)],
                   CfgTextStyle::Lossless);
  if (!out) throw Error("failed writing the active-learning state");
}

void save_als(const std::string& path, const active::ActiveSet& set) {
  AtomicOutputFile file(path, false, true);
  write_als(file.stream(), set);
  file.commit();
}

}  // namespace mtp::io
