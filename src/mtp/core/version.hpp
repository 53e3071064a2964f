#pragma once
#include <string>

namespace mtp {

// "0.1.0 (git v0.1.0-12-gabcdef0-dirty)": the CMake project version and, when the library was built from a git
// checkout, `git describe` of it at build time (cmake/write_version.cmake writes the definition).
std::string version_text();

}  // namespace mtp
