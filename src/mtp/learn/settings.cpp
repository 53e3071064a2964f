#include "mtp/learn/settings.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "mtp/core/error.hpp"
#include "mtp/core/limits.hpp"
#include "mtp/io/input_path.hpp"

namespace mtp::learn {
namespace {

namespace fs = std::filesystem;

// Reads the keys of one table, remembering which it saw so that misspelt keys are reported, not ignored.
class TableReader {
 public:
  TableReader(const toml::table* table, std::string prefix, std::string file)
      : table_(table), prefix_(std::move(prefix)), file_(std::move(file)) {}

  const toml::node* node(const std::string& key) {
    known_.insert(key);
    return table_ ? table_->get(key) : nullptr;
  }
  Error error(const std::string& key, const std::string& what) const {
    return Error(file_, 0, "key " + prefix_ + key + ": " + what);
  }
  // TOML spells nan and inf; no setting means either, so they are refused here, where the key is known.
  double finite(const std::string& key, double v) const {
    if (!std::isfinite(v)) throw error(key, "expected a finite number, got " + std::string(std::isnan(v) ? "nan" : "inf"));
    return v;
  }
  void number(const std::string& key, double& value) {
    if (const toml::node* n = node(key)) {
      if (auto v = n->value<double>()) value = finite(key, *v);
      else throw error(key, "expected a number");
    }
  }
  void integer(const std::string& key, int& value) {
    if (const toml::node* n = node(key)) {
      if (auto v = n->value<int64_t>()) value = int(*v);
      else throw error(key, "expected an integer");
    }
  }
  void integer(const std::string& key, unsigned long long& value) {
    if (const toml::node* n = node(key)) {
      auto v = n->value<int64_t>();
      if (!v || *v < 0) throw error(key, "expected a non-negative integer");
      value = static_cast<unsigned long long>(*v);
    }
  }
  void boolean(const std::string& key, bool& value) {
    if (const toml::node* n = node(key)) {
      // as_boolean, not value<bool>: the latter would take 1 for true.
      if (const auto* v = n->as_boolean()) value = v->get();
      else throw error(key, "expected true or false");
    }
  }
  void text(const std::string& key, std::string& value) {
    if (const toml::node* n = node(key)) {
      if (auto v = n->value<std::string>()) value = *v;
      else throw error(key, "expected a string");
    }
  }
  void numbers(const std::string& key, std::vector<double>& value) {
    if (const toml::node* n = node(key)) {
      value.clear();
      if (auto v = n->value<double>()) { value.push_back(finite(key, *v)); return; }
      const toml::array* a = n->as_array();
      if (!a) throw error(key, "expected a number or an array of numbers");
      for (const toml::node& e : *a) {
        auto x = e.value<double>();
        if (!x) throw error(key, "expected an array of numbers");
        value.push_back(finite(key, *x));
      }
    }
  }
  void texts(const std::string& key, std::vector<std::string>& value) {
    if (const toml::node* n = node(key)) {
      value.clear();
      if (auto v = n->value<std::string>()) { value.push_back(*v); return; }
      const toml::array* a = n->as_array();
      if (!a) throw error(key, "expected a string or an array of strings");
      for (const toml::node& e : *a) {
        auto x = e.value<std::string>();
        if (!x) throw error(key, "expected an array of strings");
        value.push_back(*x);
      }
    }
  }
  // An array of [from, to] pairs of numbers.
  void pairs(const std::string& key, std::vector<std::array<double, 2>>& value) {
    if (const toml::node* n = node(key)) {
      value.clear();
      const toml::array* a = n->as_array();
      if (!a) throw error(key, "expected an array of [from, to] pairs, e.g. [[1500, 3000]]");
      for (const toml::node& e : *a) {
        const toml::array* pair = e.as_array();
        std::optional<double> x, y;
        if (pair && pair->size() == 2) x = (*pair)[0].value<double>(), y = (*pair)[1].value<double>();
        if (!x || !y) throw error(key, "expected an array of [from, to] pairs of numbers, e.g. [[1500, 3000]]");
        value.push_back({finite(key, *x), finite(key, *y)});
      }
    }
  }
  // Every key not read yet, as text (the oracle's own keys).
  std::map<std::string, std::string> rest_as_text() {
    std::map<std::string, std::string> out;
    if (!table_) return out;
    for (const auto& [k, v] : *table_) {
      const std::string key(k.str());
      if (known_.count(key)) continue;
      known_.insert(key);
      if (auto s = v.value<std::string>()) out[key] = *s;
      else if (auto i = v.value<int64_t>()) out[key] = std::to_string(*i);
      else if (auto d = v.value<double>()) {
        std::ostringstream o;
        o.precision(17);
        o << *d;
        out[key] = o.str();
      } else if (auto b = v.value<bool>()) out[key] = *b ? "true" : "false";
      else if (const toml::array* a = v.as_array()) {
        std::string joined;
        for (const toml::node& e : *a) {
          auto s = e.value<std::string>();
          if (!s) throw error(key, "expected an array of strings");
          joined += (joined.empty() ? "" : ",") + *s;
        }
        out[key] = joined;
      } else throw error(key, "expected a string, number, boolean or array of strings");
    }
    return out;
  }
  void reject_unknown() const {
    if (!table_) return;
    for (const auto& [k, v] : *table_) {
      const std::string key(k.str());
      if (!known_.count(key)) throw Error(file_, 0, "unknown key " + prefix_ + key + " (docs/ACTIVE_LEARNING.md lists the keys)");
    }
  }

