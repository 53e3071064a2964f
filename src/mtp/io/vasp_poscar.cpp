#include "mtp/io/vasp_poscar.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <ostream>

#include "mtp/core/error.hpp"
#include "mtp/io/elements.hpp"
#include "mtp/io/numbered_files_writer.hpp"
#include "mtp/io/text_lines.hpp"
#include "mtp/io/input_path.hpp"

namespace mtp::io {
namespace {

class PoscarReader : public ConfigurationReader {
 public:
  PoscarReader(std::istream& in, const std::string& name, const PoscarOptions& options)
      : lines_(in, name), order_(options.species), absolute_types_(options.absolute_types) {}
  PoscarReader(std::unique_ptr<std::istream> owned, const std::string& name, const PoscarOptions& options)
      : owned_(std::move(owned)), lines_(*owned_, name), order_(options.species), absolute_types_(options.absolute_types) {}

  bool next(Configuration& cfg) override {
    if (done_) return false;
    done_ = true;
    std::string line;
    // An empty file holds no configuration; anything else must be a whole POSCAR.
    do {
      if (!lines_.next(line)) return false;
    } while (trim(line).empty());
    read(cfg);
    return true;
  }

 private:
  std::vector<double> numbers(const std::string& line, std::size_t min_count, const std::string& what) {
    const auto tokens = split_tokens(line);
    if (tokens.size() < min_count)
      lines_.fail("expected " + what + " (" + std::to_string(min_count) + " numbers), got " +
                  std::to_string(tokens.size()) + " tokens");
    std::vector<double> v;
    for (std::size_t k = 0; k < min_count; ++k) v.push_back(lines_.to_double(tokens[k], what));
    return v;
  }

  void read(Configuration& cfg) {
    // Line 1 (the comment) has been consumed by next().
    const std::string scale_line = lines_.require("the scaling factor");
    const auto scale_tokens = split_tokens(scale_line);
    if (scale_tokens.empty()) lines_.fail("expected the scaling factor");
    Vec3 scale{1, 1, 1};
    double volume_target = 0.0;
    // VASP reads three factors when the line has three numbers; a single negative one is the cell volume.
    double third = 0.0;
    if (scale_tokens.size() >= 3 && parse_finite_double(scale_tokens[2], third)) {
      for (int k = 0; k < 3; ++k) scale[k] = lines_.to_double(scale_tokens[k], "a scaling factor");
      if (!(scale.x > 0 && scale.y > 0 && scale.z > 0)) lines_.fail("expected three positive scaling factors");
    } else {
      const double s = lines_.to_double(scale_tokens[0], "the scaling factor");
      if (s == 0.0) lines_.fail("expected a non-zero scaling factor");
      if (s < 0) volume_target = -s;
      else scale = {s, s, s};
    }

    Mat3 rows;
    for (int i = 0; i < 3; ++i) {
      const auto v = numbers(lines_.require("lattice vector " + std::to_string(i + 1)), 3,
                             "lattice vector " + std::to_string(i + 1));
      rows.set_row(i, {v[0], v[1], v[2]});
    }
    const double raw_volume = std::fabs(determinant(rows));
    if (!(raw_volume > 0.0)) lines_.fail("the lattice vectors span no volume");
    if (volume_target > 0.0) {
      const double s = std::cbrt(volume_target / raw_volume);
      scale = {s, s, s};
    }
    for (int i = 0; i < 3; ++i)
      for (int k = 0; k < 3; ++k) rows(i, k) *= scale[k];

    // VASP 5 puts element symbols before the counts.
    std::string line = lines_.require("the atom counts per species");
    auto tokens = split_tokens(line);
    if (tokens.empty()) lines_.fail("expected the atom counts per species");
    std::vector<std::string> symbols;
    if (std::isalpha(static_cast<unsigned char>(tokens[0][0]))) {
      for (auto t : tokens) symbols.push_back(species_element(t));
      line = lines_.require("the atom counts per species");
      tokens = split_tokens(line);
      if (tokens.empty()) lines_.fail("expected the atom counts per species");
    }
    std::vector<std::size_t> counts;
    std::size_t total = 0;
    for (auto t : tokens) {
      if (!std::isdigit(static_cast<unsigned char>(t[0])) && t[0] != '+' && t[0] != '-') break;  // a comment
      counts.push_back(lines_.to_count(t, "an atom count", 100000000));
      total += counts.back();
      if (total > 100000000) lines_.fail("too many atoms");
    }
    if (counts.empty()) lines_.fail("expected the atom counts per species");
    // The type of each species block: its index, or its element's place in the type order.
    std::vector<int> block_type(counts.size());
    for (std::size_t s = 0; s < counts.size(); ++s) block_type[s] = static_cast<int>(s);
    if (!order_.empty() && !symbols.empty()) {
      if (symbols.size() < counts.size())
        lines_.fail_at(lines_.line_number() - 1, "expected a species symbol for each of the " +
                                                     std::to_string(counts.size()) + " counts");
      for (std::size_t s = 0; s < counts.size(); ++s) {
        block_type[s] = order_.type_of(symbols[s]);
        if (block_type[s] < 0 && counts[s] > 0) lines_.fail_at(lines_.line_number() - 1, order_.not_in_order(symbols[s]));
      }
    }
    if (absolute_types_) {
      if (symbols.size() < counts.size())
        lines_.fail_at(lines_.line_number() - 1, "expected a species symbol for each of the " +
                                                     std::to_string(counts.size()) + " counts (needed for absolute types)");
      for (std::size_t s = 0; s < counts.size(); ++s) {
        block_type[s] = atomic_number(symbols[s]);
        if (block_type[s] == 0) lines_.fail_at(lines_.line_number() - 1, "species '" + symbols[s] + "' is not a chemical element");
      }
    }

    line = lines_.require("'Direct' or 'Cartesian'");
    std::string_view mode = trim(line);
    bool selective = false;
    if (!mode.empty() && (mode[0] == 'S' || mode[0] == 's')) {
      selective = true;
      line = lines_.require("'Direct' or 'Cartesian'");
      mode = trim(line);
    }
    const bool cartesian = !mode.empty() && (mode[0] == 'C' || mode[0] == 'c' || mode[0] == 'K' || mode[0] == 'k');
    (void)selective;

    Configuration c;
    c.lattice = Lattice::periodic(rows);
    c.positions.reserve(std::min<std::size_t>(total, 1 << 16));
    c.types.reserve(std::min<std::size_t>(total, 1 << 16));
    for (std::size_t s = 0; s < counts.size(); ++s)
      for (std::size_t a = 0; a < counts[s]; ++a) {
        const auto v = numbers(lines_.require("the position of atom " + std::to_string(c.positions.size() + 1)), 3,
                               "a position");
        Vec3 p{v[0], v[1], v[2]};
        if (cartesian) {
          for (int k = 0; k < 3; ++k) p[k] *= scale[k];
        } else {
          p = p * rows;
        }
        c.positions.push_back(p);
        c.types.push_back(block_type[s]);
      }
    c.validate();
    cfg = std::move(c);
  }

