#include "mtp/io/extxyz.hpp"

#include <array>
#include <cmath>
#include <optional>
#include <fstream>
#include <map>
#include <ostream>
#include <string_view>
#include <utility>

#include "mtp/core/error.hpp"
#include "mtp/io/atomic_output_file.hpp"
#include "mtp/io/elements.hpp"
#include "mtp/io/text_lines.hpp"
#include "mtp/io/input_path.hpp"

namespace mtp::io {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

// The comment line's key=value pairs, in order, as ASE writes them: values bare, "quoted" (with \" \\ \n
// escapes) or {braced}; a key without '=' means true.
std::vector<std::pair<std::string, std::string>> parse_key_values(std::string_view s, const LineSource& lines) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t i = 0;
  const std::size_t n = s.size();
  auto read_quoted = [&]() {
    std::string v;
    ++i;  // opening quote
    for (;;) {
      if (i >= n) lines.fail("unterminated quoted string in the comment line");
      const char c = s[i++];
      if (c == '"') break;
      if (c == '\\' && i < n) {
        const char e = s[i++];
        v += e == 'n' ? '\n' : e;
      } else {
        v += c;
      }
    }
    return v;
  };
  auto read_token = [&](bool stop_at_equals) {
    if (i < n && s[i] == '"') return read_quoted();
    if (i < n && s[i] == '{') {
      const std::size_t close = s.find('}', i);
      if (close == std::string_view::npos) lines.fail("unterminated {...} value in the comment line");
      std::string v(s.substr(i + 1, close - i - 1));
      i = close + 1;
      return v;
    }
    const std::size_t start = i;
    while (i < n && !is_space(s[i]) && !(stop_at_equals && s[i] == '=')) ++i;
    return std::string(s.substr(start, i - start));
  };
  for (;;) {
    while (i < n && is_space(s[i])) ++i;
    if (i >= n) break;
    if (s[i] == '=') lines.fail("expected a key before '=' in the comment line");
    std::string key = read_token(true);
    while (i < n && is_space(s[i])) ++i;
    if (i < n && s[i] == '=') {
      ++i;
      while (i < n && is_space(s[i])) ++i;
      out.emplace_back(std::move(key), read_token(false));
    } else {
      out.emplace_back(std::move(key), "T");
    }
  }
  return out;
}

bool parse_bool(std::string_view t, bool& v) {
  if (t == "T" || t == "True" || t == "true" || t == "TRUE" || t == "1") return v = true, true;
  if (t == "F" || t == "False" || t == "false" || t == "FALSE" || t == "0") return v = false, true;
  return false;
}

struct Column {
  std::string name;
  char kind;  // S R I L
  std::size_t count;
  std::size_t first;  // index of its first token in an atom line
};

class ExtXyzReader : public ConfigurationReader {
 public:
  ExtXyzReader(std::istream& in, const std::string& name, const ExtXyzOptions& options)
      : lines_(in, name), order_(options.species) {}
  ExtXyzReader(std::unique_ptr<std::istream> owned, const std::string& name, const ExtXyzOptions& options)
      : ExtXyzReader(*owned, name, options) {
    owned_ = std::move(owned);
  }

