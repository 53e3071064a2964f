#include "mtp/oracle/command_oracle.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <sstream>

#include "mtp/core/error.hpp"
#include "mtp/io/atomic_output_file.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/extxyz.hpp"
#include "mtp/io/vasp_outcar.hpp"
#include "mtp/io/vasp_poscar.hpp"
#include "mtp/oracle/external_run.hpp"
#include "mtp/oracle/oracle_settings.hpp"

namespace mtp::oracle {
namespace {

std::string default_input_name(CommandInputFormat f) {
  switch (f) {
    case CommandInputFormat::Poscar: return "POSCAR";
    case CommandInputFormat::Cfg: return "in.cfg";
    case CommandInputFormat::ExtXyz: return "in.xyz";
  }
  return {};
}

std::string default_output_name(CommandOutputFormat f) {
  switch (f) {
    case CommandOutputFormat::Outcar: return "OUTCAR";
    case CommandOutputFormat::Cfg: return "out.cfg";
    case CommandOutputFormat::ExtXyz: return "out.xyz";
  }
  return {};
}

// Input atom of each atom in the written file: the POSCAR writer groups atoms by type in their order.
std::vector<std::size_t> written_order(const Configuration& cfg, CommandInputFormat format) {
  std::vector<std::size_t> order(cfg.size());
  std::iota(order.begin(), order.end(), 0);
  if (format == CommandInputFormat::Poscar)
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cfg.types[a] < cfg.types[b]; });
  return order;
}

// Distance between two positions up to periodic images of the cell's periodic rows.
double periodic_distance(const Lattice& lattice, const Vec3& a, const Vec3& b) {
  Vec3 d = b - a;
  if (lattice.periodic_dims > 0) {
    const Mat3 rows = lattice.completed_rows();
    Vec3 frac = d * inverse(rows);
    for (int k = 0; k < lattice.periodic_dims; ++k) frac[k] -= std::round(frac[k]);
    d = frac * rows;
  }
  return norm(d);
}

// The POSCAR writer gives counts for types 0 up to the largest type present; with the species known, counts
// of 0 follow for the rest, so one POTCAR with every species fits every configuration.
void write_poscar(std::ostream& out, const Configuration& cfg, std::size_t species) {
  std::ostringstream text;
  io::write_vasp_poscar(text, cfg);
  std::istringstream lines(text.str());
  std::string line;
  for (int k = 0; std::getline(lines, line); ++k) {
    if (k == 5) {
      std::istringstream counts(line);
      std::size_t n = 0, c;
      while (counts >> c) ++n;
      for (; n < species; ++n) line += " 0";
    }
    out << line << '\n';
  }
}

}  // namespace

CommandOracle::CommandOracle(CommandOracleOptions options) : options_(std::move(options)) {
  if (options_.command.empty()) throw Error("oracle 'command': no command");
  if (options_.input_name.empty()) options_.input_name = default_input_name(options_.input_format);
  if (options_.output_name.empty()) options_.output_name = default_output_name(options_.output_format);
  if (options_.input_format == CommandInputFormat::ExtXyz && options_.species.empty())
    throw Error("oracle 'command': extended XYZ input needs the species (element of each type)");
  for (const auto& f : options_.files)
    if (!std::filesystem::is_regular_file(f)) throw Error("oracle 'command': file to copy '" + f + "' not found");
}

