#pragma once
#include <fstream>
#include <string>

namespace mtp::io {

// An output file that appears at its final path only when complete: written to a temporary file beside
// it and renamed on commit(). Destroyed without commit(), the temporary file is removed, so a failed
// command leaves no half-written output. With `append`, the existing contents are copied first so the
// original stays intact until the commit.
class AtomicOutputFile {
 public:
  explicit AtomicOutputFile(const std::string& path, bool append = false, bool binary = false);
  ~AtomicOutputFile();
  AtomicOutputFile(const AtomicOutputFile&) = delete;
  AtomicOutputFile& operator=(const AtomicOutputFile&) = delete;

  std::ostream& stream() { return out_; }
  const std::string& path() const { return path_; }
  void commit();

 private:
  std::string path_;
  std::string temp_path_;
  std::ofstream out_;
  bool committed_ = false;
};

}  // namespace mtp::io
