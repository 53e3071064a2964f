#include "mtp/core/option_table.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <sstream>

#include "mtp/core/error.hpp"

namespace mtp {
namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

bool parse_flag(const std::string& value, bool& out) {
  std::string s = value;
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  if (s == "true" || s == "1" || s == "yes" || s == "on") return out = true, true;
  if (s == "false" || s == "0" || s == "no" || s == "off") return out = false, true;
  return false;
}

bool parse_integer(const std::string& value, long& out) {
  if (value.empty()) return false;
  char* end = nullptr;
  errno = 0;
  out = std::strtol(value.c_str(), &end, 10);
  return *end == '\0' && errno != ERANGE;
}

bool parse_number(const std::string& value, double& out) {
  if (value.empty()) return false;
  char* end = nullptr;
  errno = 0;
  out = std::strtod(value.c_str(), &end);
  return *end == '\0' && errno != ERANGE && std::isfinite(out);
}

std::string range_text(const OptionSpec& s) {
  std::ostringstream o;
  const bool low = std::isfinite(s.lowest), high = std::isfinite(s.highest);
  if (low && high) o << s.lowest << " to " << s.highest;
  else if (low) o << ">= " << s.lowest;
  else if (high) o << "<= " << s.highest;
  return o.str();
}

std::string joined(const std::vector<std::string>& words, const std::string& separator) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : separator) + w;
  return out;
}

}  // namespace

OptionSpec::OptionSpec(std::string name_, OptionType type_, std::string default_value_, std::string help_)
    : name(normalise_option_name(name_)), type(type_), default_value(std::move(default_value_)), help(std::move(help_)) {}

OptionSpec& OptionSpec::mlip2(std::string spelling) { mlip2_spelling = std::move(spelling); return *this; }
OptionSpec& OptionSpec::mlip3(std::string spelling) { mlip3_spelling = std::move(spelling); return *this; }
OptionSpec& OptionSpec::alias(std::string spelling) { aliases.push_back(std::move(spelling)); return *this; }
OptionSpec& OptionSpec::at_least(double value) { lowest = value; return *this; }
OptionSpec& OptionSpec::at_most(double value) { highest = value; return *this; }
OptionSpec& OptionSpec::choices(std::vector<std::string> words) { accepted = std::move(words); return *this; }
OptionSpec& OptionSpec::only_in(unsigned front_ends) { scope = front_ends; return *this; }

std::vector<std::string> OptionSpec::spellings() const {
  std::vector<std::string> out{name};
  for (const std::string* s : {&mlip2_spelling, &mlip3_spelling})
    if (!s->empty()) out.push_back(*s);
  out.insert(out.end(), aliases.begin(), aliases.end());
  return out;
}

std::string normalise_option_name(const std::string& spelling) {
  std::string s = spelling;
  std::replace(s.begin(), s.end(), '_', '-');
  return s;
}

std::string option_source_name(OptionSource source) {
  switch (source) {
    case OptionSource::Default: return "default";
    case OptionSource::SettingsFile: return "settings file";
    case OptionSource::CommandLine: return "command line";
    case OptionSource::Python: return "Python";
    case OptionSource::Program: return "program";
  }
  return "default";
}

std::string option_name_as_written(const std::string& name, OptionSource source) {
  if (source == OptionSource::CommandLine || source == OptionSource::Default) return "--" + normalise_option_name(name);
  std::string s = name;
  std::replace(s.begin(), s.end(), '-', '_');
  return s;
}

OptionTable::OptionTable(std::string command, std::vector<OptionSpec> options)
    : command_(std::move(command)), options_(std::move(options)) {
  std::set<std::string> seen;
  for (const OptionSpec& o : options_) {
    std::set<std::string> own;  // one option may list the same word as its name and MLIP-2's spelling
    for (const std::string& s : o.spellings()) own.insert(normalise_option_name(s));
    for (const std::string& s : own)
      if (!seen.insert(s).second) throw Error("option table of " + command_ + ": --" + s + " is spelled twice");
    if (o.type == OptionType::Choice && o.accepted.empty())
      throw Error("option table of " + command_ + ": --" + o.name + " has no choices");
    if (!o.default_value.empty()) check_option_value(o, o.default_value, OptionSource::Default);
  }
}

