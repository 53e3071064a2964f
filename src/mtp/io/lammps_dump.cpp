#include "mtp/io/lammps_dump.hpp"

#include <algorithm>
#include <fstream>
#include <numeric>
#include <string_view>

#include "mtp/core/error.hpp"
#include "mtp/io/text_lines.hpp"
#include "mtp/io/input_path.hpp"

namespace mtp::io {
namespace {

// Which ATOMS columns hold what (-1: absent).
struct DumpColumns {
  int id = -1, type = -1, q = -1;
  int pos[3] = {-1, -1, -1};
  int force[3] = {-1, -1, -1};
  enum class Coordinates { Wrapped, Unwrapped, Scaled } coordinates = Coordinates::Wrapped;
  std::size_t count = 0;
};

class LammpsDumpReader : public ConfigurationReader {
 public:
  LammpsDumpReader(std::istream& in, const std::string& name) : lines_(in, name) {}
  LammpsDumpReader(std::unique_ptr<std::istream> owned, const std::string& name)
      : owned_(std::move(owned)), lines_(*owned_, name) {}

  bool next(Configuration& cfg) override {
    std::string line;
    do {
      if (!lines_.next(line)) return false;
    } while (trim(line).empty());
    if (trim(line) != "ITEM: TIMESTEP") lines_.fail("expected 'ITEM: TIMESTEP'");
    lines_.to_long(trim(lines_.require("the timestep")), "the timestep");

    std::size_t natoms = 0;
    bool have_count = false, have_box = false;
    Mat3 rows;
    Vec3 origin;
    int periodic_dims = 3;
    for (;;) {
      line = lines_.require("'ITEM: ATOMS'");
      const std::string_view item = trim(line);
      if (!starts_with(item, "ITEM:")) lines_.fail("expected an 'ITEM:' line");
      if (item == "ITEM: NUMBER OF ATOMS") {
        natoms = lines_.to_count(trim(lines_.require("the number of atoms")), "the number of atoms");
        have_count = true;
      } else if (starts_with(item, "ITEM: BOX BOUNDS")) {
        read_box(item, rows, origin, periodic_dims);
        have_box = true;
      } else if (starts_with(item, "ITEM: ATOMS")) {
        break;
      } else {
        // ITEM: TIME, ITEM: UNITS and the like: one value line, not needed.
        lines_.require("the value of " + std::string(item));
      }
    }
    if (!have_count) lines_.fail("expected 'ITEM: NUMBER OF ATOMS' before 'ITEM: ATOMS'");
    if (!have_box) lines_.fail("expected 'ITEM: BOX BOUNDS' before 'ITEM: ATOMS'");
    const DumpColumns cols = parse_columns(trim(line).substr(11));

    Configuration c;
    Lattice lattice;
    lattice.rows = rows;
    lattice.periodic_dims = periodic_dims;
    for (int i = periodic_dims; i < 3; ++i) lattice.rows.set_row(i, {0, 0, 0});
    c.lattice = lattice;
    std::vector<long> ids;
    const std::size_t reserve = std::min<std::size_t>(natoms, 1 << 16);
    c.positions.reserve(reserve);
    c.types.reserve(reserve);
    const bool forces = cols.force[0] >= 0;
    for (std::size_t i = 0; i < natoms; ++i) {
      line = lines_.require("atom line " + std::to_string(i + 1) + " of " + std::to_string(natoms));
      const auto t = split_tokens(line);
      if (t.size() != cols.count)
        lines_.fail("expected " + std::to_string(cols.count) + " columns as 'ITEM: ATOMS' names, got " +
                    std::to_string(t.size()));
      if (cols.id >= 0) {
        ids.push_back(lines_.to_long(t[cols.id], "the atom id"));
      }
      const long type = lines_.to_long(t[cols.type], "the atom type");
      if (type < 1 || type > 1000000) lines_.fail("expected a positive atom type, got " + std::to_string(type));
      c.types.push_back(static_cast<int>(type - 1));
      Vec3 p;
      for (int d = 0; d < 3; ++d) p[d] = lines_.to_double(t[cols.pos[d]], "a coordinate");
      if (cols.coordinates == DumpColumns::Coordinates::Scaled) p = p * rows;
      else p -= origin;
      c.positions.push_back(p);
      if (forces) {
        Vec3 f;
        for (int d = 0; d < 3; ++d) f[d] = lines_.to_double(t[cols.force[d]], "a force component");
        c.forces.push_back(f);
      }
      if (cols.q >= 0) c.charges.push_back(lines_.to_double(t[cols.q], "a charge"));
    }
    if (cols.id >= 0) sort_by_id(ids, c);
    c.validate();
    cfg = std::move(c);
    return true;
  }

