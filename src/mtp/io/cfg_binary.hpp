#pragma once
#include <iosfwd>
#include <memory>
#include <string>

#include "mtp/io/configuration_stream.hpp"

namespace mtp::io {

// MLIP-2's binary .cfg (spec 2.2): tagged little-endian records, one configuration after another.
void write_cfg_binary(std::ostream& out, const Configuration& cfg);
std::unique_ptr<ConfigurationReader> make_cfg_binary_reader(std::istream& in, const std::string& name);
std::unique_ptr<ConfigurationWriter> make_cfg_binary_writer(const std::string& path, bool append);

}  // namespace mtp::io
