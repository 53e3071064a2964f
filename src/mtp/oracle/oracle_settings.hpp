#pragma once
#include <string>
#include <vector>

#include "mtp/oracle/oracle.hpp"

namespace mtp::oracle {

// Reads the keys of one oracle kind from OracleSettings: rejects keys the kind does not know (a misspelt
// key would otherwise be silently ignored), gives defaults, and names the kind and key in every error.
// "kind" is accepted by every kind (the [oracle] table names the kind beside its keys).
class SettingsReader {
 public:
  SettingsReader(std::string kind, const OracleSettings& settings, const std::vector<std::string>& known_keys);

  bool has(const std::string& key) const;
  std::string text(const std::string& key, const std::string& fallback) const;
  std::string required(const std::string& key) const;
  double number(const std::string& key, double fallback) const;           // finite
  double positive(const std::string& key, double fallback) const;         // > 0
  int count(const std::string& key, int fallback) const;                  // integer >= 1
  // The "species" key: element symbols by type index, comma- or space-separated ("Al, Si").
  std::vector<std::string> species() const;
  [[noreturn]] void fail(const std::string& key, const std::string& what) const;

 private:
  std::string kind_;
  const OracleSettings& settings_;
};

// The shortest %g text that reads back as `v` (core shortest_number_text): exact input files that stay readable.
std::string number_text(double v);

// Items of a list value separated by commas and/or white space.
std::vector<std::string> split_list(const std::string& value);
// Commands of a multi-command value separated by ';' or new lines, trimmed, empty ones dropped.
std::vector<std::string> split_commands(const std::string& value);

}  // namespace mtp::oracle
