#include "mtp/oracle/lammps_oracle.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "mtp/core/error.hpp"
#include "mtp/io/atomic_output_file.hpp"
#include "mtp/io/lammps_data.hpp"
#include "mtp/oracle/atomic_masses.hpp"
#include "mtp/oracle/external_run.hpp"
#include "mtp/oracle/oracle_settings.hpp"

namespace mtp::oracle {
namespace {

// LAMMPS's own conversion in units metal (force->nktv2p): pressure in bar = virial in eV / volume in A^3
// times this. Dividing by the same constant recovers the virial LAMMPS summed, to rounding.
constexpr double kNktv2pMetal = 1.6021765e6;

const char* kDataName = "structure.data";
const char* kInputName = "in.lammps";
const char* kLogName = "log.lammps";
const char* kDumpName = "forces.dump";
const char* kResultTag = "OPENMTP_RESULT";

// The configuration in LAMMPS's frame: x_lammps = x * rotation (row vectors), rotation orthogonal.
struct LammpsBox {
  Mat3 rotation;
  double lo[3] = {0, 0, 0}, hi[3] = {0, 0, 0};
  double xy = 0, xz = 0, yz = 0;
  std::vector<Vec3> positions;
  int periodic_dims = 3;
};

LammpsBox lammps_box(const Configuration& cfg) {
  const int pd = cfg.lattice.periodic_dims;
  // Non-periodic rows are completed by unit vectors orthogonal to the periodic ones, so in the restricted
  // form they lie along the trailing axes with zero tilt.
  const Mat3 rows = cfg.lattice.completed_rows();
  if (!(std::abs(determinant(rows)) > 0)) throw Error("oracle 'lammps': the cell has zero volume");
  Mat3 box = io::lammps_restricted_rows(rows);
  LammpsBox b;
  b.periodic_dims = pd;
  b.rotation = inverse(rows) * box;
  // Tilts within half a box length, as LAMMPS requires: integer combinations of periodic rows describe
  // the same periodic lattice.
  auto subtract = [&](int row, int by, double k) {
    if (k != 0) box.set_row(row, box.row(row) - box.row(by) * k);
  };
  if (pd >= 2) subtract(1, 0, std::round(box(1, 0) / box(0, 0)));
  if (pd >= 3) {
    subtract(2, 1, std::round(box(2, 1) / box(1, 1)));
    subtract(2, 0, std::round(box(2, 0) / box(0, 0)));
  }
  b.xy = box(1, 0);
  b.xz = box(2, 0);
  b.yz = box(2, 1);
  b.positions.reserve(cfg.size());
  for (const Vec3& p : cfg.positions) b.positions.push_back(p * b.rotation);
  for (int k = 0; k < 3; ++k) {
    if (k < pd) {
      b.hi[k] = box(k, k);
    } else {
      // Shrink-wrapped: LAMMPS fits the bounds to the atoms; start from a box that holds them all.
      double lo = 0, hi = 0;
      for (std::size_t i = 0; i < b.positions.size(); ++i) {
        lo = i == 0 ? b.positions[i][k] : std::min(lo, b.positions[i][k]);
        hi = i == 0 ? b.positions[i][k] : std::max(hi, b.positions[i][k]);
      }
      b.lo[k] = lo - 1.0;
      b.hi[k] = hi + 1.0;
    }
  }
  return b;
}

void write_data(const std::string& path, const LammpsBox& box, const Configuration& cfg, int ntypes) {
  io::AtomicOutputFile file(path);
  std::ostream& out = file.stream();
  out << "LAMMPS data file written by OpenMTP's lammps oracle\n\n"
      << cfg.size() << " atoms\n" << ntypes << " atom types\n\n";
  const char* axis[3][2] = {{"xlo", "xhi"}, {"ylo", "yhi"}, {"zlo", "zhi"}};
  for (int k = 0; k < 3; ++k)
    out << number_text(box.lo[k]) << ' ' << number_text(box.hi[k]) << ' ' << axis[k][0] << ' ' << axis[k][1] << '\n';
  if (box.xy != 0 || box.xz != 0 || box.yz != 0)
    out << number_text(box.xy) << ' ' << number_text(box.xz) << ' ' << number_text(box.yz) << " xy xz yz\n";
  out << "\nAtoms # atomic\n\n";
  for (std::size_t i = 0; i < cfg.size(); ++i) {
    const Vec3& p = box.positions[i];
    out << i + 1 << ' ' << cfg.types[i] + 1 << ' ' << number_text(p.x) << ' ' << number_text(p.y) << ' '
        << number_text(p.z) << '\n';
  }
  file.commit();
}

std::string expand_species(std::string line, const std::vector<std::string>& species) {
  std::string list;
  for (const auto& s : species) list += (list.empty() ? "" : " ") + s;
  const std::string tag = "{species}";
  for (auto at = line.find(tag); at != std::string::npos; at = line.find(tag, at + list.size()))
    line.replace(at, tag.size(), list);
  return line;
}

void write_input(const std::string& path, const LammpsOracleOptions& o, int periodic_dims) {
  io::AtomicOutputFile file(path);
  std::ostream& out = file.stream();
  out << "# written by OpenMTP's lammps oracle: a single point (run 0)\n"
      << "units metal\natom_style atomic\natom_modify map array\n"
      << "boundary";
  for (int k = 0; k < 3; ++k) out << (k < periodic_dims ? " p" : " s");
  out << "\nread_data " << kDataName << "\n";
  for (std::size_t t = 0; t < o.species.size(); ++t)
    out << "mass " << t + 1 << ' ' << number_text(atomic_mass(o.species[t])) << "  # " << o.species[t] << '\n';
  out << "pair_style " << o.pair_style << '\n';
  for (const auto& c : o.pair_coeff) out << "pair_coeff " << expand_species(c, o.species) << '\n';
  for (const auto& c : o.commands) out << expand_species(c, o.species) << '\n';
  out << "thermo_style custom step pe pxx pyy pzz pxy pxz pyz vol\n"
      << "dump openmtp_forces all custom 1 " << kDumpName << " id fx fy fz\n"
      << "dump_modify openmtp_forces sort id format float %.17g\n"
      << "run 0\n"
      << "print \"" << kResultTag
      << " $(pe:%.17g) $(pxx*vol:%.17g) $(pyy*vol:%.17g) $(pzz*vol:%.17g) $(pxy*vol:%.17g) $(pxz*vol:%.17g) "
         "$(pyz*vol:%.17g)\"\n";
  file.commit();
}

// The first "ERROR" line LAMMPS wrote, else the end of standard error (a missing executable, MPI), for the
// error message.
std::string lammps_error(const std::string& log_path, const std::string& screen_path, const std::string& err_path) {
  for (const auto& path : {screen_path, log_path}) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line))
      if (line.rfind("ERROR", 0) == 0) return line;
  }
  const std::string err = last_lines(err_path, 3);
  return err.empty() ? last_lines(screen_path, 3) : err;
}

