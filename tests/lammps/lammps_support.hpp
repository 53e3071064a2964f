#pragma once
// Running LAMMPS from a test and reading back what it wrote (dumps at %.17g, thermo lines). The same tests run
// against three LAMMPS builds (tests/lammps/CMakeLists.txt): lmp_openmtp (Debian's LAMMPS, the default),
// LAMMPS 2025 with the ML-OPENMTP package built in, and the same LAMMPS loading openmtp_plugin.so for 2025
// (the environment variable OPENMTP_TEST_LAMMPS chooses).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "mtp/core/configuration.hpp"
#include "support/paths.hpp"
#include "support/run_command.hpp"

namespace mtp::test {

// OPENMTP_TEST_LAMMPS: unset = lmp_openmtp; 2025-package = LAMMPS 2025 with ML-OPENMTP built in;
// 2025-plugin = the same LAMMPS loading the 2025 plugin.
inline std::string lammps_variant() {
  const char* env = std::getenv("OPENMTP_TEST_LAMMPS");
  return env ? env : "";
}
inline std::string lmp_binary() { return lammps_variant().empty() ? OPENMTP_LMP : OPENMTP_LMP_2025; }
inline std::string lammps_plugin() { return lammps_variant() == "2025-plugin" ? OPENMTP_PLUGIN_2025 : ""; }
inline std::string example_input(const std::string& name) { return source_path("examples/lammps/" + name); }
inline std::string cu_potential() { return shared_path("data/mlearn/Cu/maml_fitted.mtp"); }

// LAMMPS's pressure conversion for units metal (bar per eV/A^3), as LAMMPS's update.cpp sets it.
constexpr double kMetalNktv2p = 1.6021765e6;

// Runs LAMMPS (optionally under mpirun with `ranks` processes) in `dir`; returns status and output. With a
// plugin, the input is included from a short script that loads the plugin first.
inline CommandResult run_lammps(const std::string& dir, const std::string& input_file, const std::string& vars,
                                int ranks = 1) {
  std::string input = input_file;
  if (!lammps_plugin().empty()) {
    input = dir + "/in.with-plugin";
    std::ofstream wrapper(input);
    wrapper << "plugin load " << lammps_plugin() << "\ninclude " << input_file << "\n";
  }
  std::string cmd = "cd '" + dir + "' && ";
  if (ranks > 1)
    cmd += "mpirun --allow-run-as-root --oversubscribe -np " + std::to_string(ranks) + " ";
  cmd += "'" + lmp_binary() + "' -echo none -screen none -log log.lammps -in '" + input + "' " + vars;
  CommandResult r = run_command(cmd);
  std::ifstream log(dir + "/log.lammps");
  std::stringstream text;
  text << log.rdbuf();
  r.output += "\n--- log.lammps ---\n" + text.str();
  // The styles must come from the plugin, not from a LAMMPS that has them built in.
  if (!lammps_plugin().empty() && r.status == 0) {
    EXPECT_NE(r.output.find("Loading plugin: OpenMTP"), std::string::npos) << r.output;
  }
  return r;
}

// One frame of a LAMMPS custom dump: the cell and one row of named columns per atom (sorted by id).
struct DumpFrame {
  long step = 0;
  Mat3 cell;  // rows a, b, c
  Vec3 origin;
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;
  int column(const std::string& name) const {
    for (std::size_t k = 0; k < columns.size(); ++k)
      if (columns[k] == name) return int(k);
    ADD_FAILURE() << "no column " << name << " in the dump";
    return 0;
  }
  double value(std::size_t atom, const std::string& name) const { return rows[atom][std::size_t(column(name))]; }
};

// All frames of a dump file.
inline std::vector<DumpFrame> read_dump(const std::string& path) {
  std::vector<DumpFrame> frames;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("ITEM: TIMESTEP", 0) != 0) continue;
    DumpFrame f;
    std::getline(in, line);
    f.step = std::stol(line);
    std::getline(in, line);  // ITEM: NUMBER OF ATOMS
    std::getline(in, line);
    const std::size_t n = std::stoul(line);
    std::getline(in, line);  // ITEM: BOX BOUNDS [xy xz yz] ...
    const bool triclinic = line.find("xy") != std::string::npos;
    double lo[3], hi[3], tilt[3] = {0, 0, 0};
    for (int d = 0; d < 3; ++d) {
      std::getline(in, line);
      std::istringstream s(line);
      s >> lo[d] >> hi[d];
      if (triclinic) s >> tilt[d];
    }
    const double xy = tilt[0], xz = tilt[1], yz = tilt[2];
    // Bounding box to box: LAMMPS writes the bounds of the tilted cell.
    lo[0] -= std::min({0.0, xy, xz, xy + xz});
    hi[0] -= std::max({0.0, xy, xz, xy + xz});
    lo[1] -= std::min(0.0, yz);
    hi[1] -= std::max(0.0, yz);
    f.origin = {lo[0], lo[1], lo[2]};
    f.cell.set_row(0, {hi[0] - lo[0], 0, 0});
    f.cell.set_row(1, {xy, hi[1] - lo[1], 0});
    f.cell.set_row(2, {xz, yz, hi[2] - lo[2]});
    std::getline(in, line);  // ITEM: ATOMS id ...
    std::istringstream header(line.substr(12));
    for (std::string c; header >> c;) f.columns.push_back(c);
    f.rows.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      std::getline(in, line);
      std::istringstream s(line);
      for (double v; s >> v;) f.rows[i].push_back(v);
    }
    std::sort(f.rows.begin(), f.rows.end(), [](const auto& a, const auto& b) { return a[0] < b[0]; });
    frames.push_back(std::move(f));
  }
  return frames;
}

// The configuration of a frame (positions from columns x y z, one species).
inline Configuration configuration_of(const DumpFrame& f) {
  Configuration cfg;
  cfg.lattice = Lattice::periodic(f.cell);
  const int x = f.column("x");
  for (const auto& r : f.rows) {
    cfg.positions.push_back(Vec3{r[std::size_t(x)], r[std::size_t(x) + 1], r[std::size_t(x) + 2]} - f.origin);
    cfg.types.push_back(0);
  }
  return cfg;
}

// The thermo lines of a log: header words -> values of each printed step.
inline std::vector<std::map<std::string, double>> read_thermo(const std::string& log_path) {
  std::vector<std::map<std::string, double>> out;
  std::ifstream in(log_path);
  std::string line;
  std::vector<std::string> header;
  while (std::getline(in, line)) {
    std::istringstream s(line);
    std::string first;
    if (!(s >> first)) {
      header.clear();
      continue;
    }
    if (first == "Step") {
      header = {first};
      for (std::string w; s >> w;) header.push_back(w);
      continue;
    }
    if (header.empty()) continue;
    std::istringstream values(line);
    std::map<std::string, double> row;
    std::size_t k = 0;
    std::string w;
    bool numeric = true;
    while (values >> w && k < header.size()) {
      char* end = nullptr;
      const double v = std::strtod(w.c_str(), &end);
      if (*end != '\0') {
        numeric = false;
        break;
      }
      row[header[k++]] = v;
    }
    if (numeric && k == header.size()) out.push_back(row);
    else header.clear();
  }
  return out;
}

}  // namespace mtp::test
