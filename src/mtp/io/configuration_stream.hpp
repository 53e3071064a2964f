#pragma once
#include <memory>
#include <string>

#include "mtp/core/configuration.hpp"

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

// Readers: "txt" auto-detects binary .cfg by its first byte, as MLIP-2 does.
std::unique_ptr<ConfigurationReader> open_reader(const std::string& path, Format format);
// Writers. `append` adds to an existing file (text and binary .cfg, extxyz). Formats holding one
// configuration per file (POSCAR, LAMMPS data) write `path` for a single configuration and
// path0, path1, ... when there are several, as MLIP-2 does.
std::unique_ptr<ConfigurationWriter> open_writer(const std::string& path, Format format, bool append = false);

}  // namespace mtp::io
