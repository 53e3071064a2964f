#pragma once
#include <iosfwd>
#include <string>
#include <vector>

#include "mtp/model/potential.hpp"

namespace mtp::io {

// .mtp files, version 1.1.0, untrained and trained (spec 2.3). Reading an untrained file applies
// Potential::set_untrained_defaults(). Writing reproduces MLIP-2's layout and number format (%.15e), so a
// file read and written again is byte-identical and loads in MLIP-2. An unsupported radial basis type is an
// error naming it. Potential::species_names is kept in the potential_tag line ("species_names: Na Cl",
// then "; " and the free tag if any), the one line MLIP-2, MLIP-3 and LAMMPS's ML-MTP skip unread; a list
// whose length is not species_count is an error naming the file and line.
Potential read_potential(std::istream& in, const std::string& name);
Potential load_potential(const std::string& path);
// Writes the text without a trailing newline after the last line, as MLIP-2 does (state files append to it).
void write_potential(std::ostream& out, const Potential& potential);
void save_potential(const std::string& path, const Potential& potential);  // atomically

// How a file spelled what MLIP-2's writer spells its own way: numbers written by other tools (maml writes
// the linear coefficients with the shortest round-trip digits), "potential_tag =" without its space, a
// final newline. Handing the layout read with a file back to write_potential reproduces that file byte for
// byte; numbers whose values changed since are written MLIP-2's way (%.15e).
struct MtpFileLayout {
  // Spelling of each number as read, by role: 0 scaling, 1 min_dist, 2 max_dist, 3 + p parameter p.
  std::vector<double> values;
  std::vector<std::string> texts;
  bool has_tag_line = false;
  std::string tag_line;       // the whole potential_tag line as read
  bool final_newline = false;
  bool without_coefficients = false;  // an untrained file: no radial_coeffs, species_coeffs, moment_coeffs
};
Potential read_potential(std::istream& in, const std::string& name, MtpFileLayout* layout);
Potential load_potential(const std::string& path, MtpFileLayout* layout);
void write_potential(std::ostream& out, const Potential& potential, const MtpFileLayout* layout);
void save_potential(const std::string& path, const Potential& potential, const MtpFileLayout* layout);

}  // namespace mtp::io
