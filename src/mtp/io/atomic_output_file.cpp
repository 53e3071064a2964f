#include "mtp/io/atomic_output_file.hpp"

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <unistd.h>

#include "mtp/core/error.hpp"

namespace mtp::io {
namespace {
std::string unique_temp_name(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  return path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
}
}  // namespace

AtomicOutputFile::AtomicOutputFile(const std::string& path, bool append, bool binary)
    : path_(path), temp_path_(unique_temp_name(path)) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (append && fs::exists(path, ec)) {
    fs::copy_file(path, temp_path_, fs::copy_options::overwrite_existing, ec);
    if (ec) throw Error(path, 0, "cannot copy for appending: " + ec.message());
  }
  auto mode = std::ios::out | (append ? std::ios::app : std::ios::trunc);
  if (binary) mode |= std::ios::binary;
  out_.open(temp_path_, mode);
  if (!out_) throw Error(path, 0, "cannot open for writing");
}

AtomicOutputFile::~AtomicOutputFile() {
  if (!committed_) {
    out_.close();
    std::remove(temp_path_.c_str());
  }
}

void AtomicOutputFile::commit() {
  if (committed_) return;
  out_.flush();
  if (!out_) throw Error(path_, 0, "write failed");
  out_.close();
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    std::remove(temp_path_.c_str());
    throw Error(path_, 0, "cannot rename the finished output into place");
  }
  committed_ = true;
}

}  // namespace mtp::io
