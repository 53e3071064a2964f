#pragma once
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "mtp/io/configuration_stream.hpp"
#include "mtp/io/species_order.hpp"

namespace mtp::io {

// The species column names elements; `species` maps them to types (see SpeciesOrder). Reading, a symbol
// (or a Z column's element) outside the order is an error naming the file, line and element, and a file
// that names its species cannot be read without an order: numbering species by their first appearance
// would give the same element different types in different files. An integer species column is read as
// the types themselves (files from OpenMTP before species orders). Writing, the species column holds
// names()[type], so ASE reads the symbols back; writing without an order, or a type the order does not
// cover, is an error.
struct ExtXyzOptions {
  SpeciesOrder species;
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
