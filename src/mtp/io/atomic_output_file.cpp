#include "mtp/io/atomic_output_file.hpp"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mtp/core/error.hpp"

namespace mtp::io {
namespace {

std::string unique_temp_name(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  return path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
}

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

bool write_all(int fd, const char* data, std::size_t n) {
  while (n > 0) {
    const ssize_t k = ::write(fd, data, n);
    if (k < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += k;
    n -= std::size_t(k);
  }
  return true;
}

// Copies the file at `path` (when there is one) to the end of `fd`.
void copy_existing(const std::string& path, int fd) {
  const int in = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) {
    if (errno == ENOENT) return;
    throw Error(path, 0, std::string("cannot read for appending: ") + std::strerror(errno));
  }
  std::vector<char> buf(1 << 16);
  for (;;) {
    const ssize_t k = ::read(in, buf.data(), buf.size());
    if (k < 0 && errno == EINTR) continue;
    if (k < 0 || (k > 0 && !write_all(fd, buf.data(), std::size_t(k)))) {
      const int e = errno;
      ::close(in);
      throw Error(path, 0, std::string("cannot copy for appending: ") + std::strerror(e));
    }
    if (k == 0) break;
  }
  ::close(in);
}

// Gives the unnamed file open as `fd` the name `target`, which must not exist.
bool link_unnamed(int fd, const std::string& target) {
  const std::string proc = "/proc/self/fd/" + std::to_string(fd);
  if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, target.c_str(), AT_SYMLINK_FOLLOW) == 0) return true;
  if (errno == EEXIST) return false;
  return ::linkat(fd, "", AT_FDCWD, target.c_str(), AT_EMPTY_PATH) == 0;  // without /proc (needs privilege)
}

}  // namespace

AtomicOutputFile::FdBuffer::FdBuffer() : buf_(1 << 16) { setp(buf_.data(), buf_.data() + buf_.size()); }

bool AtomicOutputFile::FdBuffer::flush_all() {
  const std::size_t n = std::size_t(pptr() - pbase());
  const bool ok = fd_ >= 0 && write_all(fd_, pbase(), n);
  setp(buf_.data(), buf_.data() + buf_.size());
  return ok;
}

AtomicOutputFile::FdBuffer::int_type AtomicOutputFile::FdBuffer::overflow(int_type c) {
  if (!flush_all()) return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

int AtomicOutputFile::FdBuffer::sync() { return flush_all() ? 0 : -1; }

AtomicOutputFile::AtomicOutputFile(const std::string& path, bool append, bool /*binary: no text mode on POSIX*/)
    : path_(path), out_(&buffer_) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) throw Error(path, 0, "is a directory: cannot write a file there");
  // The unnamed file is linked into place through /proc (linkat with AT_EMPTY_PATH needs a privilege), so it is
  // used only where /proc is there to do it.
  if (::access("/proc/self/fd", X_OK) == 0)
    fd_ = ::open(directory_of(path).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
  if (fd_ < 0) {
    // No O_TMPFILE here (an old kernel or a filesystem without it): a named temporary file, removed unless committed.
    temp_path_ = unique_temp_name(path);
    fd_ = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ < 0) throw Error(path, 0, std::string("cannot open for writing: ") + std::strerror(errno));
  }
  try {
    if (append) copy_existing(path, fd_);
  } catch (...) {
    ::close(fd_);
    if (!temp_path_.empty()) std::remove(temp_path_.c_str());
    throw;
  }
  buffer_.attach(fd_);
}

AtomicOutputFile::~AtomicOutputFile() {
  if (!committed_) {
    if (fd_ >= 0) ::close(fd_);  // an unnamed file disappears with its descriptor
    if (!temp_path_.empty()) std::remove(temp_path_.c_str());
  }
}

void AtomicOutputFile::commit() {
  if (committed_) return;
  out_.flush();
  const bool written = bool(out_) && buffer_.flush_all();
  auto fail = [&](const std::string& what) {
    ::close(fd_);
    fd_ = -1;
    if (!temp_path_.empty()) std::remove(temp_path_.c_str());
    temp_path_.clear();
    throw Error(path_, 0, what);
  };
  if (!written) fail(std::string("write failed: ") + std::strerror(errno));
  if (temp_path_.empty()) {
    // Linked straight to the output when there is none yet; otherwise under a temporary name, then renamed
    // over it (rename replaces atomically, link does not replace).
    if (!link_unnamed(fd_, path_)) {
      const std::string temp = unique_temp_name(path_);
      if (!link_unnamed(fd_, temp)) fail(std::string("cannot link the finished output into place: ") + std::strerror(errno));
      if (std::rename(temp.c_str(), path_.c_str()) != 0) {
        std::remove(temp.c_str());
        fail("cannot rename the finished output into place");
      }
    }
    ::close(fd_);
  } else {
    ::close(fd_);
    if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
      std::remove(temp_path_.c_str());
      throw Error(path_, 0, "cannot rename the finished output into place");
    }
  }
  fd_ = -1;
  committed_ = true;
}

}  // namespace mtp::io
