// Placeholder until the binary .cfg format lands (issue 2); replaced wholesale by its implementation.
#include "mtp/io/cfg_binary.hpp"

#include "mtp/core/error.hpp"

namespace mtp::io {
void write_cfg_binary(std::ostream&, const Configuration&) { throw Error("cfg binary: not built yet"); }
std::unique_ptr<ConfigurationReader> make_cfg_binary_reader(std::istream&, const std::string&) {
  throw Error("cfg binary: not built yet");
}
std::unique_ptr<ConfigurationWriter> make_cfg_binary_writer(const std::string&, bool) {
  throw Error("cfg binary: not built yet");
}
}  // namespace mtp::io
