#pragma once
#include <string>

namespace mtp::io {

// Throws mtp::Error naming `path` when it is a directory. An std::ifstream opens a directory without complaint
// on Linux and then reads nothing, so without this check a directory given as input reads as an empty file and
// a command succeeds on no data. Paths that do not exist are left to the caller's own "cannot open" message.
void refuse_directory(const std::string& path);

}  // namespace mtp::io