 private:
  const toml::table* table_;
  std::string prefix_, file_;
  std::set<std::string> known_;
};

std::string resolve(const std::string& base, const std::string& p) {
  if (p.empty() || fs::path(p).is_absolute()) return p;
  return (fs::path(base) / p).lexically_normal().string();
}

std::string number_text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

void require(bool ok, const std::string& file, const std::string& what) {
  if (!ok) throw Error(file, 0, what);
}

}  // namespace

LearnSettings parse_settings(const std::string& text, const std::string& path) {
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw Error(path, long(e.source().begin.line), std::string(e.description()));
  }
  LearnSettings s;
  s.source = path;
  const std::string base = fs::absolute(fs::path(path)).parent_path().string();

  TableReader top(&root, "", path);
  top.text("work_dir", s.work_dir);
  top.texts("species", s.species);
  top.numbers("masses", s.masses);
  top.integer("max_iterations", s.max_iterations);
  top.integer("threads", s.threads);
  top.integer("seed", s.seed);
  for (const char* t : {"potential", "train", "explore", "select", "oracle", "holdout", "report"}) {
    if (const toml::node* n = top.node(t); n && !n->is_table())
      throw Error(path, 0, std::string("[") + t + "] must be a table");
  }
  top.reject_unknown();

  TableReader pot(root["potential"].as_table(), "potential.", path);
  pot.text("start", s.potential.start);
  pot.integer("level", s.potential.level);
  pot.number("min_dist", s.potential.min_dist);
  pot.number("max_dist", s.potential.max_dist);
  pot.integer("radial_basis_size", s.potential.radial_basis_size);
  pot.reject_unknown();

  TableReader tr(root["train"].as_table(), "train.", path);
  tr.integer("max_iterations", s.train.max_iterations);
  tr.number("tolerance", s.train.tolerance);
  tr.number("energy_weight", s.train.energy_weight);
  tr.number("force_weight", s.train.force_weight);
  tr.number("stress_weight", s.train.stress_weight);
  tr.integer("seed", s.train.seed);
  tr.text("initial_set", s.train.initial_set);
  tr.integer("initial_rattle", s.train.initial_rattle);
  tr.number("rattle_amplitude", s.train.rattle_amplitude);
  tr.number("strain_amplitude", s.train.strain_amplitude);
  tr.number("volume_range", s.train.volume_range);
  tr.number("origin_balance", s.train.origin_balance);
  tr.reject_unknown();

