#include "mtp/io/lammps_data.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <ostream>
#include <string_view>

#include "mtp/core/error.hpp"
#include "mtp/io/elements.hpp"
#include "mtp/io/numbered_files_writer.hpp"
#include "mtp/core/species_name.hpp"
#include "mtp/io/text_lines.hpp"
#include "mtp/io/input_path.hpp"

namespace mtp::io {
namespace {

std::string_view strip_comment(std::string_view line) {
  const auto hash = line.find('#');
  return hash == std::string_view::npos ? line : line.substr(0, hash);
}

struct AtomRow {
  long id;
  int type;
  Vec3 position;
  double charge;
};

class LammpsDataReader : public ConfigurationReader {
 public:
  LammpsDataReader(std::istream& in, const std::string& name, SpeciesOrder species)
      : lines_(in, name), species_(std::move(species)) {}
  LammpsDataReader(std::unique_ptr<std::istream> owned, const std::string& name, SpeciesOrder species)
      : owned_(std::move(owned)), lines_(*owned_, name), species_(std::move(species)) {}

  bool next(Configuration& cfg) override {
    if (done_) return false;
    done_ = true;
    std::string line;
    if (!lines_.next(line)) return false;  // an empty file holds no configuration
    read(cfg);
    return true;
  }

 private:
  // Header lines up to the first section keyword; returns that keyword line.
  std::string read_header() {
    std::string line;
    while (lines_.next(line)) {
      const auto tokens = split_tokens(strip_comment(line));
      if (tokens.empty()) continue;
      double first = 0;
      if (!parse_finite_double(tokens[0], first)) return line;  // a section keyword
      auto keyword_is = [&](std::size_t at, std::initializer_list<std::string_view> words) {
        if (tokens.size() != at + words.size()) return false;
        std::size_t k = at;
        for (auto w : words)
          if (tokens[k++] != w) return false;
        return true;
      };
      if (keyword_is(1, {"atoms"})) {
        natoms_ = lines_.to_count(tokens[0], "the atom count");
        have_atoms_ = true;
      } else if (keyword_is(1, {"atom", "types"})) {
        ntypes_ = lines_.to_count(tokens[0], "the atom type count", 1000000);
        type_names_.assign(ntypes_, std::string());
        type_name_lines_.assign(ntypes_, 0);
      } else if (keyword_is(2, {"xlo", "xhi"}) || keyword_is(2, {"ylo", "yhi"}) || keyword_is(2, {"zlo", "zhi"})) {
        const int k = tokens[2][0] - 'x';
        lo_[k] = lines_.to_double(tokens[0], "the lower box bound");
        hi_[k] = lines_.to_double(tokens[1], "the upper box bound");
        if (!(hi_[k] > lo_[k])) lines_.fail("expected the upper box bound above the lower one");
        have_bounds_[k] = true;
      } else if (keyword_is(3, {"xy", "xz", "yz"})) {
        for (int k = 0; k < 3; ++k) tilt_[k] = lines_.to_double(tokens[k], "a tilt factor");
      } else {
        // Other counts (bonds, angles, their types, "extra" lines): none exist in atom_style atomic.
        if (lines_.to_long(tokens[0], "a count") != 0)
          lines_.fail("unsupported header line (only atom_style atomic or charge data files are read)");
      }
    }
    lines_.fail("unexpected end of file: expected the Atoms section");
  }

  // The next non-blank line of a section body.
  std::vector<std::string_view> body_line(std::string& line, const std::string& what) {
    for (;;) {
      line = lines_.require(what);
      auto tokens = split_tokens(strip_comment(line));
      if (!tokens.empty()) return tokens;
    }
  }

