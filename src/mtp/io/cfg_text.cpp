// Placeholder until the .cfg text reader lands (issue 2); replaced wholesale by its implementation.
#include "mtp/io/cfg_text.hpp"

#include "mtp/core/error.hpp"

namespace mtp::io {
void write_cfg_text(std::ostream&, const Configuration&, CfgTextStyle) { throw Error("cfg text: not built yet"); }
std::unique_ptr<ConfigurationReader> make_cfg_reader(const std::string&) { throw Error("cfg text: not built yet"); }
std::unique_ptr<ConfigurationReader> make_cfg_text_reader(std::istream&, const std::string&) {
  throw Error("cfg text: not built yet");
}
std::unique_ptr<ConfigurationWriter> make_cfg_text_writer(const std::string&, bool, CfgTextStyle) {
  throw Error("cfg text: not built yet");
}
}  // namespace mtp::io