  bool next(Configuration& cfg) override {
    std::string line;
    do {
      if (!lines_.next(line)) return false;
    } while (trim(line).empty());
    const auto count_tokens = split_tokens(line);
    if (count_tokens.size() != 1) lines_.fail("expected the number of atoms alone on the line");
    const std::size_t natoms = lines_.to_count(count_tokens[0], "the number of atoms");
    const std::string comment = lines_.require("the comment line");
    const long comment_line = lines_.line_number();
    const auto pairs = parse_key_values(comment, lines_);

    Configuration c;
    std::optional<Mat3> lattice;
    std::optional<std::array<bool, 3>> pbc;
    std::string properties = "species:S:1:pos:R:3";
    std::vector<double> stress;
    std::vector<double> virial;
    for (const auto& [key, value] : pairs) {
      if (key == "Lattice") {
        const auto v = numbers(value, "Lattice");
        if (v.size() != 9) lines_.fail("expected 9 numbers in Lattice, got " + std::to_string(v.size()));
        Mat3 m;
        for (int k = 0; k < 9; ++k) m(k / 3, k % 3) = v[k];
        lattice = m;
      } else if (key == "Properties") {
        properties = value;
      } else if (key == "pbc") {
        const auto t = split_tokens(value);
        if (t.size() != 3) lines_.fail("expected 3 flags in pbc, got " + std::to_string(t.size()));
        std::array<bool, 3> p{};
        for (int k = 0; k < 3; ++k)
          if (!parse_bool(t[k], p[k])) lines_.fail("expected T or F in pbc, got '" + std::string(t[k]) + "'");
        pbc = p;
      } else if (key == "energy") {
        c.energy = lines_.to_double(trim(value), "the energy");
      } else if (key == "stress") {
        stress = numbers(value, "stress");
      } else if (key == "virial") {
        virial = numbers(value, "virial");
      } else {
        c.features[key] = value;
      }
    }

    // Periodic axes: from pbc, or all three when there is a Lattice. A .cfg cell is periodic along its
    // leading rows only.
    const std::array<bool, 3> periodic = pbc ? *pbc : std::array<bool, 3>{lattice.has_value(), lattice.has_value(), lattice.has_value()};
    int dims = 0;
    while (dims < 3 && periodic[dims]) ++dims;
    for (int k = dims; k < 3; ++k)
      if (periodic[k]) lines_.fail_at(comment_line, "periodic axes must come first (pbc=\"T T F\", not \"F T T\") to form a .cfg cell");
    if (dims > 0 && !lattice) lines_.fail_at(comment_line, "expected a Lattice for a periodic configuration");
    c.lattice.periodic_dims = dims;
    for (int k = 0; k < dims; ++k) c.lattice.rows.set_row(k, lattice->row(k));
    // A flat or zero periodic cell has no periodic images to speak of: refused here, where the line is known.
    if (dims == 3 && !(c.lattice.volume() > 0.0))
      lines_.fail_at(comment_line, "the Lattice has zero volume (its three vectors are linearly dependent)");
    for (int k = 0; k < dims; ++k)
      if (norm2(c.lattice.rows.row(k)) == 0.0)
        lines_.fail_at(comment_line, "Lattice vector " + std::to_string(k + 1) + " is zero, but pbc makes it periodic");

    if (!virial.empty()) {
      c.virial = symmetric_matrix(virial, "virial", comment_line);
    } else if (!stress.empty()) {
      if (dims != 3 || !(c.lattice.volume() > 0.0))
        lines_.fail_at(comment_line, "stress needs a cell periodic in 3 dimensions with non-zero volume");
      c.virial = symmetric_matrix(stress, "stress", comment_line) * (-c.lattice.volume());
    }

    const auto columns = parse_properties(properties, comment_line);
    std::size_t width = 0;
    for (const Column& col : columns) width += col.count;
    const Column* species = find(columns, "species");
    const Column* numbers_column = find(columns, "Z");
    const Column* pos = find(columns, "pos");
    const Column* forces = find(columns, "forces");
    if (!forces) forces = find(columns, "force");
    const Column* energies = find(columns, "energies");
    const Column* charges = find(columns, "charges");
    if (!charges) charges = find(columns, "initial_charges");
    if (!pos || pos->kind != 'R' || pos->count != 3) lines_.fail_at(comment_line, "expected pos:R:3 in Properties");
    if (!species && !numbers_column) lines_.fail_at(comment_line, "expected a species or Z column in Properties");
    if (species && (species->kind != 'S' || species->count != 1)) lines_.fail_at(comment_line, "expected species:S:1 in Properties");
    if (numbers_column && (numbers_column->kind != 'I' || numbers_column->count != 1)) lines_.fail_at(comment_line, "expected Z:I:1 in Properties");
    if (forces && (forces->kind != 'R' || forces->count != 3)) lines_.fail_at(comment_line, "expected forces:R:3 in Properties");
    if (energies && (energies->kind != 'R' || energies->count != 1)) energies = nullptr;
    if (charges && (charges->kind != 'R' || charges->count != 1)) charges = nullptr;

    const std::size_t reserve = std::min<std::size_t>(natoms, 1 << 16);
    c.positions.reserve(reserve);
    c.types.reserve(reserve);
    for (std::size_t a = 0; a < natoms; ++a) {
      const std::string atom = lines_.require("atom line " + std::to_string(a + 1) + " of " + std::to_string(natoms));
      const auto t = split_tokens(atom);
      if (t.size() != width)
        lines_.fail("expected " + std::to_string(width) + " columns as Properties says, got " + std::to_string(t.size()));
      c.types.push_back(species ? type_of_token(t[species->first]) : type_of_number(t[numbers_column->first]));
      Vec3 p;
      for (int k = 0; k < 3; ++k) p[k] = lines_.to_double(t[pos->first + k], "a coordinate");
      c.positions.push_back(p);
      if (forces) {
        Vec3 f;
        for (int k = 0; k < 3; ++k) f[k] = lines_.to_double(t[forces->first + k], "a force component");
        c.forces.push_back(f);
      }
      if (energies) c.site_energies.push_back(lines_.to_double(t[energies->first], "a site energy"));
      if (charges) c.charges.push_back(lines_.to_double(t[charges->first], "a charge"));
    }
    c.validate();
    cfg = std::move(c);
    return true;
  }