  TableReader ex(root["explore"].as_table(), "explore.", path);
  std::string engine = "internal";
  ex.text("engine", engine);
  if (engine == "internal") s.explore.engine = ExploreEngine::Internal;
  else if (engine == "lammps") s.explore.engine = ExploreEngine::Lammps;
  else throw ex.error("engine", "expected \"internal\" or \"lammps\", got \"" + engine + "\"");
  ex.texts("structures", s.explore.structures);
  ex.numbers("temperatures", s.explore.temperatures);
  ex.numbers("pressures", s.explore.pressures);
  ex.pairs("temperature_ramps", s.explore.temperature_ramps);
  ex.boolean("continue_from_last", s.explore.continue_from_last);
  ex.integer("confirm_steps", s.explore.confirm_steps);
  ex.integer("steps", s.explore.steps);
  ex.number("timestep", s.explore.timestep);
  ex.number("thermostat_damping", s.explore.thermostat_damping);
  ex.number("barostat_damping", s.explore.barostat_damping);
  ex.integer("grade_every", s.explore.grade_every);
  ex.boolean("relax", s.explore.relax);
  ex.integer("relax_steps", s.explore.relax_steps);
  ex.number("threshold_save", s.explore.threshold_save);
  ex.number("threshold_break", s.explore.threshold_break);
  ex.text("lammps", s.explore.lammps);
  ex.integer("mpi_ranks", s.explore.mpi_ranks);
  ex.text("mpirun", s.explore.mpirun);
  ex.integer("max_saved_per_run", s.explore.max_saved_per_run);
  ex.reject_unknown();

  TableReader se(root["select"].as_table(), "select.", path);
  std::string mode = "configuration";
  se.text("mode", mode);
  if (mode == "configuration") s.select.mode = SelectMode::Configuration;
  else if (mode == "neighborhood" || mode == "neighbourhood") s.select.mode = SelectMode::Neighborhood;
  else throw se.error("mode", "expected \"configuration\" or \"neighborhood\", got \"" + mode + "\"");
  se.integer("limit", s.select.limit);
  se.number("threshold", s.select.threshold);
  se.boolean("cut_neighborhoods", s.select.cut_neighborhoods);
  se.number("cut_cutoff", s.select.cut_cutoff);
  se.integer("min_per_run", s.select.min_per_run);
  se.reject_unknown();

  TableReader orc(root["oracle"].as_table(), "oracle.", path);
  orc.text("kind", s.oracle.kind);
  orc.integer("parallel", s.oracle.parallel);
  s.oracle.settings = orc.rest_as_text();

  TableReader ho(root["holdout"].as_table(), "holdout.", path);
  ho.text("file", s.holdout.file);
  ho.integer("rattle", s.holdout.rattle);
  ho.number("rattle_amplitude", s.holdout.rattle_amplitude);
  ho.number("strain_amplitude", s.holdout.strain_amplitude);
  ho.reject_unknown();

  TableReader re(root["report"].as_table(), "report.", path);
  re.boolean("plots", s.report.plots);
  re.text("plot_script", s.report.plot_script);
  re.text("python", s.report.python);
  re.reject_unknown();

  // Paths are relative to the settings file, so a settings file works from any current folder.
  // A work_dir the file names is relative to it; the default is in the current folder, so that running an
  // example's settings never writes into the source tree.
  s.work_dir = root.contains("work_dir") ? resolve(base, s.work_dir)
                                         : fs::absolute(fs::path(s.work_dir)).lexically_normal().string();
  s.potential.start = resolve(base, s.potential.start);
  s.train.initial_set = resolve(base, s.train.initial_set);
  for (std::string& p : s.explore.structures) p = resolve(base, p);
  s.holdout.file = resolve(base, s.holdout.file);
  // An executable named by a path (not looked up in PATH) is relative to the settings file too.
  if (s.explore.lammps.find('/') != std::string::npos) s.explore.lammps = resolve(base, s.explore.lammps);
  s.report.plot_script = resolve(base, s.report.plot_script);
  // Oracle keys naming files (potentials, pseudopotential folders) are resolved when they exist there.
  // Only values that look like paths (a '/' or a '.'), so an element symbol never turns into a file name.
  for (auto& [k, v] : s.oracle.settings)
    if (!v.empty() && !fs::path(v).is_absolute() && v.find(' ') == std::string::npos &&
        v.find_first_of("/.") != std::string::npos && fs::exists(fs::path(base) / v))
      v = resolve(base, v);
  if (!s.species.empty() && !s.oracle.settings.count("species")) {
    std::string joined;
    for (const std::string& e : s.species) joined += (joined.empty() ? "" : ",") + e;
    s.oracle.settings["species"] = joined;
  }

