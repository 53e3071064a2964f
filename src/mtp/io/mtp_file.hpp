#pragma once
#include <iosfwd>
#include <string>

#include "mtp/model/potential.hpp"

namespace mtp::io {

// .mtp files, version 1.1.0, untrained and trained (spec 2.3). Reading an untrained file applies
// Potential::set_untrained_defaults(). Writing reproduces MLIP-2's layout and number format (%.15e), so a
// file read and written again is byte-identical and loads in MLIP-2. An unsupported radial basis type is an
// error naming it.
Potential read_potential(std::istream& in, const std::string& name);
Potential load_potential(const std::string& path);
// Writes the text without a trailing newline after the last line, as MLIP-2 does (state files append to it).
void write_potential(std::ostream& out, const Potential& potential);
void save_potential(const std::string& path, const Potential& potential);  // atomically

}  // namespace mtp::io