  void read(Configuration& cfg) {
    std::string line = read_header();
    if (!have_atoms_) lines_.fail("expected the 'N atoms' header line before the first section");
    for (int k = 0; k < 3; ++k)
      if (!have_bounds_[k]) lines_.fail("expected the box bounds (xlo xhi, ylo yhi, zlo zhi) in the header");

    std::vector<AtomRow> atoms;
    bool have_atoms_section = false;
    bool charged = false;
    for (;;) {
      // Copies: reading the section body reuses `line`.
      const std::string keyword(trim(strip_comment(line)));
      const auto hash = line.find('#');
      const std::string style(hash == std::string::npos ? std::string_view() : trim(std::string_view(line).substr(hash + 1)));
      if (keyword == "Atoms") {
        if (have_atoms_section) lines_.fail("a second Atoms section");
        have_atoms_section = true;
        if (!style.empty() && style != "atomic" && style != "charge")
          lines_.fail("unsupported atom style '" + style + "' (expected atomic or charge)");
        charged = style == "charge";
        atoms.reserve(std::min<std::size_t>(natoms_, 1 << 16));
        for (std::size_t i = 0; i < natoms_; ++i) atoms.push_back(atom_line(line, charged, i));
      } else if (keyword == "Masses" || keyword == "Atom Type Labels") {
        // "1 22.99 # Na" (the usual comment) or "1 Na": the name of each LAMMPS type; labels take precedence.
        const bool labels = keyword == "Atom Type Labels";
        for (std::size_t i = 0; i < ntypes_; ++i) {
          const auto t = body_line(line, keyword + " line " + std::to_string(i + 1));
          const std::size_t type = lines_.to_count(t[0], "an atom type", ntypes_);
          if (type < 1) lines_.fail("expected an atom type between 1 and " + std::to_string(ntypes_));
          std::string name;
          if (labels) {
            if (t.size() != 2) lines_.fail("expected 'type label' in Atom Type Labels");
            name = std::string(t[1]);
          } else {
            const auto hash = line.find('#');
            const auto words = split_tokens(hash == std::string::npos ? std::string_view() : std::string_view(line).substr(hash + 1));
            if (!words.empty()) name = std::string(words[0]);
          }
          if (!name.empty() && is_valid_species_name(name) && (labels || type_names_[type - 1].empty())) {
            type_names_[type - 1] = name;
            type_name_lines_[type - 1] = lines_.line_number();
          }
        }
      } else if (keyword == "Pair Coeffs") {
        for (std::size_t i = 0; i < ntypes_; ++i) body_line(line, keyword + " line " + std::to_string(i + 1));
      } else if (keyword == "Velocities") {
        for (std::size_t i = 0; i < natoms_; ++i) {
          const auto t = body_line(line, "velocity line " + std::to_string(i + 1));
          if (t.size() != 4) lines_.fail("expected 4 columns (id vx vy vz) in Velocities, got " + std::to_string(t.size()));
        }
      } else {
        lines_.fail("unsupported section '" + keyword + "' (expected Atoms, Masses or Velocities)");
      }
      // The next section keyword, or the end of the file.
      bool more = false;
      while (!more && lines_.next(line)) more = !trim(strip_comment(line)).empty();
      if (!more) break;
    }
    if (!have_atoms_section) lines_.fail("unexpected end of file: expected the Atoms section");

    std::sort(atoms.begin(), atoms.end(), [](const AtomRow& a, const AtomRow& b) { return a.id < b.id; });
    for (std::size_t i = 1; i < atoms.size(); ++i)
      if (atoms[i].id == atoms[i - 1].id) lines_.fail("atom id " + std::to_string(atoms[i].id) + " appears twice in the Atoms section");

    Configuration c;
    Mat3 rows;
    rows.set_row(0, {hi_[0] - lo_[0], 0, 0});
    rows.set_row(1, {tilt_[0], hi_[1] - lo_[1], 0});
    rows.set_row(2, {tilt_[1], tilt_[2], hi_[2] - lo_[2]});
    c.lattice = Lattice::periodic(rows);
    const Vec3 origin{lo_[0], lo_[1], lo_[2]};
    const std::vector<int> type_of = species_types(atoms);
    for (const AtomRow& a : atoms) {
      c.positions.push_back(a.position - origin);
      c.types.push_back(type_of[static_cast<std::size_t>(a.type)]);
      if (charged) c.charges.push_back(a.charge);
    }
    c.validate();
    cfg = std::move(c);
  }

