#pragma once
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "mtp/io/configuration_stream.hpp"

namespace mtp::io {

// How species names and configuration types correspond. `type_order[t]` is the element of type t, given as
// a symbol ("Cu") or an atomic number ("29"). Reading, symbols missing from the list are appended in order of
// first appearance in the file (so one file always gets one consistent mapping); writing, every type must
// be in the list. With an empty list the writer puts the integer type in the species column (read back
// as that type; ASE needs symbols, so give a type order for files meant for ASE).
struct ExtXyzOptions {
  std::vector<std::string> type_order;
};

// Extended XYZ as ASE writes and reads it (ase.io.write(format="extxyz")).
// Header keys: Lattice (rows a1 a2 a3), Properties (name:type:count triples; species or Z, pos, forces,
// energies -> site energies, charges or initial_charges; other columns skipped), energy, stress (ASE's
// sign and units: -virial/volume in eV/A^3; 6 Voigt numbers xx yy zz yz xz xy or 9), virial (9 numbers,
// eV, PlusStress sign; taken over stress when both are given), pbc (default T T T with a Lattice, else
// F F F; periodic axes must lead). Every other key=value pair becomes a Feature; a bare key reads as "T".
// The writer uses the shortest decimal text that reads back bit-identical, writes stress for 3-periodic
// cells and virial otherwise, and the Features as key=value pairs.
std::unique_ptr<ConfigurationReader> make_extxyz_reader(const std::string& path, const ExtXyzOptions& options = {});
std::unique_ptr<ConfigurationReader> make_extxyz_reader(std::istream& in, const std::string& name,
                                                        const ExtXyzOptions& options = {});
void write_extxyz(std::ostream& out, const Configuration& cfg, const ExtXyzOptions& options = {});
std::unique_ptr<ConfigurationWriter> make_extxyz_writer(const std::string& path, bool append,
                                                        const ExtXyzOptions& options = {});

}  // namespace mtp::io
