#include "mtp/oracle/qe_oracle.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "mtp/core/error.hpp"
#include "mtp/io/atomic_output_file.hpp"
#include "mtp/oracle/atomic_masses.hpp"
#include "mtp/oracle/external_run.hpp"
#include "mtp/oracle/oracle_settings.hpp"

namespace mtp::oracle {
namespace {

constexpr double kTwoPi = 6.283185307179586;
const char* kInputName = "pw.in";
const char* kOutputName = "pw.out";
const char* kErrorName = "pw.err";
const char* kOutdir = "pwscf.save.d";

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// The pseudopotential for an element: the one named in settings, else the only file in pseudo_dir whose
// name starts with the symbol followed by '.', '_' or '-' (case-insensitive .upf).
std::string find_pseudopotential(const std::string& dir, const std::string& element) {
  std::vector<std::string> candidates;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= element.size() + 1 || name.compare(0, element.size(), element) != 0) continue;
    const char next = name[element.size()];
    if (next != '.' && next != '_' && next != '-') continue;
    std::string ext = entry.path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ext == ".upf") candidates.push_back(name);
  }
  std::sort(candidates.begin(), candidates.end());
  if (candidates.size() == 1) return candidates[0];
  std::string list;
  for (const auto& c : candidates) list += (list.empty() ? "" : ", ") + c;
  throw Error("oracle 'qe': give the pseudopotential of " + element + " (key pseudopotentials = \"" + element +
              ":FILE\"): " + (candidates.empty() ? "none found in " + dir : "several in " + dir + ": " + list));
}

// Text between QE's "%%%%" error banners, or the tail of the output.
std::string qe_error(const std::string& out_path, const std::string& err_path) {
  std::ifstream in(out_path);
  std::string line, message;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.find("%%%%%%%%") != std::string::npos) {
      if (inside && !message.empty()) return message;
      inside = !inside;
      continue;
    }
    if (inside) {
      const auto first = line.find_first_not_of(' ');
      if (first != std::string::npos) message += (message.empty() ? "" : " ") + line.substr(first);
    }
  }
  const std::string err = last_lines(err_path, 3);
  return err.empty() ? last_lines(out_path, 3) : err;
}

struct PwResults {
  bool have_energy = false;
  double energy_ry = 0;
  std::vector<Vec3> forces_ry_bohr;
  bool have_stress = false;
  Mat3 stress_ry_bohr3;
  bool not_converged = false;
};

PwResults parse_pw_output(const std::string& path, std::size_t natoms) {
  std::ifstream in(path);
  if (!in) throw Error(path, 0, "cannot open pw.x's output");
  PwResults r;
  std::string line;
  long lineno = 0;
  auto next = [&](const std::string& what) -> const std::string& {
    if (!std::getline(in, line)) throw Error(path, lineno, "unexpected end of pw.x's output: expected " + what);
    ++lineno;
    return line;
  };
  while (std::getline(in, line)) {
    ++lineno;
    if (line.find("convergence NOT achieved") != std::string::npos) r.not_converged = true;
    if (line.rfind("!", 0) == 0 && line.find("total energy") != std::string::npos) {
      const auto eq = line.find('=');
      std::istringstream fields(line.substr(eq + 1));
      std::string unit;
      if (eq == std::string::npos || !(fields >> r.energy_ry >> unit) || unit != "Ry")
        throw Error(path, lineno, "expected '! total energy = <value> Ry'");
      r.have_energy = true;
    } else if (line.find("Forces acting on atoms") != std::string::npos) {
      r.forces_ry_bohr.assign(natoms, Vec3{});
      std::size_t read = 0;
      while (read < natoms) {
        next("a force line per atom");
        const auto at = line.find("force =");
        if (line.find("atom") == std::string::npos || at == std::string::npos) {
          if (line.find_first_not_of(' ') == std::string::npos) continue;  // the blank line after the title
          throw Error(path, lineno, "expected 'atom N type T force = fx fy fz'");
        }
        std::istringstream head(line);
        std::string word;
        std::size_t index = 0;
        Vec3 f;
        head >> word >> index;
        std::istringstream values(line.substr(at + 7));
        if (word != "atom" || index < 1 || index > natoms || !(values >> f.x >> f.y >> f.z))
          throw Error(path, lineno, "expected 'atom N type T force = fx fy fz' with N up to " + std::to_string(natoms));
        r.forces_ry_bohr[index - 1] = f;
        ++read;
      }
    } else if (line.find("total   stress") != std::string::npos) {
      for (int a = 0; a < 3; ++a) {
        std::istringstream fields(next("a stress row"));
        for (int b = 0; b < 3; ++b)
          if (!(fields >> r.stress_ry_bohr3(a, b))) throw Error(path, lineno, "expected a row of the stress tensor");
      }
      r.have_stress = true;
    }
  }
  return r;
}

}  // namespace

