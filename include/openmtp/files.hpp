#pragma once
// Reading and writing what OpenMTP stores (docs/FORMATS.md): potentials, active sets, configurations. Every
// writer of a whole file writes atomically (a failed call leaves the old file); every reader names the file and
// line of what it refuses.
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "openmtp/types.hpp"
#include "mtp/io/configuration_stream.hpp"

namespace openmtp {

// Potentials: MLIP-2's/MLIP-3's .mtp text; `name` labels errors when reading from a stream.
Potential load_potential(const std::string& path);
Potential read_potential(std::istream& in, const std::string& name);
void save_potential(const std::string& path, const Potential& potential);
void write_potential(std::ostream& out, const Potential& potential);

// Active sets: MLIP-2's .als or MLIP-3's state in a .almtp, picked by the file's content when loading.
// `init_value` is MaxVol's start for an empty set (negative: each format's own, MLIP-2 1e-5, MLIP-3 1e-6).
// Saving: format "als" or "almtp", or "" for the path's extension (".almtp": MLIP-3's layout); another format
// throws std::invalid_argument.
ActiveSet load_active_set(const std::string& path, double init_value = -1.0);
void save_active_set(const std::string& path, const ActiveSet& set, const std::string& format = "");

// Configurations, one at a time, in any format io knows ("txt" (.cfg text), "bin", "extxyz", "vasp-poscar",
// "vasp-outcar", "lammps-datafile", "lammps-dump"; `mlp convert-cfg --help`); `species` maps type numbers to
// element names where a format needs them.
using mtp::io::ConfigurationReader;
using mtp::io::ConfigurationWriter;
std::unique_ptr<ConfigurationReader> open_configurations(const std::string& path, const std::string& format = "txt",
                                                         const std::vector<std::string>& species = {});
std::unique_ptr<ConfigurationWriter> create_configurations(const std::string& path, const std::string& format = "txt",
                                                           bool append = false,
                                                           const std::vector<std::string>& species = {});
std::string canonical_format_name(const std::string& format);
// The .cfg text of one configuration (lossless: every digit a double needs, for a round trip), and back.
void write_cfg_text(std::ostream& out, const Configuration& cfg, bool lossless = false);
std::unique_ptr<ConfigurationReader> read_cfg_text(std::istream& in, const std::string& name);
// Writes (or, with append, adds) one configuration to a .cfg file; an append adds whole records only.
void write_cfg_file(const std::string& path, const Configuration& cfg, bool append);

}  // namespace openmtp
