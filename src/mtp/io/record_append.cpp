#include "mtp/io/record_append.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mtp/core/error.hpp"

namespace mtp::io {

void append_record(const std::string& path, std::string_view record) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) throw Error(path, 0, std::string("cannot open for appending: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw Error(path, 0, "cannot append: not a regular file");
  }
  const off_t before = st.st_size;
  const char* data = record.data();
  std::size_t left = record.size();
  int error = 0;
  while (left > 0) {
    const ssize_t k = ::write(fd, data, left);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) {
      error = k < 0 ? errno : ENOSPC;
      break;
    }
    data += k;
    left -= std::size_t(k);
  }
  if (left > 0) {
    // Take back what this call wrote. Appends from another process at the same time are not expected here
    // (one run owns its output).
    const int ignored = ::ftruncate(fd, before);
    (void)ignored;
    ::close(fd);
    throw Error(path, 0, std::string("cannot append a record: ") + std::strerror(error) +
                             " (the file is left as it was)");
  }
  if (::close(fd) != 0) throw Error(path, 0, std::string("cannot append a record: ") + std::strerror(errno));
}

}  // namespace mtp::io
