#include "mtp/learn/explore.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>

#include "mtp/active/grade_text.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/lammps_data.hpp"
#include "mtp/io/lammps_dump.hpp"
#include "mtp/learn/molecular_dynamics.hpp"
#include "mtp/relax/relaxation.hpp"

namespace mtp::learn {
namespace {

namespace fs = std::filesystem;

// Keeps the `limit` configurations of highest grade, in the order they were seen.
class Collector {
 public:
  explicit Collector(int limit) : limit_(std::size_t(std::max(limit, 1))) {}
  void add(const Configuration& cfg, double grade) {
    items_.push_back({grade, order_++, cfg});
    if (items_.size() > limit_) {
      auto lowest = std::min_element(items_.begin(), items_.end(),
                                     [](const Item& a, const Item& b) { return a.grade < b.grade; });
      items_.erase(lowest);
    }
  }
  std::vector<Configuration> take() {
    std::vector<Configuration> out;
    for (Item& it : items_) out.push_back(std::move(it.cfg));
    return out;
  }

 private:
  struct Item {
    double grade;
    std::size_t order;
    Configuration cfg;
  };
  std::size_t limit_;
  std::size_t order_ = 0;
  std::vector<Item> items_;
};

// The most extrapolative configuration seen at or below a grade bound: where a run that broke continues.
class BelowBreak {
 public:
  explicit BelowBreak(double bound) : bound_(bound) {}
  void add(const Configuration& cfg, double grade) {
    if (grade <= bound_ && (!best_ || grade >= grade_)) best_ = cfg, grade_ = grade;
  }
  std::optional<Configuration> take() { return std::move(best_); }