const OptionSpec* OptionTable::find(const std::string& spelling) const {
  const std::string key = normalise_option_name(spelling);
  for (const OptionSpec& o : options_)
    for (const std::string& s : o.spellings())
      if (normalise_option_name(s) == key) return &o;
  return nullptr;
}

const OptionSpec& OptionTable::at(const std::string& name) const {
  if (const OptionSpec* o = find(name)) return *o;
  throw Error("option table of " + command_ + " has no option --" + name);
}

std::string OptionTable::nearest(const std::string& spelling) const {
  const std::string key = normalise_option_name(spelling);
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(1, std::min<std::size_t>(3, key.size() / 3)) + 1;
  for (const OptionSpec& o : options_)
    for (const std::string& s : o.spellings()) {
      const std::string known = normalise_option_name(s);
      std::size_t d = edit_distance(key, known);
      // "--iteration" for "--iteration_limit", "--max-iterations" for "--max-iter": one contains the other.
      const bool contains = std::min(key.size(), known.size()) >= 4 &&
                            (known.find(key) != std::string::npos || key.find(known) != std::string::npos);
      if (contains) d = std::min<std::size_t>(d, 1);
      if (d < best_distance) best_distance = d, best = s;
    }
  return best;
}

std::string OptionTable::help() const {
  std::ostringstream out;
  for (const OptionSpec& o : options_) {
    std::string head = "  --" + o.name;
    if (o.type == OptionType::Flag) {
      if (!o.default_value.empty() && o.default_value != "false") head += "=" + o.default_value;
    } else if (!o.default_value.empty()) {
      head += "=" + o.default_value;
    } else {
      head += o.type == OptionType::Integer  ? "=N"
              : o.type == OptionType::Number ? "=X"
              : o.type == OptionType::Choice ? "=" + joined(o.accepted, "|")
                                             : "=TEXT";
    }
    std::vector<std::string> notes;
    if (o.type == OptionType::Choice) notes.push_back("one of " + joined(o.accepted, ", "));
    if (const std::string r = range_text(o); !r.empty()) notes.push_back(r);
    if (o.type == OptionType::Flag) notes.push_back("flag");
    std::vector<std::string> spelled;
    if (!o.mlip2_spelling.empty() && normalise_option_name(o.mlip2_spelling) != o.name)
      spelled.push_back("MLIP-2: --" + o.mlip2_spelling);
    if (!o.mlip3_spelling.empty())
      spelled.push_back("MLIP-3: --" + o.mlip3_spelling);
    if (o.mlip2_spelling.empty() && o.mlip3_spelling.empty()) spelled.push_back("OpenMTP only");
    for (const std::string& a : o.aliases) spelled.push_back("also --" + a);
    if (!(o.scope & kPythonScope)) spelled.push_back("not a Python keyword");
    if (!(o.scope & kSettingsFileScope)) spelled.push_back("command line only");
    else if (!(o.scope & kCommandLineScope)) spelled.push_back("settings file only");
    std::string text = o.help;
    if (!notes.empty()) text += " [" + joined(notes, "; ") + "]";
    if (!spelled.empty()) text += " (" + joined(spelled, ", ") + ")";
    const std::size_t column = 32;
    out << head;
    if (head.size() + 1 < column) out << std::string(column - head.size(), ' ');
    else out << "\n" << std::string(column, ' ');
    // Wrap the text at about 110 columns.
    std::istringstream words(text);
    std::size_t width = column;
    bool first = true;
    for (std::string w; words >> w;) {
      if (!first && width + 1 + w.size() > 110) {
        out << "\n" << std::string(column, ' ');
        width = column;
        first = true;
      }
      if (!first) out << ' ', ++width;
      out << w;
      width += w.size();
      first = false;
    }
    out << "\n";
  }
  return out.str();
}