 private:
  // BOX BOUNDS [xy xz yz] flags, then three lines "lo hi [tilt]" (bounds of the tilted box, as LAMMPS
  // writes them: the extremes including the tilt).
  void read_box(std::string_view item, Mat3& rows, Vec3& origin, int& periodic_dims) {
    const auto words = split_tokens(item.substr(16));
    const bool triclinic = words.size() >= 3 && words[0] == "xy" && words[1] == "xz" && words[2] == "yz";
    const std::size_t flags_at = triclinic ? 3 : 0;
    bool periodic[3] = {true, true, true};
    if (words.size() > flags_at) {
      if (words.size() != flags_at + 3) lines_.fail("expected three boundary flags (e.g. pp pp pp) after BOX BOUNDS");
      for (int d = 0; d < 3; ++d) {
        const auto f = words[flags_at + d];
        if (f.size() != 2) lines_.fail("expected a two-letter boundary flag, got '" + std::string(f) + "'");
        periodic[d] = f == "pp";
      }
    }
    periodic_dims = 0;
    while (periodic_dims < 3 && periodic[periodic_dims]) ++periodic_dims;
    for (int d = periodic_dims; d < 3; ++d)
      if (periodic[d]) lines_.fail("periodic dimensions must come first (pp pp ff, not ff pp pp) to form a .cfg cell");
    double lo[3], hi[3], tilt[3] = {0, 0, 0};
    for (int d = 0; d < 3; ++d) {
      const std::string l = lines_.require("box bounds line " + std::to_string(d + 1));
      const auto t = split_tokens(l);
      const std::size_t want = triclinic ? 3 : 2;
      if (t.size() != want)
        lines_.fail("expected " + std::to_string(want) + " numbers in the box bounds line, got " + std::to_string(t.size()));
      lo[d] = lines_.to_double(t[0], "a box bound");
      hi[d] = lines_.to_double(t[1], "a box bound");
      if (triclinic) tilt[d] = lines_.to_double(t[2], "a tilt factor");
    }
    const double xy = tilt[0], xz = tilt[1], yz = tilt[2];
    const double xlo = lo[0] - std::min({0.0, xy, xz, xy + xz});
    const double xhi = hi[0] - std::max({0.0, xy, xz, xy + xz});
    const double ylo = lo[1] - std::min(0.0, yz);
    const double yhi = hi[1] - std::max(0.0, yz);
    const double zlo = lo[2], zhi = hi[2];
    if (!(xhi > xlo) || !(yhi > ylo) || !(zhi > zlo)) lines_.fail("the box bounds enclose no volume");
    rows = Mat3();
    rows.set_row(0, {xhi - xlo, 0, 0});
    rows.set_row(1, {xy, yhi - ylo, 0});
    rows.set_row(2, {xz, yz, zhi - zlo});
    origin = {xlo, ylo, zlo};
  }

  DumpColumns parse_columns(std::string_view names) {
    DumpColumns c;
    const auto t = split_tokens(names);
    c.count = t.size();
    const char* wrapped[3] = {"x", "y", "z"};
    const char* unwrapped[3] = {"xu", "yu", "zu"};
    const char* scaled[3] = {"xs", "ys", "zs"};
    const char* scaled_unwrapped[3] = {"xsu", "ysu", "zsu"};
    const char* force[3] = {"fx", "fy", "fz"};
    int found[4][3] = {{-1, -1, -1}, {-1, -1, -1}, {-1, -1, -1}, {-1, -1, -1}};
    for (std::size_t k = 0; k < t.size(); ++k) {
      const int col = static_cast<int>(k);
      if (t[k] == "id") c.id = col;
      else if (t[k] == "type") c.type = col;
      else if (t[k] == "q") c.q = col;
      for (int d = 0; d < 3; ++d) {
        if (t[k] == wrapped[d]) found[0][d] = col;
        if (t[k] == unwrapped[d]) found[1][d] = col;
        if (t[k] == scaled[d]) found[2][d] = col;
        if (t[k] == scaled_unwrapped[d]) found[3][d] = col;
        if (t[k] == force[d]) c.force[d] = col;
      }
    }
    if (c.type < 0) lines_.fail("expected a 'type' column in ITEM: ATOMS");
    // Unwrapped coordinates are preferred: they keep molecules whole; any complete triple will do.
    const int preference[4] = {1, 0, 3, 2};
    bool have = false;
    for (int which : preference) {
      if (found[which][0] >= 0 && found[which][1] >= 0 && found[which][2] >= 0) {
        for (int d = 0; d < 3; ++d) c.pos[d] = found[which][d];
        c.coordinates = which < 2 ? DumpColumns::Coordinates::Wrapped : DumpColumns::Coordinates::Scaled;
        have = true;
        break;
      }
    }
    if (!have) lines_.fail("expected coordinate columns x y z, xu yu zu, xs ys zs or xsu ysu zsu in ITEM: ATOMS");
    const int nforce = (c.force[0] >= 0) + (c.force[1] >= 0) + (c.force[2] >= 0);
    if (nforce != 0 && nforce != 3) lines_.fail("expected all of fx fy fz or none in ITEM: ATOMS");
    return c;
  }

  void sort_by_id(const std::vector<long>& ids, Configuration& c) {
    std::vector<std::size_t> order(ids.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ids[a] < ids[b]; });
    for (std::size_t k = 1; k < order.size(); ++k)
      if (ids[order[k]] == ids[order[k - 1]]) lines_.fail("atom id " + std::to_string(ids[order[k]]) + " appears twice in this timestep");
    auto permute = [&](auto& v) {
      if (v.empty()) return;
      auto copy = v;
      for (std::size_t k = 0; k < order.size(); ++k) v[k] = copy[order[k]];
    };
    permute(c.positions);
    permute(c.types);
    permute(c.forces);
    permute(c.charges);
  }

  std::unique_ptr<std::istream> owned_;
  LineSource lines_;
};

}  // namespace

std::unique_ptr<ConfigurationReader> make_lammps_dump_reader(std::istream& in, const std::string& name) {
  return std::make_unique<LammpsDumpReader>(in, name);
}

std::unique_ptr<ConfigurationReader> make_lammps_dump_reader(const std::string& path) {
  refuse_directory(path);
  auto in = std::make_unique<std::ifstream>(path);
  if (!*in) throw Error(path, 0, "cannot open for reading");
  return std::make_unique<LammpsDumpReader>(std::move(in), path);
}

}  // namespace mtp::io
