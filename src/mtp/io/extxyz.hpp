#pragma once
#include <memory>
#include <string>

#include "mtp/io/configuration_stream.hpp"

namespace mtp::io {

// Extended XYZ as ASE writes it. Species: the `species` (or `Z`) column; element symbols map to types by
// order of first appearance unless the configuration carries a `type_order` feature; plain integers are
// taken as types. ASE's stress (-virial/volume, eV/A^3) is converted to PlusStress and back.
std::unique_ptr<ConfigurationReader> make_extxyz_reader(const std::string& path);
std::unique_ptr<ConfigurationWriter> make_extxyz_writer(const std::string& path, bool append);

}  // namespace mtp::io