QeOracle::QeOracle(QeOracleOptions options) : options_(std::move(options)) {
  if (options_.species.empty()) throw Error("oracle 'qe': no species");
  if (!(options_.ecutwfc > 0)) throw Error("oracle 'qe': ecutwfc (Ry) must be positive");
  for (const auto& s : options_.species) {
    atomic_mass(s);
    if (!options_.pseudopotentials.count(s)) options_.pseudopotentials[s] = find_pseudopotential(options_.pseudo_dir, s);
    const auto file = std::filesystem::path(options_.pseudo_dir) / options_.pseudopotentials[s];
    if (!std::filesystem::is_regular_file(file))
      throw Error("oracle 'qe': the pseudopotential of " + s + ", " + file.string() + ", does not exist");
  }
}

std::vector<int> QeOracle::kpoint_grid(const Mat3& rows) const {
  if (!options_.kpoints.empty()) return options_.kpoints;
  // Reciprocal vectors are the columns of 2 pi A^-1 (a_i . b_j = 2 pi delta_ij).
  const Mat3 inv = inverse(rows);
  std::vector<int> grid(3);
  for (int i = 0; i < 3; ++i) {
    const double length = kTwoPi * std::sqrt(inv(0, i) * inv(0, i) + inv(1, i) * inv(1, i) + inv(2, i) * inv(2, i));
    grid[i] = std::max(1, static_cast<int>(std::ceil(length / options_.kspacing - 1e-9)));
  }
  return grid;
}