 private:
  std::vector<double> numbers(const std::string& value, const std::string& what) const {
    std::vector<double> v;
    for (auto t : split_tokens(value)) v.push_back(lines_.to_double(t, "a number in " + what));
    return v;
  }

  // 6 Voigt numbers (xx yy zz yz xz xy) or 9 row-major.
  Mat3 symmetric_matrix(const std::vector<double>& v, const std::string& what, long line) const {
    Mat3 m;
    if (v.size() == 9) {
      for (int k = 0; k < 9; ++k) m(k / 3, k % 3) = v[k];
    } else if (v.size() == 6) {
      m(0, 0) = v[0];
      m(1, 1) = v[1];
      m(2, 2) = v[2];
      m(1, 2) = m(2, 1) = v[3];
      m(0, 2) = m(2, 0) = v[4];
      m(0, 1) = m(1, 0) = v[5];
    } else {
      lines_.fail_at(line, "expected 6 or 9 numbers in " + what + ", got " + std::to_string(v.size()));
    }
    return m;
  }

  std::vector<Column> parse_properties(const std::string& text, long line) const {
    std::vector<Column> cols;
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
      const std::size_t colon = text.find(':', start);
      parts.push_back(text.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
    if (parts.size() % 3 != 0) lines_.fail_at(line, "expected name:type:count triples in Properties");
    std::size_t first = 0;
    for (std::size_t k = 0; k < parts.size(); k += 3) {
      const std::string& kind = parts[k + 1];
      if (kind.size() != 1 || std::string_view("SRIL").find(kind[0]) == std::string_view::npos)
        lines_.fail_at(line, "expected a column type S, R, I or L in Properties, got '" + kind + "'");
      long count = 0;
      if (!parse_long(parts[k + 2], count) || count < 1 || count > 1000)
        lines_.fail_at(line, "expected a positive column count in Properties, got '" + parts[k + 2] + "'");
      cols.push_back({parts[k], kind[0], static_cast<std::size_t>(count), first});
      first += static_cast<std::size_t>(count);
    }
    return cols;
  }

  static const Column* find(const std::vector<Column>& cols, const std::string& name) {
    for (const Column& c : cols)
      if (c.name == name) return &c;
    return nullptr;
  }

  int type_of_symbol(const std::string& symbol) const {
    if (order_.empty())
      lines_.fail("the file names its species ('" + symbol +
                  "'): give the species order (--type-order=..., or a potential that records its species names)");
    const int t = order_.type_of(symbol);
    if (t < 0) lines_.fail(order_.not_in_order(symbol));
    return t;
  }

  int type_of_token(std::string_view token) const {
    long v = 0;
    if (parse_long(token, v)) {
      if (v < 0 || v > 1000000) lines_.fail("expected a species symbol or a type between 0 and 1000000, got " + std::string(token));
      if (!order_.empty() && static_cast<std::size_t>(v) >= order_.size())
        lines_.fail("type " + std::string(token) + " is not in the species order (" + order_.listed() + ")");
      return static_cast<int>(v);
    }
    return type_of_symbol(std::string(token));
  }

  int type_of_number(std::string_view token) const {
    const long z = lines_.to_long(token, "an atomic number");
    const std::string symbol = element_symbol(static_cast<int>(z));
    if (symbol.empty()) lines_.fail("expected an atomic number between 1 and 118, got " + std::string(token));
    return type_of_symbol(symbol);
  }

  std::unique_ptr<std::istream> owned_;
  LineSource lines_;
  SpeciesOrder order_;
};

// Values and keys are quoted when they would not survive as one bare token.
std::string quoted_if_needed(const std::string& v) {
  bool plain = !v.empty();
  for (char c : v)
    if (is_space(c) || c == '"' || c == '=' || c == '\\' || c == '{' || c == '}') plain = false;
  if (plain) return v;
  std::string q = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') q += '\\';
    if (c == '\n') {
      q += "\\n";
      continue;
    }
    q += c;
  }
  return q + '"';
}

