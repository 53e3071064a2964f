#include "mtp/oracle/oracle_settings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "mtp/core/error.hpp"
#include "mtp/core/option_table.hpp"
#include "mtp/io/elements.hpp"

namespace mtp::oracle {
namespace {

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

}  // namespace

SettingsReader::SettingsReader(std::string kind, const OracleSettings& settings,
                               const std::vector<std::string>& known_keys)
    : kind_(std::move(kind)), settings_(settings) {
  for (const auto& [key, value] : settings) {
    if (key == "kind" || std::find(known_keys.begin(), known_keys.end(), key) != known_keys.end()) continue;
    std::string list;
    for (const auto& k : known_keys) list += (list.empty() ? "" : ", ") + k;
    throw Error("oracle '" + kind_ + "': unknown key '" + key + "' (the keys of this kind are: " + list + ")");
  }
}

bool SettingsReader::has(const std::string& key) const {
  const auto it = settings_.find(key);
  return it != settings_.end() && !trimmed(it->second).empty();
}

std::string SettingsReader::text(const std::string& key, const std::string& fallback) const {
  const auto it = settings_.find(key);
  if (it == settings_.end()) return fallback;
  const std::string value = trimmed(it->second);
  return value.empty() ? fallback : value;
}

std::string SettingsReader::required(const std::string& key) const {
  if (!has(key)) fail(key, "is required");
  return text(key, "");
}

void SettingsReader::fail(const std::string& key, const std::string& what) const {
  throw Error("oracle '" + kind_ + "': key '" + key + "' " + what);
}

double SettingsReader::number(const std::string& key, double fallback) const {
  if (!has(key)) return fallback;
  const std::string value = text(key, "");
  char* end = nullptr;
  const double v = std::strtod(value.c_str(), &end);
  if (end == value.c_str() || *end != '\0' || !std::isfinite(v)) fail(key, "expects a number, got '" + value + "'");
  return v;
}

double SettingsReader::positive(const std::string& key, double fallback) const {
  const double v = number(key, fallback);
  if (!(v > 0)) fail(key, "expects a positive number, got '" + text(key, "") + "'");
  return v;
}

int SettingsReader::count(const std::string& key, int fallback) const {
  if (!has(key)) return fallback;
  const std::string value = text(key, "");
  char* end = nullptr;
  const long v = std::strtol(value.c_str(), &end, 10);
  if (end == value.c_str() || *end != '\0' || v < 1 || v > 1000000)
    fail(key, "expects a positive integer, got '" + value + "'");
  return static_cast<int>(v);
}

std::vector<std::string> SettingsReader::species() const {
  const auto symbols = split_list(required("species"));
  for (const auto& s : symbols)
    if (io::atomic_number(s) == 0) fail("species", "expects element symbols (type 0 first), got '" + s + "'");
  return symbols;
}

std::string number_text(double v) { return shortest_number_text(v); }

std::vector<std::string> split_list(const std::string& value) {
  std::vector<std::string> items;
  std::string item;
  for (char c : value + ",") {
    if (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!item.empty()) items.push_back(item);
      item.clear();
    } else {
      item += c;
    }
  }
  return items;
}

std::vector<std::string> split_commands(const std::string& value) {
  std::vector<std::string> commands;
  std::string command;
  for (char c : value + "\n") {
    if (c == ';' || c == '\n') {
      const std::string t = trimmed(command);
      if (!t.empty()) commands.push_back(t);
      command.clear();
    } else {
      command += c;
    }
  }
  return commands;
}

}  // namespace mtp::oracle
