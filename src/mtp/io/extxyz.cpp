// Placeholder until the extended XYZ format lands (issue 2); replaced wholesale by its implementation.
#include "mtp/io/extxyz.hpp"

#include "mtp/core/error.hpp"

namespace mtp::io {
std::unique_ptr<ConfigurationReader> make_extxyz_reader(const std::string&) { throw Error("extxyz: not built yet"); }
std::unique_ptr<ConfigurationWriter> make_extxyz_writer(const std::string&, bool) {
  throw Error("extxyz: not built yet");
}
}  // namespace mtp::io
