// Text .cfg: MLIP-2's reader (blocks in any order, MLIP-3's extra column) and its two layouts on output.
#include "mtp/io/cfg_text.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <ostream>
#include <sstream>

#include "mtp/core/error.hpp"
#include "mtp/core/limits.hpp"
#include "mtp/io/atomic_output_file.hpp"
#include "mtp/io/cfg_records.hpp"
#include "mtp/io/input_path.hpp"

namespace mtp::io {
namespace {

// ---------------------------------------------------------------------------------------------- reading

enum class Column { Id, Type, CartX, CartY, CartZ, DirX, DirY, DirZ, Fx, Fy, Fz, SiteEn, Charge, NbhGrade,
                    MagX, MagY, MagZ, EnDerX, EnDerY, EnDerZ, Ghost, Count };

Column column_of(const CfgInput& input, const std::string& word) {
  static const std::pair<const char*, Column> names[] = {
      {"id", Column::Id},         {"type", Column::Type},      {"cartes_x", Column::CartX},
      {"cartes_y", Column::CartY}, {"cartes_z", Column::CartZ}, {"direct_x", Column::DirX},
      {"direct_y", Column::DirY}, {"direct_z", Column::DirZ},  {"fx", Column::Fx},
      {"fy", Column::Fy},         {"fz", Column::Fz},          {"site_en", Column::SiteEn},
      {"charge", Column::Charge}, {"nbh_grades", Column::NbhGrade}, {"magmom_x", Column::MagX},
      {"magmom_y", Column::MagY}, {"magmom_z", Column::MagZ},  {"en_der_mx", Column::EnDerX},
      {"en_der_my", Column::EnDerY}, {"en_der_mz", Column::EnDerZ}, {"ghost", Column::Ghost}};
  for (const auto& [name, column] : names)
    if (word == name) return column;
  input.fail("unknown AtomData column '" + word +
             "' (expected id, type, cartes_x/y/z, direct_x/y/z, fx, fy, fz, site_en, charge, magmom_x/y/z, "
             "en_der_mx/my/mz, ghost or nbh_grades)");
}

std::vector<std::string> words(const std::string& line) {
  std::istringstream ss(line);
  std::vector<std::string> out;
  for (std::string w; ss >> w;) out.push_back(w);
  return out;
}

// MLIP-2's key escaping: space, tab, newline and CR become \_, \t, \n, \r; other backslashes stay.
std::string unescape_key(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char c = s[i + 1];
      if (c == '_' || c == 't' || c == 'n' || c == 'r') {
        out += c == '_' ? ' ' : c == 't' ? '\t' : c == 'n' ? '\n' : '\r';
        ++i;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

std::string escape_key(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == ' ') out += "\\_";
    else if (c == '\t') out += "\\t";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else out += c;
  }
  return out;
}

// Reads `size` atom rows, or with size < 0 (MLIP-2 accepts AtomData without Size) rows while the next
// token is a number; returns the number of atoms. Every row must be one line of one value per column.
long read_atom_data(CfgInput& input, Configuration& cfg, long size, bool& fractional) {
  const long header_line = input.token_line();
  const std::vector<std::string> header = words(input.rest_of_line());
  std::vector<Column> columns;
  int cart[3] = {0, 0, 0}, dir[3] = {0, 0, 0}, force[3] = {0, 0, 0}, mag[3] = {0, 0, 0}, ender[3] = {0, 0, 0};
  bool seen[static_cast<int>(Column::Count)] = {};
  for (const std::string& w : header) {
    const Column c = column_of(input, w);
    if (seen[static_cast<int>(c)]) input.fail_at(header_line, "AtomData column '" + w + "' appears twice");
    seen[static_cast<int>(c)] = true;
    const int k = static_cast<int>(c);
    if (c >= Column::CartX && c <= Column::CartZ) ++cart[k - static_cast<int>(Column::CartX)];
    if (c >= Column::DirX && c <= Column::DirZ) ++dir[k - static_cast<int>(Column::DirX)];
    if (c >= Column::Fx && c <= Column::Fz) ++force[k - static_cast<int>(Column::Fx)];
    if (c >= Column::MagX && c <= Column::MagZ) ++mag[k - static_cast<int>(Column::MagX)];
    if (c >= Column::EnDerX && c <= Column::EnDerZ) ++ender[k - static_cast<int>(Column::EnDerX)];
    columns.push_back(c);
  }
  const bool all_cart = cart[0] && cart[1] && cart[2], all_dir = dir[0] && dir[1] && dir[2];
  if (!(all_cart && !dir[0] && !dir[1] && !dir[2]) && !(all_dir && !cart[0] && !cart[1] && !cart[2]))
    input.fail_at(header_line, "AtomData needs the position columns cartes_x cartes_y cartes_z or direct_x direct_y direct_z");
  if ((force[0] || force[1] || force[2]) && !(force[0] && force[1] && force[2]))
    input.fail_at(header_line, "AtomData needs all three force columns fx fy fz or none");
  if ((mag[0] || mag[1] || mag[2]) && !(mag[0] && mag[1] && mag[2]))
    input.fail_at(header_line, "AtomData needs all three columns magmom_x magmom_y magmom_z or none");
  if ((ender[0] || ender[1] || ender[2]) && !(ender[0] && ender[1] && ender[2]))
    input.fail_at(header_line, "AtomData needs all three columns en_der_mx en_der_my en_der_mz or none");  fractional = all_dir;

  const bool sized = size >= 0;
  std::size_t n = sized ? static_cast<std::size_t>(size) : 0;
  const bool has_f = force[0], has_se = seen[static_cast<int>(Column::SiteEn)],
             has_q = seen[static_cast<int>(Column::Charge)], has_g = seen[static_cast<int>(Column::NbhGrade)],
             has_m = mag[0], has_d = ender[0], has_ghost = seen[static_cast<int>(Column::Ghost)];
  auto resize = [&](std::size_t m) {
    cfg.positions.resize(m);
    cfg.types.resize(m, 0);
    cfg.forces.resize(has_f ? m : 0);
    cfg.site_energies.resize(has_se ? m : 0);
    cfg.charges.resize(has_q ? m : 0);
    cfg.nbh_grades.resize(has_g ? m : 0);
    cfg.magnetic_moments.resize(has_m ? m : 0);
    cfg.magnetic_moment_energy_derivatives.resize(has_d ? m : 0);
    cfg.ghost.resize(has_ghost ? m : 0, false);
  };
  // Rows are stored as they are read, never for Size ahead of them: a Size the file cannot hold then fails at
  // the file's end instead of allocating for it first.
  const std::size_t ncol = columns.size();
  for (std::size_t i = 0; sized ? i < n : true; ++i) {
    if (!sized) {
      const std::string_view first = input.token();
      if (!first.empty()) input.unread_token();
      if (!looks_numeric(first)) break;
      if (n >= static_cast<std::size_t>(limits::kMaxAtoms))
        input.fail("more than " + std::to_string(limits::kMaxAtoms) + " atom rows in AtomData (the limit of one configuration)");
      ++n;
    }
    resize(i + 1);
    long row_line = 0;
    for (std::size_t j = 0; j < ncol; ++j) {
      const std::string_view t = input.token();
      if (j == 0) row_line = input.token_line();
      if (t.empty())
        input.fail_at(row_line, "file ended inside AtomData: expected " + std::to_string(n) + " atom rows (Size)");
      if (input.token_line() != row_line || (!looks_numeric(t) && columns[j] != Column::Ghost))
        input.fail_at(row_line, "expected " + std::to_string(ncol) + " columns in AtomData row " + std::to_string(i + 1) +
                                    ", got " + std::to_string(j) + (looks_numeric(t) ? "" : " (Size says " + std::to_string(n) + " atoms)"));
      switch (columns[j]) {
        case Column::Id: {
          const long id = parse_cfg_long(input, t, "the atom id");
          if (id != static_cast<long>(i) + 1)
            input.fail("atom ids must be 1, 2, 3, ... in order: expected " + std::to_string(i + 1) + ", got " + std::to_string(id));
          break;
        }
        case Column::Type: {
          const long type = parse_cfg_long(input, t, "the atom type");
          if (type < 0) input.fail("atom type must be a non-negative species index, got " + std::to_string(type));
          cfg.types[i] = static_cast<int>(type);
          break;
        }
        case Column::CartX: case Column::DirX: cfg.positions[i].x = parse_cfg_double(input, t, "a position"); break;
        case Column::CartY: case Column::DirY: cfg.positions[i].y = parse_cfg_double(input, t, "a position"); break;
        case Column::CartZ: case Column::DirZ: cfg.positions[i].z = parse_cfg_double(input, t, "a position"); break;
        case Column::Fx: cfg.forces[i].x = parse_cfg_double(input, t, "a force"); break;
        case Column::Fy: cfg.forces[i].y = parse_cfg_double(input, t, "a force"); break;
        case Column::Fz: cfg.forces[i].z = parse_cfg_double(input, t, "a force"); break;
        case Column::SiteEn: cfg.site_energies[i] = parse_cfg_double(input, t, "a site energy"); break;
        case Column::Charge: cfg.charges[i] = parse_cfg_double(input, t, "a charge"); break;
        case Column::NbhGrade: cfg.nbh_grades[i] = parse_cfg_double(input, t, "an nbh_grades value"); break;
        case Column::Ghost:
          if (t != "true" && t != "false") input.fail("a ghost flag must be true or false, got '" + std::string(t) + "'");
          cfg.ghost[i] = t == "true";
          break;
        case Column::MagX: cfg.magnetic_moments[i].x = parse_cfg_double(input, t, "a magnetic moment"); break;
        case Column::MagY: cfg.magnetic_moments[i].y = parse_cfg_double(input, t, "a magnetic moment"); break;
        case Column::MagZ: cfg.magnetic_moments[i].z = parse_cfg_double(input, t, "a magnetic moment"); break;
        case Column::EnDerX: cfg.magnetic_moment_energy_derivatives[i].x = parse_cfg_double(input, t, "an en_der value"); break;
        case Column::EnDerY: cfg.magnetic_moment_energy_derivatives[i].y = parse_cfg_double(input, t, "an en_der value"); break;
        case Column::EnDerZ: cfg.magnetic_moment_energy_derivatives[i].z = parse_cfg_double(input, t, "an en_der value"); break;
        default: break;
      }
    }
    if (ncol > 0) {
      const std::string_view next = input.token();
      const long next_line = input.token_line();
      if (!next.empty()) input.unread_token();
      if (!next.empty() && next_line == row_line)
        input.fail_at(row_line, "expected " + std::to_string(ncol) + " columns in AtomData row " + std::to_string(i + 1) +
                                    ", got more");
    }
  }
  return static_cast<long>(n);
}

void read_stress(CfgInput& input, Configuration& cfg, const std::string& block) {
  const long header_line = input.token_line();
  const std::vector<std::string> header = words(input.rest_of_line());
  if (header.empty()) input.fail_at(header_line, block + " needs its components on the header line (xx yy zz yz xz xy)");
  Mat3 v;
  for (const std::string& key : header) {
    int a, b;
    if (key == "xx") a = 0, b = 0;
    else if (key == "yy") a = 1, b = 1;
    else if (key == "zz") a = 2, b = 2;
    else if (key == "yz") a = 1, b = 2;
    else if (key == "xz") a = 0, b = 2;
    else if (key == "xy") a = 0, b = 1;
    else input.fail_at(header_line, "unknown " + block + " component '" + key + "' (expected xx yy zz yz xz xy)");
    const std::string_view t = input.token();
    if (!looks_numeric(t))
      input.fail("expected " + std::to_string(header.size()) + " " + block + " values, got " +
                 std::string(t.empty() ? "the end of the file" : "'" + std::string(t) + "'") + " for " + key);
    v(a, b) = v(b, a) = parse_cfg_double(input, t, "a stress component");
  }
  cfg.virial = v;
}

// MLIP-2's current layout: BEGIN_CFG, blocks in any order, END_CFG.
void read_new_format(CfgInput& input, Configuration& cfg) {
  const long begin_line = input.token_line();
  long size = -1;
  bool have_atoms = false, fractional = false, virial_per_volume = false;
  Mat3 rows;
  for (;;) {
    const std::string_view t = input.token();
    if (t.empty())
      input.fail("file ended before END_CFG of the configuration that begins at line " + std::to_string(begin_line));
    if (t == "END_CFG") break;
    if (t == "Size") {
      const long n = parse_cfg_long(input, input.token(), "Size");
      if (n < 0) input.fail("Size must not be negative, got " + std::to_string(n));
      if (n > limits::kMaxAtoms)
        input.fail("Size " + std::to_string(n) + " is above the limit of " + std::to_string(limits::kMaxAtoms) + " atoms");
      if (size >= 0 && n != size) input.fail("Size " + std::to_string(n) + " contradicts the earlier Size " + std::to_string(size));
      if (have_atoms && static_cast<std::size_t>(n) != cfg.size())
        input.fail("Size " + std::to_string(n) + " contradicts the " + std::to_string(cfg.size()) + " atoms already read");
      size = n;
    } else if (t == "Supercell" || t == "SuperCell") {
      rows = Mat3();
      int r = 0;
      for (; r < 3; ++r) {
        const std::string_view first = input.token();
        const bool numeric = looks_numeric(first);
        if (!first.empty()) input.unread_token();
        if (!numeric) break;
        for (int c = 0; c < 3; ++c) rows(r, c) = parse_cfg_double(input, input.token(), "a Supercell component");
      }
    } else if (t == "AtomData:" || t == "Atomic_data:") {
      if (have_atoms) input.fail("a second AtomData block");
      size = read_atom_data(input, cfg, size, fractional);
      have_atoms = true;
    } else if (t == "Energy") {
      cfg.energy = parse_cfg_double(input, input.token(), "Energy");
    } else if (t == "PlusStress:" || t == "Virial:") {
      virial_per_volume = t == "Virial:";
      read_stress(input, cfg, std::string(t));
    } else if (t == "Stress:") {
      input.fail("'Stress:' is rejected as MLIP-2 rejects it: give the virial as 'PlusStress:' (eV)");
    } else if (t == "Feature") {
      const std::string key = unescape_key(std::string(input.token()));
      if (key.empty()) input.fail("Feature needs a key");
      // One separator after the key, then the value is the rest of the line.
      std::string value;
      const int sep = input.get_byte();
      if (sep != '\n' && sep >= 0) value = input.rest_of_line();
      auto it = cfg.features.find(key);
      if (it == cfg.features.end()) cfg.features.emplace(key, std::move(value));
      else it->second += '\n' + value;
    } else if (t == "Features:") {
      const long header_line = input.token_line();
      for (const std::string& key : words(input.rest_of_line())) {
        const std::string_view v = input.token();
        if (v.empty()) input.fail_at(header_line, "file ended where the value of feature '" + key + "' was expected");
        cfg.features[key] = std::string(v);
      }
    } else {
      input.fail("unknown field '" + std::string(t) +
                 "' (expected Size, Supercell, AtomData:, Energy, PlusStress:, Virial:, Feature or END_CFG)");
    }
  }
  if (size < 0) input.fail_at(begin_line, "configuration has no Size");
  if (!have_atoms && size > 0) input.fail_at(begin_line, "Size is " + std::to_string(size) + " but there is no AtomData block");
  cfg.lattice.rows = rows;
  cfg.lattice.periodic_dims = periodic_rows(rows);
  if (virial_per_volume && cfg.virial) {
    const double det = std::fabs(determinant(rows));
    if (det == 0.0) input.fail_at(begin_line, "Virial: needs a three-dimensional Supercell (it is divided by the volume)");
    *cfg.virial *= 1.0 / det;
  }
  if (fractional) {
    if (determinant(rows) == 0.0) input.fail_at(begin_line, "direct (fractional) coordinates need a three-dimensional Supercell");
    for (Vec3& p : cfg.positions) p = p * rows;
  }
}

// MLIP-2's old layout (BEGIN ... END) with Lattice, AtomPos/AtomData, AtomTypes, ... blocks.
void read_old_format(CfgInput& input, Configuration& cfg) {
  const long begin_line = input.token_line();
  long size = 0;
  bool have_lattice = false, have_pos = false, have_types = false;
  Mat3 rows;
  auto numbers = [&input](std::vector<double>& out, const char* what) {
    for (;;) {
      const std::string_view t = input.token();
      if (!looks_numeric(t)) {
        if (!t.empty()) input.unread_token();
        return;
      }
      out.push_back(parse_cfg_double(input, t, what));
    }
  };
  auto triples = [&input](const std::vector<double>& v, std::vector<Vec3>& out, const char* what) {
    if (v.size() % 3 != 0) input.fail(std::string(what) + ": expected x y z triples, got " + std::to_string(v.size()) + " numbers");
    for (std::size_t i = 0; i < v.size(); i += 3) out.push_back({v[i], v[i + 1], v[i + 2]});
  };
  for (;;) {
    const std::string_view t = input.token();
    if (t.empty()) input.fail("file ended before END of the configuration that begins at line " + std::to_string(begin_line));
    if (t == "END") break;
    std::vector<double> v;
    if (t == "Size") {
      size = parse_cfg_long(input, input.token(), "Size");
      if (size < 0) input.fail("Size must not be negative");
      if (size > limits::kMaxAtoms)
        input.fail("Size " + std::to_string(size) + " is above the limit of " + std::to_string(limits::kMaxAtoms) + " atoms");
    } else if (t == "Lattice") {
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) rows(a, b) = parse_cfg_double(input, input.token(), "a Lattice component");
      have_lattice = true;
    } else if (t == "AtomData" || t == "AtmData") {
      numbers(v, "AtomData");
      if (v.size() % 6 != 0) input.fail("AtomData: expected x y z fx fy fz per atom");
      for (std::size_t i = 0; i < v.size(); i += 6) {
        cfg.positions.push_back({v[i], v[i + 1], v[i + 2]});
        cfg.forces.push_back({v[i + 3], v[i + 4], v[i + 5]});
      }
      have_pos = true;
    } else if (t == "AtomPos") {
      numbers(v, "a position");
      triples(v, cfg.positions, "AtomPos");
      have_pos = true;
    } else if (t == "AtomForces") {
      numbers(v, "a force");
      triples(v, cfg.forces, "AtomForces");
    } else if (t == "AtomTypes") {
      for (std::string_view x = input.token(); looks_numeric(x); x = input.token()) {
        const long type = parse_cfg_long(input, x, "an atom type");
        if (type < 0) input.fail("atom type must be a non-negative species index, got " + std::to_string(type));
        cfg.types.push_back(static_cast<int>(type));
      }
      input.unread_token();
      have_types = true;
    } else if (t == "SiteEnergies") {
      numbers(cfg.site_energies, "a site energy");
    } else if (t == "Charges") {
      numbers(cfg.charges, "a charge");
    } else if (t == "Energy") {
      cfg.energy = parse_cfg_double(input, input.token(), "Energy");
    } else if (t == "MinusStress" || t == "VirialStress" || t == "Stress") {
      const double sign = t == "MinusStress" ? 1.0 : -1.0;
      double s[6];
      for (double& x : s) x = parse_cfg_double(input, input.token(), "a stress component");
      Mat3 m;  // order xx yy zz xy yz xz
      m(0, 0) = s[0], m(1, 1) = s[1], m(2, 2) = s[2];
      m(0, 1) = m(1, 0) = s[3], m(1, 2) = m(2, 1) = s[4], m(0, 2) = m(2, 0) = s[5];
      cfg.virial = m * sign;
    } else if (t == "MinusStress9") {
      Mat3 m;
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) m(a, b) = parse_cfg_double(input, input.token(), "a stress component");
      cfg.virial = m;
    } else if (t == "Feature") {
      const std::string key(input.token());
      cfg.features[key] = std::string(input.token());
    } else {
      input.fail("unknown field '" + std::string(t) + "' in an old-format (BEGIN ... END) configuration");
    }
  }
  if (!have_lattice || !have_pos) input.fail_at(begin_line, "old-format configuration needs Lattice and atom positions");
  const std::size_t n = size == 0 ? cfg.positions.size() : static_cast<std::size_t>(size);
  auto check = [&](std::size_t len, const char* what) {
    if (len != 0 && len != n)
      input.fail_at(begin_line, "Size is " + std::to_string(n) + " but there are " + std::to_string(len) + " " + what);
  };
  if (cfg.positions.size() != n)
    input.fail_at(begin_line, "Size is " + std::to_string(n) + " but there are " + std::to_string(cfg.positions.size()) + " positions");
  if (have_types && cfg.types.size() != n)
    input.fail_at(begin_line, "Size is " + std::to_string(n) + " but there are " + std::to_string(cfg.types.size()) + " types");
  check(cfg.forces.size(), "forces");
  check(cfg.site_energies.size(), "site energies");
  check(cfg.charges.size(), "charges");
  if (!have_types) cfg.types.assign(n, 0);
  cfg.lattice.rows = rows;
  cfg.lattice.periodic_dims = periodic_rows(rows);
}

