#pragma once
#include <iosfwd>
#include <memory>
#include <string>

#include "mtp/io/configuration_stream.hpp"
#include "mtp/io/lammps_dump.hpp"
#include "mtp/io/species_order.hpp"  // the dump reader, declared here before it had its own file

namespace mtp::io {

// LAMMPS data files, one configuration per file; LAMMPS types are 1-based, configuration types 0-based.
// In: the header (atoms, atom types, xlo xhi, ylo yhi, zlo zhi, optional xy xz yz tilts) and the Atoms
// section in atom_style atomic ("id type x y z [ix iy iz]") or charge ("Atoms # charge": id type q x y z);
// Pair Coeffs and Velocities sections are skipped. Atoms are ordered by id; positions are taken relative to
// (xlo, ylo, zlo) and unwrapped by image flags. Types are LAMMPS's numbering minus one, unless a species
// order is given and the file names its types (an "Atom Type Labels" section, or Masses lines commented
// "1 22.99 # Na" as LAMMPS and ASE write them): then each type with atoms must be named, and the name is
// mapped through the order (a name outside it is an error naming the file, line and name).
// Out: MLIP-2's layout: the cell rotated to LAMMPS's restricted triclinic form (a along x, b in the xy
// plane), box bounds and tilts %.9f, atoms "%6d%6d%20.8f%20.8f%20.8f". With a species order, as many atom
// types as it has and a Masses section naming them ("1 22.99 # Na").
std::unique_ptr<ConfigurationReader> make_lammps_data_reader(const std::string& path, const SpeciesOrder& species = {});
std::unique_ptr<ConfigurationReader> make_lammps_data_reader(std::istream& in, const std::string& name,
                                                             const SpeciesOrder& species = {});
void write_lammps_data(std::ostream& out, const Configuration& cfg, const SpeciesOrder& species = {});
// `path` for a single configuration, path0, path1, ... for several (see NumberedFilesWriter).
std::unique_ptr<ConfigurationWriter> make_lammps_data_writer(const std::string& path, const SpeciesOrder& species = {});

// The restricted triclinic rows LAMMPS uses for a cell: a1 = (ax,0,0), a2 = (bx,by,0), a3 = (cx,cy,cz) with
// ax, by, cz > 0, the same lengths and angles as `rows`.
Mat3 lammps_restricted_rows(const Mat3& rows);

}  // namespace mtp::io