void QeOracle::compute(Configuration& cfg, const std::string& workdir) const {
  cfg.validate();
  if (cfg.lattice.periodic_dims != 3)
    throw Error("oracle 'qe': pw.x needs a configuration periodic in three dimensions (add vacuum to the cell)");
  if (cfg.size() == 0) throw Error("oracle 'qe': the configuration has no atoms");
  const double volume = cfg.lattice.volume();
  if (!(volume > 0)) throw Error("oracle 'qe': the cell has zero volume");
  const int ntypes = static_cast<int>(options_.species.size());
  // QE species: only the elements present, in type order (pw.x wants atoms of every species it is given).
  std::vector<int> present;
  for (int t : cfg.types) {
    if (t < 0 || t >= ntypes)
      throw Error("oracle 'qe': atom type " + std::to_string(t) + " has no element in species (" +
                  std::to_string(ntypes) + " given)");
    if (std::find(present.begin(), present.end(), t) == present.end()) present.push_back(t);
  }
  std::sort(present.begin(), present.end());
  prepare_workdir(workdir);

  const auto& o = options_;
  {
    io::AtomicOutputFile file(path_in(workdir, kInputName));
    std::ostream& out = file.stream();
    out << "&control\n  calculation = 'scf'\n  prefix = 'pwscf'\n  outdir = " << quoted(kOutdir)
        << "\n  pseudo_dir = " << quoted(o.pseudo_dir) << "\n  tprnfor = .true.\n  tstress = .true.\n";
    if (!o.control_extra.empty()) out << "  " << o.control_extra << '\n';
    out << "/\n&system\n  ibrav = 0\n  nat = " << cfg.size() << "\n  ntyp = " << present.size()
        << "\n  ecutwfc = " << number_text(o.ecutwfc) << '\n';
    if (o.ecutrho > 0) out << "  ecutrho = " << number_text(o.ecutrho) << '\n';
    out << "  occupations = " << quoted(o.occupations) << '\n';
    if (o.occupations == "smearing")
      out << "  smearing = " << quoted(o.smearing) << "\n  degauss = " << number_text(o.degauss) << '\n';
    if (!o.system_extra.empty()) out << "  " << o.system_extra << '\n';
    out << "/\n&electrons\n  conv_thr = " << number_text(o.conv_thr) << "\n  mixing_beta = " << number_text(o.mixing_beta)
        << "\n  electron_maxstep = " << o.electron_maxstep << '\n';
    if (!o.electrons_extra.empty()) out << "  " << o.electrons_extra << '\n';
    out << "/\nATOMIC_SPECIES\n";
    for (int t : present) {
      const std::string& el = o.species[t];
      out << el << ' ' << number_text(atomic_mass(el)) << ' ' << o.pseudopotentials.at(el) << '\n';
    }
    out << "CELL_PARAMETERS angstrom\n";
    for (int i = 0; i < 3; ++i) {
      const Vec3 a = cfg.lattice.rows.row(i);
      out << number_text(a.x) << ' ' << number_text(a.y) << ' ' << number_text(a.z) << '\n';
    }
    out << "ATOMIC_POSITIONS angstrom\n";
    for (std::size_t i = 0; i < cfg.size(); ++i) {
      const Vec3& p = cfg.positions[i];
      out << o.species[cfg.types[i]] << ' ' << number_text(p.x) << ' ' << number_text(p.y) << ' '
          << number_text(p.z) << '\n';
    }
    const auto grid = kpoint_grid(cfg.lattice.rows);
    out << "K_POINTS automatic\n"
        << grid[0] << ' ' << grid[1] << ' ' << grid[2] << ' ' << o.kpoints_shift[0] << ' ' << o.kpoints_shift[1]
        << ' ' << o.kpoints_shift[2] << '\n';
    file.commit();
  }

  std::string command = o.mpi.empty() ? "" : o.mpi + " ";
  command += o.executable + (o.arguments.empty() ? "" : " " + o.arguments) + " -in " + kInputName;
  const int status = run_in_directory(command, workdir, kOutputName, kErrorName, options_.timeout);
  const std::string out_path = path_in(workdir, kOutputName);
  const PwResults r = parse_pw_output(out_path, cfg.size());
  if (r.not_converged)
    throw Error(out_path, 0, "oracle 'qe': SCF convergence NOT achieved in " + std::to_string(o.electron_maxstep) +
                                 " steps (raise electron_maxstep, lower mixing_beta, more smearing)");
  if (status != 0)
    throw Error("oracle 'qe': '" + command + "' failed with exit status " + std::to_string(status) + ": " +
                qe_error(out_path, path_in(workdir, kErrorName)) + " (see " + out_path + ")");
  if (!r.have_energy) throw Error(out_path, 0, "oracle 'qe': no final '!    total energy' line");
  if (r.forces_ry_bohr.empty()) throw Error(out_path, 0, "oracle 'qe': no 'Forces acting on atoms' block");
  if (!r.have_stress) throw Error(out_path, 0, "oracle 'qe': no 'total   stress' block");

  const double force_unit = kQeRydbergEv / kQeBohrAngstrom;
  std::vector<Vec3> forces;
  forces.reserve(cfg.size());
  for (const Vec3& f : r.forces_ry_bohr) forces.push_back(f * force_unit);
  // QE's stress is -(1/V) dE/d(strain), so the PlusStress virial -dE/d(strain) is stress * V.
  const double volume_bohr3 = volume / (kQeBohrAngstrom * kQeBohrAngstrom * kQeBohrAngstrom);
  Mat3 virial = r.stress_ry_bohr3 * (volume_bohr3 * kQeRydbergEv);
  for (int a = 0; a < 3; ++a)  // QE prints a symmetrised tensor to 8 decimals; keep it exactly symmetric
    for (int b = a + 1; b < 3; ++b) virial(a, b) = virial(b, a) = 0.5 * (virial(a, b) + virial(b, a));
  store_results(cfg, r.energy_ry * kQeRydbergEv, std::move(forces), virial, name());
  if (!o.keep_outdir) {
    std::error_code ec;
    std::filesystem::remove_all(path_in(workdir, kOutdir), ec);
  }
}