 private:
  double bound_;
  double grade_ = 0.0;
  std::optional<Configuration> best_;
};

Configuration geometry(const Configuration& cfg) {
  Configuration c;
  c.lattice = cfg.lattice;
  c.positions = cfg.positions;
  c.types = cfg.types;
  return c;
}

Configuration snapshot(const Configuration& cfg, double grade) {
  Configuration c;
  c.lattice = cfg.lattice;
  c.positions = cfg.positions;
  c.types = cfg.types;
  c.features["MV_grade"] = active::grade_text(grade, false);
  return c;
}

ExplorationResult explore_internal(const LearnSettings& s, const active::ActiveSet& set, const Configuration& start,
                                   const ExplorationRun& run) {
  ExplorationResult result;
  Collector collector(s.explore.max_saved_per_run);
  const double save = s.explore.threshold_save, brk = s.explore.threshold_break;
  BelowBreak below(brk);
  auto check = [&](const Configuration& cfg) {
    const double g = set.grade(cfg);
    result.max_grade = std::max(result.max_grade, g);
    below.add(cfg, g);
    if (g > save) collector.add(snapshot(cfg, g), g);
    if (g > brk) {
      result.broke = true;
      return false;
    }
    return true;
  };
  const Evaluator& ev = set.evaluator();
  if (run.relaxation) {
    // MLIP-2's relaxation (mlp relax); a break ends it as a failed relaxation, which is what it is for here.
    RelaxationSettings rs;
    rs.pressure_gpa = run.pressure;
    rs.iteration_limit = s.explore.relax_steps;
    if (run.pressure == 0.0 && s.explore.pressures.size() == 1) rs.stress_tolerance = 0.0;  // cell held
    EfsFunction efs = [&](Configuration& c) {
      ev.compute_into(c);
      ++result.steps;
      if (!check(c)) throw Error("extrapolation grade above the break threshold");
    };
    relax_configuration(start, efs, rs);
  } else {
    const MdParameters p = md_parameters(s, run);
    EfsFunction efs = [&](Configuration& c) { ev.compute_into(c); };
    Configuration last;
    result.steps = run_md(start, efs, p, [&](const Configuration& c, int) { return check(c); }, &last);
    if (!result.broke) result.last = geometry(last);
    else if (auto b = below.take()) result.last = geometry(*b);
  }
  result.collected = collector.take();
  return result;
}

std::string quote(const std::string& s) { return "'" + s + "'"; }

ExplorationResult explore_lammps(const LearnSettings& s, const std::string& almtp_path, const Configuration& start,
                                 const ExplorationRun& run, const std::string& dir) {
  fs::create_directories(dir);
  const std::string data = dir + "/start.data";
  {
    std::ofstream out(data);
    io::write_lammps_data(out, start);
    if (!out) throw Error(data, 0, "cannot write the LAMMPS data file");
  }
  int types = 1;
  {
    std::ifstream in(data);
    std::string line;
    std::regex re("^\\s*(\\d+)\\s+atom types");
    std::smatch m;
    while (std::getline(in, line))
      if (std::regex_search(line, m, re)) types = std::stoi(m[1]);
  }
  const std::string saved = dir + "/preselected.cfg", final_dump = dir + "/final.dump";
  fs::remove(saved);
  fs::remove(final_dump);
  std::ostringstream in;
  in.precision(10);
  in << "# OpenMTP active learning: " << run.describe() << "\n"
     << "units metal\natom_style atomic\nboundary p p p\nread_data " << data << "\n";
  for (int t = 1; t <= types; ++t) {
    const double m = std::size_t(t - 1) < s.masses.size() ? s.masses[std::size_t(t - 1)] : 1.0;
    in << "mass " << t << " " << m << "\n";
  }
  in << "pair_style mtp/extrapolation mlip3_style " << saved << " " << s.explore.threshold_save << " "
     << s.explore.threshold_break << "\npair_coeff * * " << almtp_path;
  for (int t = 0; t < types; ++t) in << " " << t;
  in << "\nneighbor 1.0 bin\ncompute g all mtp/grade\nthermo_style custom step temp pe press c_g\n"
     << "thermo_modify format float %.10g\nthermo " << s.explore.grade_every << "\n";
  {
    const double t = run.temperature, t1 = run.end_temperature, tdamp = s.explore.thermostat_damping * 1e-3;
    in << "velocity all create " << t << " " << (run.seed % 900000000 + 1) << " mom yes rot yes dist gaussian\n"
       << "timestep " << s.explore.timestep * 1e-3 << "\n";
    if (run.constant_pressure())
      in << "fix md all npt temp " << t << " " << t1 << " " << tdamp << " iso " << run.pressure * 1e4 << " "
         << run.pressure * 1e4 << " " << s.explore.barostat_damping * 1e-3 << "\n";
    else
      in << "fix md all nvt temp " << t << " " << t1 << " " << tdamp << "\n";
    // The end of a run that was not stopped by the break threshold: where the next iteration continues.
    in << "run " << s.explore.steps << "\nwrite_dump all custom " << final_dump << " id type x y z modify sort id\n";
  }
  const std::string input = dir + "/in.lammps", log = dir + "/log.lammps";
  {
    std::ofstream f(input);
    f << in.str();
  }
  std::string cmd;
  if (s.explore.mpi_ranks > 1) cmd = s.explore.mpirun + " -np " + std::to_string(s.explore.mpi_ranks) + " ";
  cmd += quote(s.explore.lammps) + " -in " + quote(input) + " -log " + quote(log) + " -screen none > " +
         quote(dir + "/stdout.txt") + " 2>&1";
  const int rc = std::system(cmd.c_str());

  ExplorationResult result;
  std::string text;
  {
    std::ifstream f(log);
    std::ostringstream o;
    o << f.rdbuf();
    text = o.str();
  }
  result.broke = text.find("Breaking threshold exceeded") != std::string::npos;
  if (rc != 0 && !result.broke)
    throw Error(log, 0, "LAMMPS failed (exit status " + std::to_string(rc) + "; command: " + cmd + ")");
  // Thermo lines: step temp pe press grade.
  std::istringstream lines(text);
  std::string line;
  bool thermo = false;
  while (std::getline(lines, line)) {
    if (line.find("Step") != std::string::npos && line.find("c_g") != std::string::npos) { thermo = true; continue; }
    if (!thermo) continue;
    std::istringstream w(line);
    double step, temp, pe, press, grade;
    if (w >> step >> temp >> pe >> press >> grade) {
      result.max_grade = std::max(result.max_grade, grade);
      result.steps = int(step);
    } else {
      thermo = false;
    }
  }
  Collector collector(s.explore.max_saved_per_run);
  BelowBreak below(s.explore.threshold_break);
  if (fs::exists(saved)) {
    auto reader = io::make_cfg_reader(saved);
    Configuration cfg;
    while (reader->next(cfg)) {
      double g = 0;
      if (auto it = cfg.features.find("MV_grade"); it != cfg.features.end()) g = std::atof(it->second.c_str());
      result.max_grade = std::max(result.max_grade, g);
      below.add(cfg, g);
      collector.add(cfg, g);
    }
  }
  result.collected = collector.take();
  if (!result.broke && fs::exists(final_dump)) {
    auto reader = io::make_lammps_dump_reader(final_dump);
    Configuration last;
    if (!reader->next(last)) throw Error(final_dump, 0, "expected the configuration LAMMPS ended with");
    result.last = geometry(last);
  } else if (result.broke) {
    if (auto b = below.take()) result.last = geometry(*b);
  }
  return result;
}

}  // namespace

std::string ExplorationRun::describe() const {
  char text[160];
  if (relaxation)
    std::snprintf(text, sizeof text, "relaxation of structure %zu at %g GPa", structure, pressure);
  else if (end_temperature != temperature)
    std::snprintf(text, sizeof text, "MD of structure %zu from %g K to %g K, %g GPa", structure, temperature,
                  end_temperature, pressure);
  else
    std::snprintf(text, sizeof text, "MD of structure %zu at %g K, %g GPa", structure, temperature, pressure);
  return text;
}

MdParameters md_parameters(const LearnSettings& s, const ExplorationRun& run) {
  MdParameters p;
  p.masses = s.masses;
  p.temperature = run.temperature;
  p.end_temperature = run.end_temperature;
  p.pressure_gpa = run.pressure;
  p.barostat = run.constant_pressure();
  p.steps = s.explore.steps;
  p.timestep = s.explore.timestep;
  p.thermostat_damping = s.explore.thermostat_damping;
  p.barostat_damping = s.explore.barostat_damping;
  p.seed = run.seed;
  p.observe_every = s.explore.grade_every;
  return p;
}

std::vector<ExplorationRun> plan_exploration(const LearnSettings& s, std::size_t structure_count, int iteration) {
  std::vector<ExplorationRun> runs;
  for (std::size_t k = 0; k < structure_count; ++k)
    for (double t : s.explore.temperatures)
      for (double p : s.explore.pressures) {
        ExplorationRun r;
        r.structure = k;
        r.temperature = t;
        r.end_temperature = t;
        r.pressure = p;
        runs.push_back(r);
      }
  for (std::size_t k = 0; k < structure_count; ++k)
    for (const auto& ramp : s.explore.temperature_ramps)
      for (double p : s.explore.pressures) {
        ExplorationRun r;
        r.structure = k;
        r.temperature = ramp[0];
        r.end_temperature = ramp[1];
        r.pressure = p;
        runs.push_back(r);
      }
  if (s.explore.relax)
    for (std::size_t k = 0; k < structure_count; ++k)
      for (double p : s.explore.pressures) {
        ExplorationRun r;
        r.structure = k;
        r.relaxation = true;
        r.pressure = p;
        runs.push_back(r);
      }
  // A different trajectory every iteration, the same one when an iteration is resumed.
  for (std::size_t i = 0; i < runs.size(); ++i)
    runs[i].seed = s.seed * 1000003ULL + std::uint64_t(iteration) * 10007ULL + i + 1;
  return runs;
}

ExplorationResult explore(const LearnSettings& s, const active::ActiveSet& set, const std::string& almtp_path,
                          const Configuration& start, const ExplorationRun& run, const std::string& dir) {
  // Relaxations run in process with MLIP-2's algorithm (src/mtp/relax) for either engine: no LAMMPS start-up.
  if (s.explore.engine == ExploreEngine::Lammps && !run.relaxation) return explore_lammps(s, almtp_path, start, run, dir);
  return explore_internal(s, set, start, run);
}

}  // namespace mtp::learn
