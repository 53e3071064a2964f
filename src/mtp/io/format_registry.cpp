#include <algorithm>

#include "mtp/core/error.hpp"
#include "mtp/io/cfg_binary.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/configuration_stream.hpp"
#include "mtp/io/extxyz.hpp"
#include "mtp/io/lammps_data.hpp"
#include "mtp/io/vasp_outcar.hpp"
#include "mtp/io/vasp_poscar.hpp"

namespace mtp::io {

Format parse_format(const std::string& raw) {
  std::string name = raw;
  std::replace(name.begin(), name.end(), '_', '-');
  if (name == "txt" || name == "cfg" || name == "text") return Format::CfgText;
  if (name == "bin" || name == "binary") return Format::CfgBinary;
  if (name == "extxyz" || name == "xyz") return Format::ExtXyz;
  if (name == "vasp-outcar" || name == "outcar") return Format::VaspOutcar;
  if (name == "vasp-poscar" || name == "poscar") return Format::VaspPoscar;
  if (name == "lammps-datafile" || name == "lammps-data") return Format::LammpsData;
  if (name == "lammps-dump") return Format::LammpsDump;
  throw Error("unknown format '" + raw +
              "' (expected txt, bin, extxyz, vasp-outcar, vasp-poscar, lammps-datafile or lammps-dump)");
}

std::string format_name(Format format) {
  switch (format) {
    case Format::CfgText: return "txt";
    case Format::CfgBinary: return "bin";
    case Format::ExtXyz: return "extxyz";
    case Format::VaspOutcar: return "vasp-outcar";
    case Format::VaspPoscar: return "vasp-poscar";
    case Format::LammpsData: return "lammps-datafile";
    case Format::LammpsDump: return "lammps-dump";
  }
  return "?";
}

std::unique_ptr<ConfigurationReader> open_reader(const std::string& path, Format format, const SpeciesOrder& species) {
  switch (format) {
    case Format::CfgText:
    case Format::CfgBinary: return make_cfg_reader(path);
    case Format::ExtXyz: return make_extxyz_reader(path, ExtXyzOptions{species});
    case Format::VaspOutcar: {
      OutcarOptions options;
      options.species = species;
      return make_vasp_outcar_reader(path, options);
    }
    case Format::VaspPoscar: return make_vasp_poscar_reader(path, PoscarOptions{species});
    case Format::LammpsData: return make_lammps_data_reader(path, species);
    case Format::LammpsDump: return make_lammps_dump_reader(path);
  }
  throw Error("unsupported input format");
}

std::unique_ptr<ConfigurationWriter> open_writer(const std::string& path, Format format, bool append,
                                                 const SpeciesOrder& species) {
  switch (format) {
    case Format::CfgText: return make_cfg_text_writer(path, append);
    case Format::CfgBinary: return make_cfg_binary_writer(path, append);
    case Format::ExtXyz: return make_extxyz_writer(path, append, ExtXyzOptions{species});
    case Format::VaspPoscar: return make_vasp_poscar_writer(path, species);
    case Format::LammpsData: return make_lammps_data_writer(path, species);
    case Format::VaspOutcar:
    case Format::LammpsDump: break;
  }
  throw Error("format '" + format_name(format) + "' can be read but not written");
}

}  // namespace mtp::io
