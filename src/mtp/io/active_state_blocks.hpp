#pragma once
#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include "mtp/active/maxvol.hpp"
#include "mtp/core/configuration.hpp"

namespace mtp::io::active_state {

// The parts MLIP-2's .als and MLIP-3's .almtp lay out alike: both files are read whole (text and raw doubles
// mixed), store A and (A^-1)^T as two raw n x n blocks of row-major doubles, and end with the owning
// configurations in lossless .cfg text.

std::string read_all(std::istream& in);
// 1-based line number of byte `pos` (for messages about the text parts).
long line_of(const std::string& data, std::size_t pos);

struct StoredMatrices {
  active::RowMatrix a;
  Eigen::MatrixXd inverse;  // (A^-1)^T row-major is A^-1 column-major: Eigen's layout
};
// Reads the two blocks at `pos` and advances past them; throws Error(name, ...) when the file is too short.
StoredMatrices read_matrices(const std::string& data, std::size_t& pos, std::size_t n, const std::string& name);
void write_matrices(std::ostream& out, const active::MaxVol& maxvol);
// MaxVol from the stored blocks; a check failure is reported against the file `name`.
active::MaxVol to_maxvol(StoredMatrices stored, const std::string& name);

// Every configuration in the lossless .cfg text from `pos` to the end of `data`.
std::vector<Configuration> read_configurations(const std::string& data, std::size_t pos, const std::string& name);

}  // namespace mtp::io::active_state
