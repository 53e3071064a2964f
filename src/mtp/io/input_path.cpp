#include "mtp/io/input_path.hpp"

#include <sys/stat.h>

#include "mtp/core/error.hpp"

namespace mtp::io {

void refuse_directory(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    throw Error(path, 0, "is a directory, not a file (expected a file to read)");
}

}  // namespace mtp::io