  // Configuration type of each LAMMPS type (0-based here): LAMMPS's own numbering, unless the run has a
  // species order and the file names its types; then every type with atoms must be named and in the order.
  std::vector<int> species_types(const std::vector<AtomRow>& atoms) const {
    std::size_t count = type_names_.size();
    for (const AtomRow& a : atoms) count = std::max(count, static_cast<std::size_t>(a.type) + 1);
    std::vector<int> out(count);
    std::iota(out.begin(), out.end(), 0);
    const bool named = std::any_of(type_names_.begin(), type_names_.end(), [](const std::string& n) { return !n.empty(); });
    if (species_.empty() || !named) return out;
    std::vector<bool> used(count, false);
    for (const AtomRow& a : atoms) used[static_cast<std::size_t>(a.type)] = true;
    for (std::size_t t = 0; t < out.size(); ++t) {
      if (!used[t]) continue;
      if (t >= type_names_.size() || type_names_[t].empty())
        lines_.fail("atom type " + std::to_string(t + 1) + " has no name (Masses comment or Atom Type Labels) to map "
                    "through the species order (" + species_.listed() + ")");
      out[t] = species_.type_of(type_names_[t]);
      if (out[t] < 0) lines_.fail_at(type_name_lines_[t], species_.not_in_order(type_names_[t]));
    }
    return out;
  }

  AtomRow atom_line(std::string& line, bool charged, std::size_t i) {
    const auto t = body_line(line, "atom line " + std::to_string(i + 1) + " of " + std::to_string(natoms_));
    const std::size_t base = charged ? 6 : 5;
    if (t.size() != base && t.size() != base + 3)
      lines_.fail("expected " + std::to_string(base) + " or " + std::to_string(base + 3) + " columns (" +
                  (charged ? "id type q x y z [ix iy iz]" : "id type x y z [ix iy iz]") + ") in Atoms, got " +
                  std::to_string(t.size()));
    AtomRow a{};
    a.id = lines_.to_long(t[0], "the atom id");
    if (a.id <= 0) lines_.fail("expected a positive atom id");
    // LAMMPS lets the Atoms section give a type by its label.
    const auto label = std::find(type_names_.begin(), type_names_.end(), std::string(t[1]));
    const long type = !t[1].empty() && std::isalpha(static_cast<unsigned char>(t[1][0])) && label != type_names_.end()
                          ? static_cast<long>(label - type_names_.begin()) + 1
                          : lines_.to_long(t[1], "the atom type");
    if (type < 1 || (ntypes_ > 0 && static_cast<std::size_t>(type) > ntypes_))
      lines_.fail("expected an atom type between 1 and " + std::to_string(ntypes_) + ", got " + std::to_string(type));
    a.type = static_cast<int>(type - 1);
    std::size_t k = 2;
    if (charged) a.charge = lines_.to_double(t[k++], "the charge");
    for (int d = 0; d < 3; ++d) a.position[d] = lines_.to_double(t[k++], "a coordinate");
    if (t.size() == base + 3) {
      long image[3];
      for (int d = 0; d < 3; ++d) {
        image[d] = lines_.to_long(t[k++], "an image flag");
        if (image[d] < -1000000 || image[d] > 1000000) lines_.fail("image flag out of range");
      }
      const Vec3 a1{hi_[0] - lo_[0], 0, 0}, a2{tilt_[0], hi_[1] - lo_[1], 0}, a3{tilt_[1], tilt_[2], hi_[2] - lo_[2]};
      a.position += a1 * double(image[0]) + a2 * double(image[1]) + a3 * double(image[2]);
    }
    return a;
  }

