#pragma once
#include <memory>
#include <string>

#include "mtp/core/configuration.hpp"
#include "mtp/io/species_order.hpp"

namespace mtp::io {

// Every configuration format is read and written through these two interfaces, one configuration at a
// time, so files of many gigabytes stream in constant memory.
class ConfigurationReader {
 public:
  virtual ~ConfigurationReader() = default;
  // Reads the next configuration into `cfg`; false at the end of the input. Throws mtp::Error naming the
  // file and line on malformed input.
  virtual bool next(Configuration& cfg) = 0;
};

class ConfigurationWriter {
 public:
  virtual ~ConfigurationWriter() = default;
  virtual void write(const Configuration& cfg) = 0;
  // Flushes and publishes the output (see AtomicOutputFile). A writer destroyed without close() discards
  // what it wrote, so an error never leaves a half-written file behind.
  virtual void close() = 0;
};

// Format names accepted by convert-cfg: txt, bin, extxyz, vasp-outcar, vasp-poscar, lammps-datafile,
// lammps-dump (and MLIP-3 spellings outcar, vasp_outcar, poscar, vasp_poscar, lammps_dump, lammps_datafile).
enum class Format { CfgText, CfgBinary, ExtXyz, VaspOutcar, VaspPoscar, LammpsData, LammpsDump };

// Parses a format name; throws mtp::Error listing the accepted names.
Format parse_format(const std::string& name);
std::string format_name(Format format);

// Readers: "txt" auto-detects binary .cfg by its first byte, as MLIP-2 does. `species` (the run's species
// order) maps the names of formats that have them (extxyz, OUTCAR, VASP 5 POSCAR, LAMMPS data with type
// labels or commented masses) to types; .cfg and LAMMPS dumps hold types only.
std::unique_ptr<ConfigurationReader> open_reader(const std::string& path, Format format,
                                                 const SpeciesOrder& species = {});
// Writers. `append` adds to an existing file (text and binary .cfg, extxyz). Formats holding one
// configuration per file (POSCAR, LAMMPS data) write `path` for a single configuration and
// path0, path1, ... when there are several, as MLIP-2 does. `species` names the types in formats that have
// names (extxyz needs it; POSCAR gets VASP 5's symbol line, LAMMPS data a Masses section).
std::unique_ptr<ConfigurationWriter> open_writer(const std::string& path, Format format, bool append = false,
                                                 const SpeciesOrder& species = {});

}  // namespace mtp::io