  std::unique_ptr<std::istream> owned_;
  LineSource lines_;
  SpeciesOrder order_;
  bool absolute_types_ = false;
  bool done_ = false;
};

// One number as MLIP-2 writes it: %.16g in a 24-wide column.
void put_number(std::ostream& out, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%24.16g", v);
  out << buf;
}

}  // namespace

std::unique_ptr<ConfigurationReader> make_vasp_poscar_reader(std::istream& in, const std::string& name,
                                                             const PoscarOptions& options) {
  return std::make_unique<PoscarReader>(in, name, options);
}

std::unique_ptr<ConfigurationReader> make_vasp_poscar_reader(const std::string& path, const PoscarOptions& options) {
  refuse_directory(path);
  auto in = std::make_unique<std::ifstream>(path);
  if (!*in) throw Error(path, 0, "cannot open for reading");
  return std::make_unique<PoscarReader>(std::move(in), path, options);
}

void write_vasp_poscar(std::ostream& out, const Configuration& cfg, const SpeciesOrder& species) {
  cfg.validate();
  if (cfg.lattice.periodic_dims != 3) throw Error("POSCAR output needs a configuration periodic in 3 dimensions");
  if (cfg.size() == 0) throw Error("POSCAR output needs at least one atom");
  out << "MLIP output to VASP\n1\n";
  for (int i = 0; i < 3; ++i) {
    out << "   ";
    for (int k = 0; k < 3; ++k) put_number(out, cfg.lattice.rows(i, k));
    out << '\n';
  }
  const int max_type = *std::max_element(cfg.types.begin(), cfg.types.end());
  std::vector<std::size_t> counts(static_cast<std::size_t>(max_type) + 1, 0);
  for (int t : cfg.types) ++counts[static_cast<std::size_t>(t)];
  if (!species.empty()) {  // VASP 5's symbol line
    for (std::size_t t = 0; t < counts.size(); ++t) out << ' ' << species.name_of(static_cast<int>(t));
    out << '\n';
  }
  for (std::size_t c : counts) out << ' ' << c;
  out << "\ncart\n";
  // POSCAR lists species in blocks: atoms grouped by type, keeping their order within a type.
  std::vector<std::size_t> order(cfg.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cfg.types[a] < cfg.types[b]; });
  for (std::size_t i : order) {
    out << "   ";
    for (int k = 0; k < 3; ++k) put_number(out, cfg.positions[i][k]);
    out << '\n';
  }
}

std::unique_ptr<ConfigurationWriter> make_vasp_poscar_writer(const std::string& path, const SpeciesOrder& species) {
  return std::make_unique<NumberedFilesWriter>(path, [species](std::ostream& out, const Configuration& cfg) {
    write_vasp_poscar(out, cfg, species);
  });
}

}  // namespace mtp::io