std::string joined(const std::vector<double>& v) {
  std::string s;
  for (std::size_t k = 0; k < v.size(); ++k) s += (k ? " " : "") + shortest_repr(v[k]);
  return s;
}

class ExtXyzWriter : public ConfigurationWriter {
 public:
  ExtXyzWriter(const std::string& path, bool append, const ExtXyzOptions& options)
      : file_(path, append), options_(options) {}
  void write(const Configuration& cfg) override { write_extxyz(file_.stream(), cfg, options_); }
  void close() override { file_.commit(); }

 private:
  AtomicOutputFile file_;
  ExtXyzOptions options_;
};

}  // namespace

void write_extxyz(std::ostream& out, const Configuration& cfg, const ExtXyzOptions& options) {
  cfg.validate();
  const SpeciesOrder& order = options.species;
  if (order.empty() && cfg.size() > 0)
    throw Error("extxyz: writing element symbols needs the species order (--type-order=..., or a potential that "
                "records its species names)");
  for (const auto& [key, value] : cfg.features) {
    (void)value;
    if (key == "Lattice" || key == "Properties" || key == "energy" || key == "stress" || key == "virial" || key == "pbc")
      throw Error("extxyz: the feature '" + key + "' has the name of a structural key and cannot be written");
    if (key.empty()) throw Error("extxyz: a feature with an empty name cannot be written");
  }
  const int dims = cfg.lattice.periodic_dims;
  out << cfg.size() << '\n';
  std::string header;
  if (dims > 0) {
    std::vector<double> v;
    for (int i = 0; i < 3; ++i)
      for (int k = 0; k < 3; ++k) v.push_back(i < dims ? cfg.lattice.rows(i, k) : 0.0);
    header += "Lattice=\"" + joined(v) + "\" ";
  }
  header += "Properties=species:S:1:pos:R:3";
  if (cfg.has_forces()) header += ":forces:R:3";
  if (cfg.has_site_energies()) header += ":energies:R:1";
  if (cfg.has_charges()) header += ":charges:R:1";
  if (cfg.energy) header += " energy=" + shortest_repr(*cfg.energy);
  if (cfg.virial) {
    std::vector<double> v;
    const bool as_stress = dims == 3 && cfg.lattice.volume() > 0.0;
    const double scale = as_stress ? -1.0 / cfg.lattice.volume() : 1.0;
    for (int i = 0; i < 3; ++i)
      for (int k = 0; k < 3; ++k) v.push_back((*cfg.virial)(i, k) * scale);
    header += std::string(as_stress ? " stress=\"" : " virial=\"") + joined(v) + "\"";
  }
  for (const auto& [key, value] : cfg.features) header += " " + quoted_if_needed(key) + "=" + quoted_if_needed(value);
  header += std::string(" pbc=\"") + (dims > 0 ? "T" : "F") + (dims > 1 ? " T" : " F") + (dims > 2 ? " T" : " F") + "\"";
  out << header << '\n';
  for (std::size_t i = 0; i < cfg.size(); ++i) {
    std::string line = order.name_of(cfg.types[i]);
    for (int k = 0; k < 3; ++k) line += " " + shortest_repr(cfg.positions[i][k]);
    if (cfg.has_forces())
      for (int k = 0; k < 3; ++k) line += " " + shortest_repr(cfg.forces[i][k]);
    if (cfg.has_site_energies()) line += " " + shortest_repr(cfg.site_energies[i]);
    if (cfg.has_charges()) line += " " + shortest_repr(cfg.charges[i]);
    out << line << '\n';
  }
}

std::unique_ptr<ConfigurationReader> make_extxyz_reader(std::istream& in, const std::string& name,
                                                        const ExtXyzOptions& options) {
  return std::make_unique<ExtXyzReader>(in, name, options);
}

std::unique_ptr<ConfigurationReader> make_extxyz_reader(const std::string& path, const ExtXyzOptions& options) {
  refuse_directory(path);
  auto in = std::make_unique<std::ifstream>(path);
  if (!*in) throw Error(path, 0, "cannot open for reading");
  return std::make_unique<ExtXyzReader>(std::move(in), path, options);
}

std::unique_ptr<ConfigurationWriter> make_extxyz_writer(const std::string& path, bool append,
                                                        const ExtXyzOptions& options) {
  return std::make_unique<ExtXyzWriter>(path, append, options);
}

}  // namespace mtp::io
