#pragma once
#include <iosfwd>
#include <memory>
#include <string>

#include "mtp/io/configuration_stream.hpp"

namespace mtp::io {

// How a text .cfg is written. Fixed: MLIP-2's default layout byte for byte (%13.6f positions, ...).
// Lossless: 17 significant digits, so values read back bit-identical (used inside state files).
enum class CfgTextStyle { Fixed, Lossless };

// Writes one configuration as a text .cfg block (BEGIN_CFG ... END_CFG and a blank line).
void write_cfg_text(std::ostream& out, const Configuration& cfg, CfgTextStyle style = CfgTextStyle::Fixed);

// Reads .cfg files, text or binary (detected from the first non-blank byte, as MLIP-2 does).
// `name` is used in error messages.
std::unique_ptr<ConfigurationReader> make_cfg_reader(const std::string& path);
std::unique_ptr<ConfigurationReader> make_cfg_text_reader(std::istream& in, const std::string& name);
std::unique_ptr<ConfigurationWriter> make_cfg_text_writer(const std::string& path, bool append,
                                                          CfgTextStyle style = CfgTextStyle::Fixed);

}  // namespace mtp::io