std::vector<Vec3> read_forces(const std::string& path, std::size_t natoms) {
  std::ifstream in(path);
  if (!in) throw Error(path, 0, "LAMMPS wrote no force dump");
  std::string line;
  long lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.rfind("ITEM: ATOMS", 0) == 0) break;
  }
  if (!in) throw Error(path, lineno, "expected 'ITEM: ATOMS id fx fy fz'");
  std::vector<Vec3> forces(natoms);
  std::vector<bool> seen(natoms, false);
  for (std::size_t k = 0; k < natoms; ++k) {
    ++lineno;
    long id = 0;
    Vec3 f;
    if (!std::getline(in, line) || !(std::istringstream(line) >> id >> f.x >> f.y >> f.z))
      throw Error(path, lineno, "expected 'id fx fy fz' for atom " + std::to_string(k + 1));
    if (id < 1 || static_cast<std::size_t>(id) > natoms || seen[id - 1])
      throw Error(path, lineno, "unexpected atom id " + std::to_string(id) + " (atoms lost by LAMMPS?)");
    seen[id - 1] = true;
    forces[id - 1] = f;
  }
  return forces;
}

}  // namespace

LammpsOracle::LammpsOracle(LammpsOracleOptions options) : options_(std::move(options)) {
  if (options_.species.empty()) throw Error("oracle 'lammps': no species");
  if (options_.pair_style.empty()) throw Error("oracle 'lammps': no pair_style");
  if (options_.pair_coeff.empty()) throw Error("oracle 'lammps': no pair_coeff");
  for (const auto& s : options_.species) atomic_mass(s);  // a symbol that is no element fails here
}

