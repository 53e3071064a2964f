#pragma once
#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

namespace mtp::io {

// An output file that appears at its final path only when complete. It is written to an unnamed temporary
// file in the same directory (O_TMPFILE) and linked into place on commit(), so a run killed at any moment,
// even by SIGKILL, leaves neither a half-written output nor a temporary file behind. Where the filesystem has
// no O_TMPFILE, a named temporary file beside the output is used and removed when the object is destroyed
// without commit(). With `append`, the existing contents are copied first so the original stays intact until
// the commit (io/record_append appends one record without the copy).
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
  // Buffered writes to the file descriptor; a failed write(2) makes the stream bad.
  class FdBuffer : public std::streambuf {
   public:
    FdBuffer();
    void attach(int fd) { fd_ = fd; }
    bool flush_all();

   protected:
    int_type overflow(int_type c) override;
    int sync() override;

   private:
    int fd_ = -1;
    std::vector<char> buf_;
  };

  std::string path_;
  std::string temp_path_;  // empty when the temporary file is unnamed (O_TMPFILE)
  int fd_ = -1;
  FdBuffer buffer_;
  std::ostream out_;
  bool committed_ = false;
};

}  // namespace mtp::io