// ---------------------------------------------------------------------------------------------- writing

// Number formatting: std::to_chars gives exactly printf's digits for "%W.Pf" and "%.Pe" (both round the
// exact binary value, ties to even; checked on 8 million values including exact ties), about five times
// faster than snprintf.
struct Field {
  int width;
  int precision;
  bool scientific;
};

void put_double(std::string& out, double v, const Field& f) {
  char buf[400];
  const auto r = std::to_chars(buf, buf + sizeof buf, v,
                               f.scientific ? std::chars_format::scientific : std::chars_format::fixed, f.precision);
  const std::size_t n = static_cast<std::size_t>(r.ptr - buf);
  if (n < static_cast<std::size_t>(f.width)) out.append(static_cast<std::size_t>(f.width) - n, ' ');
  out.append(buf, n);
}

void put_int(std::string& out, long v, int width) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  const std::size_t n = static_cast<std::size_t>(r.ptr - buf);
  if (n < static_cast<std::size_t>(width)) out.append(static_cast<std::size_t>(width) - n, ' ');
  out.append(buf, n);
}

struct Layout {
  int ind, typ;
  Field lat, pos, sen, frc, chg, grd, ene, str, mag, der;
  int ghost;
};
// MLIP-2's fixed widths (%13.6f positions, ...) with MLIP-3's for its columns (magmom %12.6f, en_der %13.5f,
// ghost flags "     true " / "     false"), and SAVE_NO_LOSS (scientific, 16 digits, width 1).
constexpr Layout kFixed{10, 4, {13, 6, false}, {13, 6, false}, {17, 12, false}, {11, 6, false},
                        {8, 4, false}, {15, 5, false}, {20, 12, false}, {11, 5, false}, {12, 6, false},
                        {13, 5, false}, 10};