void CommandOracle::compute(Configuration& cfg, const std::string& workdir) const {
  cfg.validate();
  const auto& o = options_;
  if (!o.species.empty())
    for (int t : cfg.types)
      if (t >= static_cast<int>(o.species.size()))
        throw Error("oracle 'command': atom type " + std::to_string(t) + " has no element in species");
  prepare_workdir(workdir);
  const std::string out_path = path_in(workdir, o.output_name);
  std::error_code stale;
  std::filesystem::remove(out_path, stale);  // an output left by an earlier run must not pass for this one's
  for (const auto& f : o.files) {
    std::error_code ec;
    const auto target = std::filesystem::path(workdir) / std::filesystem::path(f).filename();
    std::filesystem::copy_file(f, target, std::filesystem::copy_options::overwrite_existing, ec);
    if (ec) throw Error("oracle 'command': cannot copy '" + f + "' to " + target.string() + ": " + ec.message());
  }
  Configuration input = cfg;
  input.clear_efs();
  {
    io::AtomicOutputFile file(path_in(workdir, o.input_name));
    switch (o.input_format) {
      case CommandInputFormat::Poscar: write_poscar(file.stream(), input, o.species.size()); break;
      case CommandInputFormat::Cfg: io::write_cfg_text(file.stream(), input, io::CfgTextStyle::Lossless); break;
      case CommandInputFormat::ExtXyz: io::write_extxyz(file.stream(), input, io::ExtXyzOptions{io::SpeciesOrder(o.species)}); break;
    }
    file.commit();
  }

  const int status = run_in_directory(o.command, workdir, "command.out", "command.err", o.timeout);
  if (status != 0)
    throw Error("oracle 'command': '" + o.command + "' failed with exit status " + std::to_string(status) + ": " +
                last_lines(path_in(workdir, "command.err"), 3) + " (see " + path_in(workdir, "command.out") + " and " +
                path_in(workdir, "command.err") + ")");
  if (!std::filesystem::is_regular_file(out_path))
    throw Error("oracle 'command': '" + o.command + "' wrote no " + out_path + " (see " +
                path_in(workdir, "command.err") + ")");

  std::vector<std::string> warnings;
  std::unique_ptr<io::ConfigurationReader> reader;
  switch (o.output_format) {
    case CommandOutputFormat::Outcar:
      reader = io::make_vasp_outcar_reader(out_path, [&](const std::string& w) { warnings.push_back(w); });
      break;
    case CommandOutputFormat::Cfg: reader = io::make_cfg_reader(out_path); break;
    case CommandOutputFormat::ExtXyz: reader = io::make_extxyz_reader(out_path, io::ExtXyzOptions{io::SpeciesOrder(o.species)}); break;
  }
  Configuration result, step;
  bool any = false;
  while (reader->next(step)) {
    result = std::move(step);
    any = true;
  }
  if (!any) throw Error(out_path, 0, "oracle 'command': no configuration in the output");
  const auto efs_by = result.features.find("EFS_by");
  if (efs_by != result.features.end() && efs_by->second == "VASP_not_converged")
    throw Error(out_path, 0, "oracle 'command': the electronic loop of the last ionic step did not converge (NELM "
                             "reached)");
  if (!result.has_energy() || !result.has_forces())
    throw Error(out_path, 0, "oracle 'command': the output has no energy or no forces");

  const auto order = written_order(cfg, o.input_format);
  if (result.size() != cfg.size())
    throw Error(out_path, 0, "oracle 'command': " + std::to_string(result.size()) + " atoms in the output, " +
                                 std::to_string(cfg.size()) + " in the input");
  std::vector<Vec3> forces(cfg.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t i = order[k];
    const double d = periodic_distance(cfg.lattice, cfg.positions[i], result.positions[k]);
    if (result.types[k] != cfg.types[i] || !(d <= o.position_tolerance))
      throw Error(out_path, 0, "oracle 'command': output atom " + std::to_string(k + 1) + " (type " +
                                   std::to_string(result.types[k]) + ") is not input atom " + std::to_string(i + 1) +
                                   " (type " + std::to_string(cfg.types[i]) + ", " + std::to_string(d) +
                                   " A away): the command must compute a single point of the given atoms");
    forces[i] = result.forces[k];
  }
  store_results(cfg, *result.energy, std::move(forces), result.virial, name());
}

std::unique_ptr<Oracle> make_command_oracle(const OracleSettings& settings) {
  const SettingsReader s("command", settings,
                         {"command", "input_format", "input_name", "output_format", "output_name", "files", "species",
                          "position_tolerance", "timeout"});
  CommandOracleOptions o;
  o.command = s.required("command");
  const std::string in = s.text("input_format", "poscar");
  if (in == "poscar" || in == "vasp-poscar") o.input_format = CommandInputFormat::Poscar;
  else if (in == "cfg") o.input_format = CommandInputFormat::Cfg;
  else if (in == "extxyz") o.input_format = CommandInputFormat::ExtXyz;
  else s.fail("input_format", "expects poscar, cfg or extxyz, got '" + in + "'");
  const std::string out = s.text("output_format", "outcar");
  if (out == "outcar" || out == "vasp-outcar") o.output_format = CommandOutputFormat::Outcar;
  else if (out == "cfg") o.output_format = CommandOutputFormat::Cfg;
  else if (out == "extxyz") o.output_format = CommandOutputFormat::ExtXyz;
  else s.fail("output_format", "expects outcar, cfg or extxyz, got '" + out + "'");
  o.input_name = s.text("input_name", "");
  o.output_name = s.text("output_name", "");
  o.files = split_list(s.text("files", ""));
  if (s.has("species")) o.species = s.species();
  o.position_tolerance = s.positive("position_tolerance", o.position_tolerance);
  o.timeout = s.number("timeout", 0);
  if (o.timeout < 0) s.fail("timeout", "expects seconds (0: none)");
  return std::make_unique<CommandOracle>(std::move(o));
}

}  // namespace mtp::oracle
