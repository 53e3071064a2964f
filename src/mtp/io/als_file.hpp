#pragma once
#include <iosfwd>
#include <string>

#include "mtp/active/active_set.hpp"

namespace mtp::io {

// MLIP-2's active-learning state (.als, spec 2.4): the .mtp text, "\n^", the four selection weights
// (site energy, energy, force, stress) as native doubles, "\n#", A (n x n, row-major doubles) and (A^-1)^T
// (row-major), "\n", n lines "row cfg_number", then the configurations owning rows in lossless text, in order
// of first appearance (rows never filled belong to one configuration with no atoms).
//
// Reading takes the potential from the file itself, as MLIP-2 does. `init_value` is the placeholder value a
// later reset of the set would use (MLIP-2 CLI: 1e-5). Throws mtp::Error naming the file on malformed input.
active::ActiveSet read_als(std::istream& in, const std::string& name, double init_value = 1e-5);
active::ActiveSet load_als(const std::string& path, double init_value = 1e-5);
// Byte-compatible with MLIP-2's writer (given the same numbers).
void write_als(std::ostream& out, const active::ActiveSet& set);
void save_als(const std::string& path, const active::ActiveSet& set);  // atomically

}  // namespace mtp::io