std::unique_ptr<Oracle> make_qe_oracle(const OracleSettings& settings) {
  const SettingsReader s("qe", settings,
                         {"species", "pseudopotentials", "pseudo_dir", "ecutwfc", "ecutrho", "kpoints", "kpoints_shift",
                          "kspacing", "occupations", "smearing", "degauss", "mixing_beta", "conv_thr",
                          "electron_maxstep", "control_extra", "system_extra", "electrons_extra", "executable",
                          "arguments", "mpi", "keep_outdir", "timeout"});
  QeOracleOptions o;
  o.species = s.species();
  o.pseudo_dir = s.text("pseudo_dir", o.pseudo_dir);
  for (const auto& item : split_list(s.text("pseudopotentials", ""))) {
    const auto colon = item.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == item.size())
      s.fail("pseudopotentials", "expects Element:file pairs (\"Al:Al.pz-vbc.UPF, Si:Si.pz-vbc.UPF\"), got '" + item + "'");
    o.pseudopotentials[item.substr(0, colon)] = item.substr(colon + 1);
  }
  if (!s.has("ecutwfc")) s.fail("ecutwfc", "is required (the plane-wave cutoff in Ry)");
  o.ecutwfc = s.positive("ecutwfc", 1.0);
  o.ecutrho = s.has("ecutrho") ? s.positive("ecutrho", 0) : 0.0;
  auto grid = [&](const std::string& key, int minimum) {
    std::vector<int> values;
    for (const auto& item : split_list(s.text(key, ""))) {
      char* end = nullptr;
      const long v = std::strtol(item.c_str(), &end, 10);
      if (end == item.c_str() || *end != '\0' || v < minimum || v > 1000) s.fail(key, "expects three integers");
      values.push_back(static_cast<int>(v));
    }
    if (!values.empty() && values.size() != 3) s.fail(key, "expects three integers");
    return values;
  };
  o.kpoints = grid("kpoints", 1);
  if (s.has("kpoints_shift")) {
    o.kpoints_shift = grid("kpoints_shift", 0);
    for (int v : o.kpoints_shift)
      if (v > 1) s.fail("kpoints_shift", "expects three 0 or 1");
  }
  o.kspacing = s.positive("kspacing", o.kspacing);
  o.occupations = s.text("occupations", o.occupations);
  o.smearing = s.text("smearing", o.smearing);
  o.degauss = s.positive("degauss", o.degauss);
  o.mixing_beta = s.positive("mixing_beta", o.mixing_beta);
  o.conv_thr = s.positive("conv_thr", o.conv_thr);
  o.electron_maxstep = s.count("electron_maxstep", o.electron_maxstep);
  o.control_extra = s.text("control_extra", "");
  o.system_extra = s.text("system_extra", "");
  o.electrons_extra = s.text("electrons_extra", "");
  o.executable = s.text("executable", o.executable);
  o.arguments = s.text("arguments", "");
  o.mpi = s.text("mpi", "");
  const std::string keep = s.text("keep_outdir", "false");
  if (keep != "true" && keep != "false") s.fail("keep_outdir", "expects true or false");
  o.keep_outdir = keep == "true";
  o.timeout = s.number("timeout", 0);
  if (o.timeout < 0) s.fail("timeout", "expects seconds (0: none)");
  return std::make_unique<QeOracle>(std::move(o));
}

}  // namespace mtp::oracle