constexpr Field kSci{1, 16, true};
constexpr Layout kLossless{1, 1, kSci, kSci, kSci, kSci, kSci, kSci, kSci, kSci, kSci, kSci, 1};

void format_cfg_text(std::string& out, const Configuration& cfg, CfgTextStyle style) {
  const Layout& f = style == CfgTextStyle::Fixed ? kFixed : kLossless;
  auto num = [&out](const char* sep, const Field& field, double v) {
    out += sep;
    put_double(out, v, field);
  };
  out += "BEGIN_CFG\n Size\n    ";
  put_int(out, static_cast<long>(cfg.size()), 1);
  out += '\n';
  const Mat3& L = cfg.lattice.rows;
  const int rows = periodic_rows(L);
  if (rows > 0) {
    out += " Supercell\n";
    for (int a = 0; a < rows; ++a) {
      num("    ", f.lat, L(a, 0));
      num(" ", f.lat, L(a, 1));
      num(" ", f.lat, L(a, 2));
      out += '\n';
    }
  }
  out += " AtomData:  id type       cartes_x      cartes_y      cartes_z";
  if (cfg.has_site_energies()) out += "    site_en";
  if (cfg.has_forces()) out += "           fx          fy          fz";
  if (cfg.has_charges()) out += "      charge";
  if (cfg.has_magnetic_moments()) out += "      magmom_x     magmom_y     magmom_z";
  if (cfg.has_magnetic_moment_energy_derivatives()) out += "      en_der_mx     en_der_my     en_der_mz";
  if (cfg.has_ghost_flags()) out += "     ghost";
  if (cfg.has_nbh_grades()) out += "       nbh_grades";
  out += '\n';
  for (std::size_t i = 0; i < cfg.size(); ++i) {
    out += "    ";
    put_int(out, static_cast<long>(i + 1), f.ind);
    out += ' ';
    put_int(out, cfg.types[i], f.typ);
    num("  ", f.pos, cfg.positions[i].x);
    num(" ", f.pos, cfg.positions[i].y);
    num(" ", f.pos, cfg.positions[i].z);
    if (cfg.has_site_energies()) num("  ", f.sen, cfg.site_energies[i]);
    if (cfg.has_forces()) {
      num("  ", f.frc, cfg.forces[i].x);
      num(" ", f.frc, cfg.forces[i].y);
      num(" ", f.frc, cfg.forces[i].z);
    }
    if (cfg.has_charges()) num("    ", f.chg, cfg.charges[i]);
    if (cfg.has_magnetic_moments()) {
      num("  ", f.mag, cfg.magnetic_moments[i].x);
      num(" ", f.mag, cfg.magnetic_moments[i].y);
      num(" ", f.mag, cfg.magnetic_moments[i].z);
    }
    if (cfg.has_magnetic_moment_energy_derivatives()) {
      num("  ", f.der, cfg.magnetic_moment_energy_derivatives[i].x);
      num(" ", f.der, cfg.magnetic_moment_energy_derivatives[i].y);
      num(" ", f.der, cfg.magnetic_moment_energy_derivatives[i].z);
    }
    if (cfg.has_ghost_flags()) {
      // MLIP-3: five spaces, then the flag left-aligned in five ("true " / "false").
      out += f.ghost > 1 ? "     " : " ";
      out += cfg.ghost[i] ? (f.ghost > 1 ? "true " : "true") : "false";
    }
    if (cfg.has_nbh_grades()) num("  ", f.grd, cfg.nbh_grades[i]);
    out += '\n';
  }
  if (cfg.energy) {
    num(" Energy\n    ", f.ene, *cfg.energy);
    out += '\n';
  }
  if (cfg.virial) {
    const Mat3& s = *cfg.virial;
    out += " PlusStress:  xx          yy          zz          yz          xz          xy\n";
    num("     ", f.str, s(0, 0));
    num(" ", f.str, s(1, 1));
    num(" ", f.str, s(2, 2));
    num(" ", f.str, s(1, 2));
    num(" ", f.str, s(0, 2));
    num(" ", f.str, s(0, 1));
    out += '\n';
  }
  // A multi-line value becomes one Feature line per line (an empty last line is written as an empty
  // value); an empty value is not written at all, as in MLIP-2.
  for (const auto& [key, value] : cfg.features) {
    if (key.empty() || value.empty()) continue;
    const std::string k = escape_key(key);
    std::size_t start = 0;
    for (;;) {
      const std::size_t nl = value.find('\n', start);
      out += " Feature   " + k + '\t';
      if (nl == std::string::npos) {
        out.append(value, start, std::string::npos);
        out += '\n';
        break;
      }
      out.append(value, start, nl - start);
      out += '\n';
      start = nl + 1;
      if (start == value.size()) {
        out += " Feature   " + k + "\t\n";
        break;
      }
    }
  }
  out += "END_CFG\n\n";
}

