#include "mtp/io/mtp_file.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <istream>
#include <ostream>
#include <sstream>

#include "mtp/core/error.hpp"
#include "mtp/core/limits.hpp"
#include "mtp/io/atomic_output_file.hpp"
#include "mtp/model/radial_basis.hpp"
#include "mtp/io/input_path.hpp"

namespace mtp::io {
namespace {

// Tokens of an .mtp file read straight from the stream (so a caller reading a state file can go on
// after the potential): words (anything up to whitespace or one of "{},="), and those four characters.
class MtpLexer {
 public:
  MtpLexer(std::istream& in, std::string name) : in_(in), name_(std::move(name)) {}

  [[noreturn]] void fail(const std::string& what) const { throw Error(name_, line_, what); }
  long line() const { return line_; }

  // A whole line without its end ("\n" or "\r\n"); false at the end of the input.
  bool raw_line(std::string& out) {
    out.clear();
    int c;
    bool any = false;
    while ((c = in_.get()) != EOF) {
      any = true;
      if (c == '\n') {
        ++line_;
        break;
      }
      out.push_back(char(c));
    }
    if (!out.empty() && out.back() == '\r') out.pop_back();
    return any;
  }

  // The rest of the current line (after the last token), without the line end.
  std::string rest_of_line() {
    std::string out;
    raw_line(out);
    return out;
  }

  // The next token, or "" at the end of the input.
  const std::string& peek() {
    if (!peeked_) {
      token_ = read_token();
      peeked_ = true;
    }
    return token_;
  }
  std::string next() {
    peek();
    peeked_ = false;
    return token_;
  }
  void expect(const std::string& what) {
    const std::string t = next();
    if (t != what) fail("expected '" + what + "', found '" + (t.empty() ? std::string("end of file") : t) + "'");
  }
  // "key =": the key must come next.
  void expect_key(const std::string& key) {
    expect(key);
    expect("=");
  }
  int integer(const std::string& what) {
    const std::string t = next();
    char* end = nullptr;
    errno = 0;
    const long v = std::strtol(t.c_str(), &end, 10);
    if (t.empty() || *end != '\0' || errno != 0 || v < -2147483647L || v > 2147483647L)
      fail("expected an integer (" + what + "), found '" + t + "'");
    return int(v);
  }
  double number(const std::string& what, std::string* text = nullptr) {
    const std::string t = next();
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (t.empty() || *end != '\0') fail("expected a number (" + what + "), found '" + t + "'");
    if (!std::isfinite(v)) fail("expected a finite number (" + what + "), found '" + t + "'");
    if (text) *text = t;
    return v;
  }
  // True when nothing but whitespace is left, and whether the text ended with a line end.
  bool at_end() { return peek().empty(); }
  bool ended_with_newline() const { return last_char_ == '\n'; }

 private:
  std::string read_token() {
    int c;
    while ((c = in_.peek()) != EOF && std::isspace(c)) {
      in_.get();
      last_char_ = c;
      if (c == '\n') ++line_;
    }
    if (c == EOF) return std::string();
    if (c == '{' || c == '}' || c == ',' || c == '=') {
      in_.get();
      last_char_ = c;
      return std::string(1, char(c));
    }
    std::string t;
    while ((c = in_.peek()) != EOF && !std::isspace(c) && c != '{' && c != '}' && c != ',' && c != '=') {
      t.push_back(char(in_.get()));
      last_char_ = c;
    }
    return t;
  }

