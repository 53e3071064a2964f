#include "mtp/io/option_file.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "mtp/core/error.hpp"

namespace mtp::io {
namespace {

// A TOML value as the command line would write it, if its type suits the option.
std::string value_text(const toml::node& node, const OptionSpec& spec, const std::string& path, long line,
                       const std::string& key) {
  switch (spec.type) {
    case OptionType::Flag:
      if (auto b = node.value_exact<bool>()) return *b ? "true" : "false";
      throw Error(path, line, "key " + key + ": expected true or false");
    case OptionType::Integer:
      if (auto i = node.value_exact<int64_t>()) return std::to_string(*i);
      throw Error(path, line, "key " + key + ": expected an integer");
    case OptionType::Number:
      if (auto i = node.value_exact<int64_t>()) return std::to_string(*i);
      if (auto d = node.value_exact<double>()) return shortest_number_text(*d);
      throw Error(path, line, "key " + key + ": expected a number");
    case OptionType::Text:
    case OptionType::Choice:
      if (auto s = node.value_exact<std::string>()) return *s;
      throw Error(path, line, "key " + key + ": expected a string");
  }
  throw Error(path, line, "key " + key + ": unexpected value");
}

// A TOML basic string: quotes, backslashes and control characters escaped.
std::string toml_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(static_cast<unsigned char>(c)));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string toml_text(const OptionSpec& spec, const std::string& value) {
  switch (spec.type) {
    case OptionType::Flag: {
      std::string v = value;
      for (char& c : v) c = char(std::tolower(static_cast<unsigned char>(c)));
      return v == "true" || v == "1" || v == "yes" || v == "on" ? "true" : "false";
    }
    case OptionType::Integer:
      return std::to_string(std::strtol(value.c_str(), nullptr, 10));
    case OptionType::Number:  // %g writes what TOML reads: a digit before any point, no leading '+'
      return shortest_number_text(std::strtod(value.c_str(), nullptr));
    case OptionType::Text:
    case OptionType::Choice:
      return toml_string(value);
  }
  return "\"\"";
}

}  // namespace

void parse_option_text(const std::string& text, const std::string& path, OptionValues& values) {
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw Error(path, long(e.source().begin.line), std::string(e.description()));
  }
  // Lines in file order, so that the first mistake is the one reported.
  std::vector<std::pair<long, std::string>> keys;
  for (const auto& [k, node] : root) keys.emplace_back(long(node.source().begin.line), std::string(k.str()));
  std::sort(keys.begin(), keys.end());
  std::set<std::string> seen;
  for (const auto& [line, key] : keys) {
    const toml::node& node = *root.get(key);
    const OptionSpec* spec = values.table().find(key);
    try {
      if (!spec) {
        values.set(key, "", OptionSource::SettingsFile);  // throws, naming the nearest option
        continue;
      }
      if (!seen.insert(spec->name).second)
        throw Error("key " + key + " sets " + option_name_as_written(spec->name, OptionSource::SettingsFile) +
                    ", which an earlier key set already");
      if (!node.is_value()) throw Error("key " + key + ": expected a single value, not a table or an array");
      values.set(key, value_text(node, *spec, path, line, key), OptionSource::SettingsFile);
    } catch (const Error& e) {
      if (!e.file().empty()) throw;
      throw Error(path, line, e.message());
    }
  }
}

void read_option_file(const std::string& path, OptionValues& values) {
  std::ifstream in(path);
  if (!in) throw Error(path, 0, "cannot open the settings file");
  std::ostringstream text;
  text << in.rdbuf();
  parse_option_text(text.str(), path, values);
}

std::string option_file_text(const OptionValues& values, const std::string& header) {
  std::ostringstream out;
  std::istringstream lines(header);
  for (std::string line; std::getline(lines, line);) out << "# " << line << "\n";
  for (const OptionSpec& spec : values.table().options()) {
    if (!(spec.scope & kSettingsFileScope)) continue;
    const std::string& value = values.text(spec.name);
    if (value.empty() && spec.type != OptionType::Text) continue;  // an option without a value: absent
    if (value.empty() && !values.given(spec.name)) continue;
    out << option_name_as_written(spec.name, OptionSource::SettingsFile) << " = " << toml_text(spec, value) << "\n";
  }
  return out.str();
}

}  // namespace mtp::io
