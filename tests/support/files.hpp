#pragma once
// Files as the tests see them: a file's bytes, the configurations of a file or reader.
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/io/cfg_text.hpp"

namespace mtp::test {

// The file's bytes; empty when it cannot be opened.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every configuration a reader gives.
inline std::vector<Configuration> read_configurations(std::unique_ptr<io::ConfigurationReader> reader) {
  std::vector<Configuration> out;
  Configuration cfg;
  while (reader->next(cfg)) out.push_back(cfg);
  return out;
}

// Every configuration of a .cfg file (text or binary).
inline std::vector<Configuration> read_cfg_file(const std::string& path) {
  return read_configurations(io::make_cfg_reader(path));
}
}  // namespace mtp::test