  std::unique_ptr<std::istream> owned_;
  LineSource lines_;
  bool done_ = false;
  std::size_t natoms_ = 0, ntypes_ = 0;
  SpeciesOrder species_;
  std::vector<std::string> type_names_;  // by LAMMPS type - 1; empty where the file names none
  std::vector<long> type_name_lines_;
  bool have_atoms_ = false;
  bool have_bounds_[3] = {false, false, false};
  double lo_[3] = {0, 0, 0}, hi_[3] = {0, 0, 0}, tilt_[3] = {0, 0, 0};
};

}  // namespace

Mat3 lammps_restricted_rows(const Mat3& rows) {
  const Vec3 a = rows.row(0), b = rows.row(1), c = rows.row(2);
  const double ax = norm(a);
  const Vec3 ahat = a * (1.0 / ax);
  const double bx = dot(b, ahat);
  const double by = norm(cross(ahat, b));
  const double cx = dot(c, ahat);
  const double cy = (dot(b, c) - bx * cx) / by;
  const double cz = std::sqrt(std::max(0.0, norm2(c) - cx * cx - cy * cy));
  Mat3 r;
  r.set_row(0, {ax, 0, 0});
  r.set_row(1, {bx, by, 0});
  r.set_row(2, {cx, cy, cz});
  return r;
}

void write_lammps_data(std::ostream& out, const Configuration& cfg, const SpeciesOrder& species) {
  cfg.validate();
  if (cfg.lattice.periodic_dims != 3) throw Error("LAMMPS data output needs a configuration periodic in 3 dimensions");
  if (!(cfg.lattice.volume() > 0.0)) throw Error("LAMMPS data output needs a cell with non-zero volume");
  const Mat3 box = lammps_restricted_rows(cfg.lattice.rows);
  // Same fractional coordinates in the rotated cell.
  const Mat3 to_box = inverse(cfg.lattice.rows) * box;
  int ntypes = static_cast<int>(species.size());
  for (int t : cfg.types) ntypes = std::max(ntypes, t + 1);
  if (!species.empty()) species.name_of(ntypes - 1);  // every type named
  char buf[160];
  out << '\n';
  std::snprintf(buf, sizeof buf, "%.9f %.9f xlo xhi\n", 0.0, box(0, 0));
  out << buf;
  std::snprintf(buf, sizeof buf, "%.9f %.9f ylo yhi\n", 0.0, box(1, 1));
  out << buf;
  std::snprintf(buf, sizeof buf, "%.9f %.9f zlo zhi\n", 0.0, box(2, 2));
  out << buf;
  std::snprintf(buf, sizeof buf, "%.9f %.9f %.9f xy xz yz\n", box(1, 0), box(2, 0), box(2, 1));
  out << buf;
  out << '\n' << cfg.size() << " atoms\n\n" << ntypes << " atom types\n\n";
  if (!species.empty()) {  // names travel as LAMMPS's usual mass comments
    out << "Masses\n\n";
    for (int t = 0; t < ntypes; ++t) {
      const std::string& name = species.name_of(t);
      const double mass = standard_atomic_weight(atomic_number(species_element(name)));
      if (!(mass > 0.0)) throw Error("LAMMPS data output: species '" + name + "' is not an element, so it has no mass");
      std::snprintf(buf, sizeof buf, "%d %g # %s\n", t + 1, mass, name.c_str());
      out << buf;
    }
    out << '\n';
  }
  out << "Atoms\n\n";
  for (std::size_t i = 0; i < cfg.size(); ++i) {
    const Vec3 p = cfg.positions[i] * to_box;
    std::snprintf(buf, sizeof buf, "%6zu%6d%20.8f%20.8f%20.8f\n", i + 1, cfg.types[i] + 1, p.x, p.y, p.z);
    out << buf;
  }
}

std::unique_ptr<ConfigurationReader> make_lammps_data_reader(std::istream& in, const std::string& name,
                                                             const SpeciesOrder& species) {
  return std::make_unique<LammpsDataReader>(in, name, species);
}

std::unique_ptr<ConfigurationReader> make_lammps_data_reader(const std::string& path, const SpeciesOrder& species) {
  refuse_directory(path);
  auto in = std::make_unique<std::ifstream>(path);
  if (!*in) throw Error(path, 0, "cannot open for reading");
  return std::make_unique<LammpsDataReader>(std::move(in), path, species);
}

std::unique_ptr<ConfigurationWriter> make_lammps_data_writer(const std::string& path, const SpeciesOrder& species) {
  return std::make_unique<NumberedFilesWriter>(path, [species](std::ostream& out, const Configuration& cfg) {
    write_lammps_data(out, cfg, species);
  });
}

}  // namespace mtp::io