std::string shortest_number_text(double v) {
  char buf[32];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

void check_option_value(const OptionSpec& spec, const std::string& value, OptionSource source,
                        const std::string& written) {
  const std::string name = written.empty() ? option_name_as_written(spec.name, source) : written;
  switch (spec.type) {
    case OptionType::Flag: {
      bool b;
      if (!parse_flag(value, b)) throw Error("option " + name + " expects true or false, got '" + value + "'");
      return;
    }
    case OptionType::Integer: {
      long i;
      if (!parse_integer(value, i)) throw Error("option " + name + " expects an integer, got '" + value + "'");
      if (double(i) < spec.lowest || double(i) > spec.highest)
        throw Error("option " + name + " must be " + range_text(spec) + ", got " + value);
      return;
    }
    case OptionType::Number: {
      double d;
      if (!parse_number(value, d)) throw Error("option " + name + " expects a finite number, got '" + value + "'");
      if (d < spec.lowest || d > spec.highest)
        throw Error("option " + name + " must be " + range_text(spec) + ", got " + value);
      return;
    }
    case OptionType::Choice:
      if (std::find(spec.accepted.begin(), spec.accepted.end(), value) == spec.accepted.end())
        throw Error("option " + name + " must be one of " + joined(spec.accepted, ", ") + ", got '" + value + "'");
      return;
    case OptionType::Text:
      return;
  }
}

OptionValues::OptionValues(const OptionTable& table) : table_(&table) {
  for (const OptionSpec& o : table.options()) values_[o.name] = Value{o.default_value, OptionSource::Default};
}

void OptionValues::set(const std::string& spelling, const std::string& value, OptionSource source) {
  const OptionSpec* spec = table_->find(spelling);
  // As the user wrote it: "--al_mode" stays "--al_mode" in the message.
  const std::string written = (source == OptionSource::CommandLine ? "--" : "") + spelling;
  if (!spec) {
    const char* what = source == OptionSource::SettingsFile ? "key"
                       : source == OptionSource::Python     ? "keyword argument"
                                                             : "option";
    std::string message = std::string("unknown ") + what + " " + written;
    if (const std::string near = table_->nearest(spelling); !near.empty())
      message += "; did you mean " +
                 (source == OptionSource::CommandLine ? "--" + near : option_name_as_written(near, source)) + "?";
    throw Error(message + " (`mlp help " + table_->command() + "` lists the options)");
  }
  const unsigned front_end = source == OptionSource::CommandLine   ? unsigned(kCommandLineScope)
                             : source == OptionSource::Python       ? unsigned(kPythonScope)
                             : source == OptionSource::SettingsFile ? unsigned(kSettingsFileScope)
                                                                    : unsigned(kEveryFrontEnd);
  if (!(spec->scope & front_end))
    throw Error("option " + written + " cannot be given in the " + option_source_name(source) +
                (source == OptionSource::Python ? " (see help(openmtp." + table_->command() + "))" : ""));
  check_option_value(*spec, value, source, source == OptionSource::CommandLine ? written : std::string());
  values_[spec->name] = Value{value, source};
}

bool OptionValues::given(const std::string& name) const { return source(name) != OptionSource::Default; }

OptionSource OptionValues::source(const std::string& name) const {
  return values_.at(table_->at(name).name).source;
}

const std::string& OptionValues::text(const std::string& name) const { return values_.at(table_->at(name).name).text; }

double OptionValues::number(const std::string& name) const {
  double d = 0.0;
  const std::string& t = text(name);
  if (!parse_number(t, d)) throw Error("option --" + name + " has no numeric value");
  return d;
}

long OptionValues::integer(const std::string& name) const {
  long i = 0;
  const std::string& t = text(name);
  if (!parse_integer(t, i)) throw Error("option --" + name + " has no integer value");
  return i;
}

bool OptionValues::flag(const std::string& name) const {
  bool b = false;
  const std::string& t = text(name);
  return !t.empty() && parse_flag(t, b) && b;
}

std::string OptionValues::describe() const {
  std::ostringstream out;
  for (const OptionSpec& o : table_->options()) {
    const Value& v = values_.at(o.name);
    if (v.text.empty() && v.source == OptionSource::Default) continue;
    out << "  " << option_name_as_written(o.name, OptionSource::SettingsFile) << " = " << v.text << "  ("
        << option_source_name(v.source) << ")\n";
  }
  return out.str();
}

}  // namespace mtp
