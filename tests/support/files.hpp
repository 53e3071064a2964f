#pragma once
// Files as the tests see them: a file's bytes, the configurations of a file or reader.
#include <filesystem>
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

// Writes configurations as a lossless text .cfg (values read back bit-identical).
inline void write_cfg_file(const std::string& path, const std::vector<Configuration>& cfgs) {
  auto writer = io::make_cfg_text_writer(path, false, io::CfgTextStyle::Lossless);
  for (const auto& c : cfgs) writer->write(c);
  writer->close();
}

// Files in `dir` whose name contains ".tmp." (io::AtomicOutputFile's temporaries): a failed command leaves none.
inline int temporary_files(const std::string& dir) {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().filename().string().find(".tmp.") != std::string::npos) ++n;
  return n;
}
}  // namespace mtp::test
