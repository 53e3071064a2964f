#include "mtp/io/bundled_script.hpp"

#include <filesystem>

namespace mtp::io {

namespace fs = std::filesystem;

std::string find_bundled_script(const std::string& relative) {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  const fs::path installed = fs::path("share/openmtp") / fs::path(relative).filename();
  for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.parent_path(); dir = dir.parent_path()) {
    if (fs::exists(dir / relative, ec)) return (dir / relative).string();
    if (fs::exists(dir / installed, ec)) return (dir / installed).string();
  }
  return "";
}

}  // namespace mtp::io
