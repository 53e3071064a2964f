#pragma once
#include <iosfwd>
#include <memory>
#include <string>

#include "mtp/io/configuration_stream.hpp"

namespace mtp::io {

// VASP POSCAR in (VASP 4 and 5 layouts, Direct or Cartesian, selective dynamics ignored) and out
// (MLIP-2's layout). One configuration per file.
std::unique_ptr<ConfigurationReader> make_vasp_poscar_reader(const std::string& path);
void write_vasp_poscar(std::ostream& out, const Configuration& cfg);
std::unique_ptr<ConfigurationWriter> make_vasp_poscar_writer(const std::string& path);

}  // namespace mtp::io
