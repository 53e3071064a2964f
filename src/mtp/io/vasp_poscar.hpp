#pragma once
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "mtp/io/configuration_stream.hpp"
#include "mtp/io/species_order.hpp"

namespace mtp::io {

// VASP POSCAR in and out. One configuration per file.
// In: VASP 4 (counts only) and VASP 5 (element symbols, then counts) layouts; a scaling factor (negative:
// the cell volume) or three per-axis factors; Direct or Cartesian; selective-dynamics flags are read and
// dropped; a velocity block after the positions is ignored. Types are 0-based in the order of the species
// blocks, unless a species order is given and the file names its species (VASP 5): then a species' type is
// its place in the order, so POSCARs listing their species in different orders agree, and a species with
// atoms that the order does not hold is an error naming the file, the line and the element.
// Out: MLIP-2's layout ("MLIP output to VASP", scale 1, %.16g numbers in 24-wide columns, counts per
// type 0..max, Cartesian positions grouped by type in their original order); with a species order, VASP 5's
// line of symbols (names of types 0..max) before the counts.
struct PoscarOptions {
  SpeciesOrder species;
  bool absolute_types = false;  // MLIP-3's --absolute_types: type = atomic number (needs VASP 5 symbols)
};
std::unique_ptr<ConfigurationReader> make_vasp_poscar_reader(const std::string& path, const PoscarOptions& options = {});
std::unique_ptr<ConfigurationReader> make_vasp_poscar_reader(std::istream& in, const std::string& name,
                                                             const PoscarOptions& options = {});
void write_vasp_poscar(std::ostream& out, const Configuration& cfg, const SpeciesOrder& species = {});
// `path` for a single configuration, path0, path1, ... for several (see NumberedFilesWriter).
std::unique_ptr<ConfigurationWriter> make_vasp_poscar_writer(const std::string& path, const SpeciesOrder& species = {});

}  // namespace mtp::io