void LammpsOracle::compute(Configuration& cfg, const std::string& workdir) const {
  cfg.validate();
  const int ntypes = static_cast<int>(options_.species.size());
  for (int t : cfg.types)
    if (t < 0 || t >= ntypes)
      throw Error("oracle 'lammps': atom type " + std::to_string(t) + " has no element in species (" +
                  std::to_string(ntypes) + " given)");
  if (cfg.size() == 0) throw Error("oracle 'lammps': the configuration has no atoms");
  prepare_workdir(workdir);
  const LammpsBox box = lammps_box(cfg);
  write_data(path_in(workdir, kDataName), box, cfg, ntypes);
  write_input(path_in(workdir, kInputName), options_, box.periodic_dims);

  const std::string log = path_in(workdir, kLogName);
  const std::string screen = path_in(workdir, "lammps.out");
  std::string command = options_.mpi.empty() ? "" : options_.mpi + " ";
  command += options_.executable + " -in " + kInputName + " -log " + kLogName;
  const int status = run_in_directory(command, workdir, "lammps.out", "lammps.err", options_.timeout);
  if (status != 0)
    throw Error("oracle 'lammps': '" + command + "' failed with exit status " + std::to_string(status) + ": " +
                lammps_error(log, screen, path_in(workdir, "lammps.err")) + " (see " + log + " and " +
                path_in(workdir, "lammps.err") + ")");

  std::ifstream in(log);
  std::string line;
  double values[7];
  bool found = false;
  while (std::getline(in, line)) {
    if (line.rfind(kResultTag, 0) != 0) continue;
    std::istringstream fields(line.substr(std::string(kResultTag).size()));
    found = true;
    for (double& v : values) found = found && static_cast<bool>(fields >> v);
  }
  if (!found || !std::isfinite(values[0]))
    throw Error(log, 0, "oracle 'lammps': expected a line '" + std::string(kResultTag) + " pe pxx*vol ...'");

  // Back from LAMMPS's frame: f = f_lammps R^T, W = R W_lammps R^T. LAMMPS's pressure (bar) times volume is
  // the virial sum r (x) f with LAMMPS's sign: positive when compressed, as PlusStress.
  const Mat3& r = box.rotation;
  const Mat3 rt = transpose(r);
  std::vector<Vec3> forces = read_forces(path_in(workdir, kDumpName), cfg.size());
  for (Vec3& f : forces) f = f * rt;
  Mat3 w;
  const int index[3][3] = {{1, 4, 5}, {4, 2, 6}, {5, 6, 3}};
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) w(a, b) = values[index[a][b]] / kNktv2pMetal;
  store_results(cfg, values[0], std::move(forces), r * w * rt, name());
}

std::unique_ptr<Oracle> make_lammps_oracle(const OracleSettings& settings) {
  const SettingsReader s("lammps", settings, {"species", "pair_style", "pair_coeff", "commands", "executable", "mpi", "timeout"});
  LammpsOracleOptions o;
  o.species = s.species();
  o.pair_style = s.required("pair_style");
  // Commas separate lines too: the loop joins a TOML array of strings with them.
  std::string pair_coeff = s.required("pair_coeff");
  std::replace(pair_coeff.begin(), pair_coeff.end(), ',', ';');
  o.pair_coeff = split_commands(pair_coeff);
  o.commands = split_commands(s.text("commands", ""));
  o.executable = s.text("executable", o.executable);
  o.mpi = s.text("mpi", "");
  o.timeout = s.number("timeout", 0);
  if (o.timeout < 0) s.fail("timeout", "expects seconds (0: none)");
  return std::make_unique<LammpsOracle>(std::move(o));
}

}  // namespace mtp::oracle