  require(!s.explore.structures.empty(), path, "key explore.structures: give at least one starting structure file");
  require(!s.explore.temperatures.empty(), path, "key explore.temperatures: give at least one temperature");
  require(!s.explore.pressures.empty(), path, "key explore.pressures: give at least one pressure (0 for NVT)");
  require(s.max_iterations >= 0, path, "key max_iterations: must be at least 0 (0: train on the starting set only)");
  require(s.threads >= 1, path, "key threads: must be at least 1");
  require(s.explore.steps >= 0 && s.explore.timestep > 0, path, "keys explore.steps >= 0 and explore.timestep > 0");
  require(s.explore.confirm_steps >= 0, path, "key explore.confirm_steps: must be at least 0 (0: no confirmation)");
  require(s.explore.grade_every >= 1, path, "key explore.grade_every: must be at least 1");
  require(s.explore.threshold_save >= 1.0 && s.explore.threshold_break > s.explore.threshold_save, path,
          "keys explore.threshold_save >= 1 and explore.threshold_break > threshold_save");
  require(s.select.limit >= 1, path, "key select.limit: must be at least 1");
  require(s.train.origin_balance >= 0.0 && s.train.origin_balance <= 1.0, path,
          "key train.origin_balance: must be in [0, 1], got " + number_text(s.train.origin_balance));
  require(s.select.min_per_run >= 0 && s.select.min_per_run <= 1000, path,
          "key select.min_per_run: must be in [0, 1000]");
  require(s.select.threshold > 1.0, path, "key select.threshold: must be greater than 1");
  require(s.oracle.parallel >= 1, path, "key oracle.parallel: must be at least 1");
  require(s.explore.mpi_ranks >= 1, path, "key explore.mpi_ranks: must be at least 1");
  require(s.train.initial_rattle >= -1 && s.holdout.rattle >= 0, path, "keys train.initial_rattle >= -1 and holdout.rattle >= 0");
  require(!s.masses.empty() || s.explore.steps == 0, path, "key masses: give the mass (amu) of each species for MD");
  for (double m : s.masses) require(m > 0.0, path, "key masses: every mass must be positive, got " + number_text(m));
  for (double t : s.explore.temperatures)
    require(t >= 0.0, path, "key explore.temperatures: a temperature must not be negative, got " + number_text(t));
  for (const auto& r : s.explore.temperature_ramps)
    require(r[0] >= 0.0 && r[1] >= 0.0, path,
            "key explore.temperature_ramps: a temperature must not be negative, got [" + number_text(r[0]) + ", " +
                number_text(r[1]) + "]");
  require(s.train.volume_range >= 0.0 && s.train.volume_range < 0.5, path,
          "key train.volume_range: must be in [0, 0.5), got " + number_text(s.train.volume_range));
  require(s.potential.level >= 2 && s.potential.level <= limits::kMaxLevel, path,
          "key potential.level: must be between 2 and " + std::to_string(limits::kMaxLevel) + ", got " +
              std::to_string(s.potential.level));
  require(s.potential.min_dist >= 0.0 && s.potential.min_dist < s.potential.max_dist &&
              s.potential.max_dist <= limits::kMaxCutoff,
          path, "keys potential.min_dist and max_dist: need 0 <= min_dist < max_dist <= " +
                    std::to_string(int(limits::kMaxCutoff)) + " Angstrom");
  return s;
}

LearnSettings read_settings(const std::string& path) {
  io::refuse_directory(path);
  std::ifstream in(path);
  if (!in) throw Error(path, 0, "cannot open the settings file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_settings(text.str(), path);
}

}  // namespace mtp::learn