// ---------------------------------------------------------------------------------------------- streams

class CfgReader : public ConfigurationReader {
 public:
  CfgReader(std::istream& in, const std::string& name) : input_(in, name) {}
  bool next(Configuration& cfg) override { return read_cfg_record(input_, cfg); }

 private:
  CfgInput input_;
};

class CfgFileReader : public ConfigurationReader {
 public:
  explicit CfgFileReader(const std::string& path)
      : file_((refuse_directory(path), path), std::ios::binary), input_(file_, path) {
    if (!file_) throw Error(path, 0, "cannot open for reading");
  }
  bool next(Configuration& cfg) override { return read_cfg_record(input_, cfg); }

 private:
  std::ifstream file_;
  CfgInput input_;
};

class CfgTextWriter : public ConfigurationWriter {
 public:
  CfgTextWriter(const std::string& path, bool append, CfgTextStyle style)
      : file_(path, append, /*binary=*/true), style_(style) {}
  void write(const Configuration& cfg) override {
    buffer_.clear();
    format_cfg_text(buffer_, cfg, style_);
    file_.stream().write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  }
  void close() override { file_.commit(); }

 private:
  AtomicOutputFile file_;
  CfgTextStyle style_;
  std::string buffer_;
};

}  // namespace

int periodic_rows(const Mat3& rows) {
  int count = 0;
  for (int a = 0; a < 3; ++a)
    if (rows(a, 0) != 0 || rows(a, 1) != 0 || rows(a, 2) != 0) count = a + 1;
  return count;
}