  std::istream& in_;
  std::string name_;
  long line_ = 1;
  std::string token_;
  bool peeked_ = false;
  int last_char_ = 0;
};

// A brace list of numbers "{a, b, ...}" of exactly `count` entries.
void read_number_list(MtpLexer& lex, std::size_t count, const std::string& what, std::vector<double>& out,
                      std::vector<std::string>* texts) {
  lex.expect("{");
  for (std::size_t k = 0; k < count; ++k) {
    if (k > 0) lex.expect(",");
    std::string text;
    out.push_back(lex.number(what, &text));
    if (texts) texts->push_back(text);
  }
  if (lex.peek() != "}") lex.fail("expected " + std::to_string(count) + " values in " + what);
  lex.next();
}

// "{{a, b, c, d}, ...}" with exactly `count` quadruples.
std::vector<std::array<int, 4>> read_quads(MtpLexer& lex, int count, const std::string& what) {
  std::vector<std::array<int, 4>> out;
  lex.expect("{");
  while (lex.peek() == "{") {
    lex.next();
    std::array<int, 4> q{};
    for (int k = 0; k < 4; ++k) {
      if (k > 0) lex.expect(",");
      q[std::size_t(k)] = lex.integer(what);
    }
    lex.expect("}");
    out.push_back(q);
    if (lex.peek() == ",") lex.next();
  }
  lex.expect("}");
  if (int(out.size()) != count)
    lex.fail(what + ": the count says " + std::to_string(count) + " entries, the list has " +
             std::to_string(out.size()));
  return out;
}

bool is_pair_label(const std::string& t) {
  const std::size_t dash = t.find('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 >= t.size()) return false;
  for (std::size_t k = 0; k < t.size(); ++k)
    if (k != dash && !std::isdigit(static_cast<unsigned char>(t[k]))) return false;
  return true;
}

void format_number(std::ostream& out, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15e", v);
  out << buf;
}

// The potential_tag line carries the species names as "species_names: Na Cl", optionally followed by
// "; " and a free tag. MLIP-2, MLIP-3 and LAMMPS's ML-MTP read the rest of this line and drop it, so a
// potential with names still loads in all of them.
constexpr const char* kNamesMarker = "species_names:";

std::string trimmed(const std::string& s) {
  const std::size_t b = s.find_first_not_of(" \t");
  const std::size_t e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// `rest`: what follows the key "potential_tag" on its line ("= text", "=" or "").
void split_tag(const std::string& rest, std::string& tag, std::vector<std::string>& names) {
  const std::size_t eq = rest.find('=');
  std::string text = trimmed(eq == std::string::npos ? rest : rest.substr(eq + 1));
  names.clear();
  const std::string marker = kNamesMarker;
  if (text.compare(0, marker.size(), marker) != 0) {
    tag = text;
    return;
  }
  const std::size_t semicolon = text.find(';');
  std::istringstream list(text.substr(marker.size(), semicolon == std::string::npos ? std::string::npos
                                                                                     : semicolon - marker.size()));
  tag = semicolon == std::string::npos ? std::string() : trimmed(text.substr(semicolon + 1));
  for (std::string word; list >> word;) {
    if (!is_valid_species_name(word)) throw Error("potential_tag: '" + word + "' is not a valid species name");
    if (std::find(names.begin(), names.end(), word) != names.end())
      throw Error("potential_tag: species name '" + word + "' is given twice");
    names.push_back(word);
  }
  if (names.empty()) throw Error("potential_tag: 'species_names:' is followed by no names");
}

std::string tag_text(const Potential& pot) {
  std::string text;
  if (!pot.species_names.empty()) {
    text = kNamesMarker;
    for (const std::string& n : pot.species_names) text += " " + n;
    if (!pot.tag.empty()) text += "; ";
  }
  return text + pot.tag;
}

}  // namespace

Potential read_potential(std::istream& in, const std::string& name, MtpFileLayout* layout) {
  MtpLexer lex(in, name);
  Potential pot;
  std::string line;
  // Potential files in LAMMPS's potentials/ folder start with '#' lines (DATE:, UNITS:, CONTRIBUTOR:, as
  // LAMMPS ML-MTP's NaKCl.mtp does); those are skipped.
  bool got = lex.raw_line(line);
  while (got && !line.empty() && line[0] == '#') got = lex.raw_line(line);
  if (!got || line != "MTP") lex.fail("expected 'MTP' on the first line (not an .mtp file)");
  if (!lex.raw_line(line) || line != "version = 1.1.0") lex.fail("expected 'version = 1.1.0'");

  std::vector<std::string> head_texts(3);
  std::vector<double> head_values(3, 0.0);
  bool have_species_count = false;
  std::string key = lex.next();
  if (key == "potential_name") {
    lex.expect("=");
    pot.name = lex.next();
    key = lex.next();
  }
  if (key == "scaling") {
    lex.expect("=");
    pot.scaling = lex.number("scaling", &head_texts[0]);
    key = lex.next();
  }
  if (key == "species_count") {
    lex.expect("=");
    pot.species_count = lex.integer("species_count");
    if (pot.species_count < 1 || pot.species_count > limits::kMaxSpecies)
      lex.fail("species_count must be between 1 and " + std::to_string(limits::kMaxSpecies) + ", got " +
               std::to_string(pot.species_count));
    have_species_count = true;
    key = lex.next();
  }
  long tag_line = 0;
  if (key == "potential_tag") {
    tag_line = lex.line();
    const std::string rest = lex.rest_of_line();  // "= tag" or "=" (the key was the last token read)
    if (layout) {
      layout->has_tag_line = true;
      layout->tag_line = "potential_tag" + rest;
    }
    try {
      split_tag(rest, pot.tag, pot.species_names);
    } catch (const Error& e) {
      throw Error(name, tag_line, e.message());
    }
    key = lex.next();
  }
  if (key != "radial_basis_type") lex.fail("expected 'radial_basis_type', found '" + key + "'");
  lex.expect("=");
  pot.radial.type = lex.next();
  if (!RadialBasis::known_type(pot.radial.type))
    lex.fail("radial basis type '" + pot.radial.type + "' is not supported (expected one of " +
             RadialBasis::supported_types() + ")");
  double basis_scaling = 1.0;
  bool have_min = false, have_max = false, have_size = false;
  for (;;) {
    key = lex.next();
    if (key == "scaling") {
      lex.expect("=");
      basis_scaling = lex.number("radial basis scaling");
    } else if (key == "min_dist" || key == "min_val") {
      lex.expect("=");
      pot.radial.min_dist = lex.number(key, &head_texts[1]);
      have_min = true;
    } else if (key == "max_dist" || key == "max_val") {
      lex.expect("=");
      pot.radial.max_dist = lex.number(key, &head_texts[2]);
      have_max = true;
    } else if (key == "radial_basis_size" || key == "basis_size") {
      lex.expect("=");
      pot.radial.size = lex.integer(key);
      have_size = true;
    } else {
      break;
    }
  }
  if (!have_min || !have_max || !have_size) lex.fail("the radial basis needs min_dist, max_dist and radial_basis_size");
  if (pot.radial.size < 2 || pot.radial.size > limits::kMaxRadialBasisSize)
    lex.fail("radial_basis_size must be between 2 and " + std::to_string(limits::kMaxRadialBasisSize));
  if (!(pot.radial.min_dist < pot.radial.max_dist)) lex.fail("min_dist must be smaller than max_dist");
  if (!(pot.radial.max_dist <= limits::kMaxCutoff))
    lex.fail("max_dist " + head_texts[2] + " is above the limit of " + std::to_string(int(limits::kMaxCutoff)) +
             " Angstrom (a cutoff that large would search an unbounded number of neighbours)");
  // MLIP-2 keeps one scaling: the basis's own is folded into the potential's.
  if (basis_scaling != 1.0) pot.scaling *= basis_scaling;
  head_values = {pot.scaling, pot.radial.min_dist, pot.radial.max_dist};

  if (key == "magnetic_basis_type") {
    // MLIP-3's magnetic basis: the same keys as a radial basis; its scaling stays its own.
    lex.expect("=");
    MagneticBasisSpec& mag = pot.magnetic;
    mag.type = lex.next();
    if (!RadialBasis::known_type(mag.type))
      lex.fail("magnetic basis type '" + mag.type + "' is not supported (expected one of " +
               RadialBasis::supported_types() + ")");
    bool mag_min = false, mag_max = false, mag_size = false;
    for (;;) {
      key = lex.next();
      if (key == "scaling") {
        lex.expect("=");
        mag.scaling = lex.number("magnetic basis scaling");
      } else if (key == "min_val" || key == "min_dist") {
        lex.expect("=");
        mag.min_val = lex.number(key);
        mag_min = true;
      } else if (key == "max_val" || key == "max_dist") {
        lex.expect("=");
        mag.max_val = lex.number(key);
        mag_max = true;
      } else if (key == "basis_size" || key == "radial_basis_size") {
        lex.expect("=");
        mag.size = lex.integer(key);
        mag_size = true;
      } else {
        break;
      }
    }
    if (!mag_min || !mag_max || !mag_size) lex.fail("the magnetic basis needs min_val, max_val and basis_size");
    if (mag.size < 1 || mag.size > 16) lex.fail("the magnetic basis_size must be between 1 and 16");
    if (!(mag.min_val < mag.max_val)) lex.fail("the magnetic basis needs min_val < max_val");
    if (pot.pair_basis_size() > 256) lex.fail("radial_basis_size times basis_size squared must not exceed 256");
  }
  if (key != "radial_funcs_count") lex.fail("expected 'radial_funcs_count', found '" + key + "'");
  lex.expect("=");
  pot.radial_funcs_count = lex.integer("radial_funcs_count");
  if (pot.radial_funcs_count < 1 || pot.radial_funcs_count > limits::kMaxRadialFuncs)
    lex.fail("radial_funcs_count must be between 1 and " + std::to_string(limits::kMaxRadialFuncs) + ", got " +
             std::to_string(pot.radial_funcs_count));
  const int K = pot.radial_funcs_count, R = pot.pair_basis_size();

  bool have_radial = false;
  std::vector<std::string> radial_texts;
  key = lex.next();
  if (key == "radial_coeffs") {
    int blocks = 0;
    while (is_pair_label(lex.peek())) {
      lex.next();
      ++blocks;
      for (int mu = 0; mu < K; ++mu)
        read_number_list(lex, std::size_t(R), "a radial function's " + std::to_string(R) + " coefficients",
                         pot.radial_coeffs, &radial_texts);
    }
    if (blocks > 0) {
      have_radial = true;
      if (!have_species_count) {
        const int c = int(std::lround(std::sqrt(double(blocks))));
        if (c * c != blocks) lex.fail("radial_coeffs holds " + std::to_string(blocks) + " species pairs, not a square");
        pot.species_count = c;
        have_species_count = true;
      }
      if (blocks != pot.species_count * pot.species_count)
        lex.fail("radial_coeffs holds " + std::to_string(blocks) + " species pairs, species_count " +
                 std::to_string(pot.species_count) + " needs " + std::to_string(pot.species_count * pot.species_count));
    }
    key = lex.next();
  }
  if (!have_species_count) pot.species_count = 1;  // MLIP-3 leaves it out of untrained files
  if (!pot.species_names.empty() && pot.species_names.size() != std::size_t(pot.species_count))
    throw Error(name, tag_line,
                "potential_tag names " + std::to_string(pot.species_names.size()) + " species, the potential has " +
                    std::to_string(pot.species_count));

  if (key != "alpha_moments_count") lex.fail("expected 'alpha_moments_count', found '" + key + "'");
  lex.expect("=");
  pot.moments.moments_count = lex.integer("alpha_moments_count");
  if (pot.moments.moments_count < 1 || pot.moments.moments_count > limits::kMaxMoments)
    lex.fail("alpha_moments_count must be between 1 and " + std::to_string(limits::kMaxMoments) + ", got " +
             std::to_string(pot.moments.moments_count));
  const long moments_line = lex.line();
  lex.expect_key("alpha_index_basic_count");
  const int basic_count = lex.integer("alpha_index_basic_count");
  lex.expect_key("alpha_index_basic");
  pot.moments.basic = read_quads(lex, basic_count, "alpha_index_basic");
  int max_mu = -1;
  for (const auto& q : pot.moments.basic) max_mu = std::max(max_mu, q[0]);
  if (max_mu != K - 1)
    lex.fail("alpha_index_basic uses " + std::to_string(max_mu + 1) + " radial functions, radial_funcs_count is " +
             std::to_string(K));
  lex.expect_key("alpha_index_times_count");
  const int times_count = lex.integer("alpha_index_times_count");
  lex.expect_key("alpha_index_times");
  pot.moments.times = read_quads(lex, times_count, "alpha_index_times");
  // Every moment is a basic one or the product an alpha_index_times entry makes, so the tables the file holds
  // bound the count (the evaluator allocates per moment).
  if (std::size_t(pot.moments.moments_count) > pot.moments.basic.size() + pot.moments.times.size())
    throw Error(name, moments_line,
                "alpha_moments_count " + std::to_string(pot.moments.moments_count) + " is more than the " +
                    std::to_string(pot.moments.basic.size()) + " basic moments and " +
                    std::to_string(pot.moments.times.size()) + " products the file defines");
  lex.expect_key("alpha_scalar_moments");
  const int scalar_count = lex.integer("alpha_scalar_moments");
  if (scalar_count < 0) lex.fail("alpha_scalar_moments must not be negative");
  lex.expect_key("alpha_moment_mapping");
  {
    lex.expect("{");
    for (int k = 0; k < scalar_count; ++k) {
      if (k > 0) lex.expect(",");
      pot.moments.scalar_moments.push_back(lex.integer("alpha_moment_mapping"));
    }
    lex.expect("}");
  }

  bool have_linear = false;
  std::vector<std::string> linear_texts;
  if (lex.peek() == "species_coeffs") {
    lex.next();
    lex.expect("=");
    read_number_list(lex, std::size_t(pot.species_count), "species_coeffs", pot.species_coeffs, &linear_texts);
    lex.expect_key("moment_coeffs");
    read_number_list(lex, std::size_t(scalar_count), "moment_coeffs", pot.moment_coeffs, &linear_texts);
    have_linear = true;
  }

  // Half a trained potential is not an untrained one: evaluating it with default linear coefficients would give
  // numbers from a potential nobody trained.
  if (have_radial != have_linear)
    lex.fail(std::string("the potential has ") +
             (have_radial ? "radial_coeffs but no species_coeffs and moment_coeffs"
                          : "species_coeffs and moment_coeffs but no radial_coeffs") +
             ": a trained potential needs all of them (an untrained template has none)");
  Potential defaults = pot;
  defaults.set_untrained_defaults();
  if (!have_radial) pot.radial_coeffs = defaults.radial_coeffs;
  if (!have_linear) {
    pot.species_coeffs = defaults.species_coeffs;
    pot.moment_coeffs = defaults.moment_coeffs;
  }
  pot.trained = have_radial && have_linear;
  try {
    pot.validate();
  } catch (const Error& e) {
    lex.fail(e.message());
  }

  if (layout) {
    layout->values = head_values;
    layout->texts = head_texts;
    const std::vector<double> theta = pot.parameters();
    layout->values.insert(layout->values.end(), theta.begin(), theta.end());
    layout->texts.resize(3 + theta.size());
    const std::size_t nr = pot.radial_parameter_count();
    if (have_radial)
      for (std::size_t p = 0; p < nr; ++p) layout->texts[3 + p] = radial_texts[p];
    if (have_linear)
      for (std::size_t p = 0; p < linear_texts.size(); ++p) layout->texts[3 + nr + p] = linear_texts[p];
    lex.at_end();
    layout->final_newline = lex.ended_with_newline();
    layout->without_coefficients = !have_radial && !have_linear;
  }
  return pot;
}

Potential read_potential(std::istream& in, const std::string& name) { return read_potential(in, name, nullptr); }

Potential load_potential(const std::string& path, MtpFileLayout* layout) {
  refuse_directory(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path, 0, "cannot open the potential file");
  return read_potential(in, path, layout);
}

Potential load_potential(const std::string& path) { return load_potential(path, nullptr); }

void write_potential(std::ostream& out, const Potential& pot, const MtpFileLayout* layout) {
  pot.validate();
  // A number as the file spelled it when its value has not changed, else MLIP-2's %.15e.
  auto number = [&](std::size_t role, double v) {
    if (layout && role < layout->texts.size() && !layout->texts[role].empty() &&
        std::memcmp(&layout->values[role], &v, sizeof v) == 0)
      out << layout->texts[role];
    else
      format_number(out, v);
  };
  out << "MTP\nversion = 1.1.0\n";
  out << "potential_name = " << pot.name << "\n";
  if (pot.scaling != 1.0) {
    out << "scaling = ";
    number(0, pot.scaling);
    out << "\n";
  }
  out << "species_count = " << pot.species_count << "\n";
  // The tag line as read while it still says what the potential holds (names may have been given since).
  bool tag_as_read = false;
  if (layout && layout->has_tag_line) {
    std::string tag;
    std::vector<std::string> names;
    try {
      split_tag(layout->tag_line.substr(std::string("potential_tag").size()), tag, names);
      tag_as_read = tag == pot.tag && names == pot.species_names;
    } catch (const Error&) {
    }
  }
  if (tag_as_read)
    out << layout->tag_line << "\n";
  else
    out << "potential_tag = " << tag_text(pot) << "\n";
  out << "radial_basis_type = " << pot.radial.type << "\n";
  out << "\tmin_dist = ";
  number(1, pot.radial.min_dist);
  out << "\n\tmax_dist = ";
  number(2, pot.radial.max_dist);
  out << "\n\tradial_basis_size = " << pot.radial.size << "\n";
  if (pot.is_magnetic()) {
    out << "magnetic_basis_type = " << pot.magnetic.type << "\n";
    if (pot.magnetic.scaling != 1.0) {
      out << "\tscaling = ";
      format_number(out, pot.magnetic.scaling);
      out << "\n";
    }
    out << "\tmin_val = ";
    format_number(out, pot.magnetic.min_val);
    out << "\n\tmax_val = ";
    format_number(out, pot.magnetic.max_val);
    out << "\n\tbasis_size = " << pot.magnetic.size << "\n";
  }
  out << "\tradial_funcs_count = " << pot.radial_funcs_count << "\n";
  const bool coefficients = !(layout && layout->without_coefficients);
  if (coefficients) out << "\tradial_coeffs\n";
  const int C = pot.species_count, K = pot.radial_funcs_count, R = pot.pair_basis_size();
  std::size_t p = 0;
  for (int i = 0; i < (coefficients ? C : 0); ++i)
    for (int j = 0; j < C; ++j) {
      out << "\t\t" << i << "-" << j << "\n";
      for (int mu = 0; mu < K; ++mu) {
        out << "\t\t\t{";
        for (int xi = 0; xi < R; ++xi, ++p) {
          if (xi > 0) out << ", ";
          number(3 + p, pot.radial_coeffs[p]);
        }
        out << "}\n";
      }
    }
  auto quads = [&](const std::vector<std::array<int, 4>>& list) {
    out << "{";
    for (std::size_t k = 0; k < list.size(); ++k) {
      if (k > 0) out << ", ";
      out << "{" << list[k][0] << ", " << list[k][1] << ", " << list[k][2] << ", " << list[k][3] << "}";
    }
    out << "}\n";
  };
  out << "alpha_moments_count = " << pot.moments.moments_count << "\n";
  out << "alpha_index_basic_count = " << pot.moments.basic.size() << "\n";
  out << "alpha_index_basic = ";
  quads(pot.moments.basic);
  out << "alpha_index_times_count = " << pot.moments.times.size() << "\n";
  out << "alpha_index_times = ";
  quads(pot.moments.times);
  out << "alpha_scalar_moments = " << pot.moments.scalar_moments.size() << "\n";
  out << "alpha_moment_mapping = {";
  for (std::size_t k = 0; k < pot.moments.scalar_moments.size(); ++k) {
    if (k > 0) out << ", ";
    out << pot.moments.scalar_moments[k];
  }
  out << "}";
  if (coefficients) {
    out << "\nspecies_coeffs = {";
    for (int k = 0; k < C; ++k, ++p) {
      if (k > 0) out << ", ";
      number(3 + p, pot.species_coeffs[std::size_t(k)]);
    }
    out << "}\nmoment_coeffs = {";
    for (std::size_t k = 0; k < pot.moment_coeffs.size(); ++k, ++p) {
      if (k > 0) out << ", ";
      number(3 + p, pot.moment_coeffs[k]);
    }
    out << "}";
  }
  if (layout && layout->final_newline) out << "\n";
}

void write_potential(std::ostream& out, const Potential& pot) { write_potential(out, pot, nullptr); }

void save_potential(const std::string& path, const Potential& pot, const MtpFileLayout* layout) {
  AtomicOutputFile file(path);
  write_potential(file.stream(), pot, layout);
  if (!file.stream()) throw Error(path, 0, "write failed");
  file.commit();
}

void save_potential(const std::string& path, const Potential& pot) { save_potential(path, pot, nullptr); }

}  // namespace mtp::io
