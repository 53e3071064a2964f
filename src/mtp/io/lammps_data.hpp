#pragma once
#include <iosfwd>
#include <memory>
#include <string>

#include "mtp/io/configuration_stream.hpp"

namespace mtp::io {

// LAMMPS data files (atom_style atomic; LAMMPS types are 1-based, configuration types 0-based) in and out
// (MLIP-2's layout, restricted triclinic box). One configuration per file.
std::unique_ptr<ConfigurationReader> make_lammps_data_reader(const std::string& path);
void write_lammps_data(std::ostream& out, const Configuration& cfg);
std::unique_ptr<ConfigurationWriter> make_lammps_data_writer(const std::string& path);

// LAMMPS custom dumps (ITEM: ATOMS with id type and x y z or xs ys zs or xu yu zu; fx fy fz when present;
// optional c_pe or v_ columns ignored), every timestep a configuration.
std::unique_ptr<ConfigurationReader> make_lammps_dump_reader(const std::string& path);

}  // namespace mtp::io