bool read_cfg_record(CfgInput& input, Configuration& cfg) {
  const int c = input.peek_nonblank();
  if (c < 0) return false;
  cfg = Configuration();
  if (c == 'n') read_cfg_binary_record(input, cfg);
  else read_cfg_text_record(input, cfg);
  return true;
}

void read_cfg_text_record(CfgInput& input, Configuration& cfg) {
  const std::string_view first = input.token();
  if (first == "BEGIN_CFG") read_new_format(input, cfg);
  else if (first == "BEGIN") read_old_format(input, cfg);
  else input.fail("expected BEGIN_CFG, got '" + std::string(first.substr(0, 40)) + "'");
}

void write_cfg_text(std::ostream& out, const Configuration& cfg, CfgTextStyle style) {
  std::string buffer;
  format_cfg_text(buffer, cfg, style);
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
}

std::unique_ptr<ConfigurationReader> make_cfg_reader(const std::string& path) {
  return std::make_unique<CfgFileReader>(path);
}

std::unique_ptr<ConfigurationReader> make_cfg_text_reader(std::istream& in, const std::string& name) {
  return std::make_unique<CfgReader>(in, name);
}

std::unique_ptr<ConfigurationWriter> make_cfg_text_writer(const std::string& path, bool append, CfgTextStyle style) {
  return std::make_unique<CfgTextWriter>(path, append, style);
}

}  // namespace mtp::io
