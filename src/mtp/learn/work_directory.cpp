#include "mtp/learn/work_directory.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "mtp/core/error.hpp"
#include "mtp/io/atomic_output_file.hpp"
#include "mtp/io/cfg_text.hpp"

namespace mtp::learn {

namespace fs = std::filesystem;

WorkDirectory::WorkDirectory(std::string root) : root_(std::move(root)) { fs::create_directories(root_); }

std::string WorkDirectory::iteration(int i) const {
  char name[32];
  std::snprintf(name, sizeof name, "iter_%03d", i);
  return root_ + "/" + name;
}

namespace {
// A bare file name ("out.cfg") has no parent to create; create_directories("") would throw.
void create_parent_directories(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent);
}
}  // namespace

void save_configurations(const std::string& path, const std::vector<Configuration>& cfgs) {
  create_parent_directories(path);
  io::AtomicOutputFile out(path);
  for (const Configuration& c : cfgs) io::write_cfg_text(out.stream(), c, io::CfgTextStyle::Lossless);
  out.commit();
}

std::vector<Configuration> load_configurations(const std::string& path) {
  std::vector<Configuration> out;
  auto reader = io::make_cfg_reader(path);
  Configuration cfg;
  while (reader->next(cfg)) out.push_back(cfg);
  return out;
}

void save_text(const std::string& path, const std::string& text) {
  create_parent_directories(path);
  io::AtomicOutputFile out(path);
  out.stream() << text;
  out.commit();
}

std::string load_text(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path, 0, "cannot read");
  std::ostringstream o;
  o << in.rdbuf();
  return o.str();
}

bool exists(const std::string& path) { return fs::exists(path); }

}  // namespace mtp::learn
