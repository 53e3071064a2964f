// convert-cfg (MLIP-3: convert): configurations from one format to another.
#include <iostream>
#include <optional>

#include "mtp/cli/command.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/cfg_operations.hpp"
#include "mtp/io/configuration_stream.hpp"

namespace mtp::cli {
namespace {

int run_convert_cfg(const CommandLine& cl) {
  cl.require_args(2, 2, "mlp convert-cfg in out [--input-format=txt] [--output-format=txt] [--append] [--last] [--fix-lattice]");
  const io::Format in_format = io::parse_format(cl.text({"input-format"}, "txt"));
  const io::Format out_format = io::parse_format(cl.text({"output-format"}, "txt"));
  const bool append = cl.flag({"append"});
  const bool last_only = cl.flag({"last"});
  const bool fix = cl.flag({"fix-lattice"});

  auto reader = io::open_reader(cl.arg(0), in_format);
  auto writer = io::open_writer(cl.arg(1), out_format, append);
  Configuration cfg;
  std::optional<Configuration> last;
  long count = 0;
  while (reader->next(cfg)) {
    ++count;
    if (fix) io::fix_lattice(cfg);
    if (last_only) last = cfg;
    else writer->write(cfg);
  }
  if (last) writer->write(*last);
  writer->close();
  std::cout << "Processed " << count << " configurations" << std::endl;
  return 0;
}

const RegisterCommand convert_cfg_command({
    "convert-cfg",
    {"convert"},
    "mlp convert-cfg in out [--input-format=txt] [--output-format=txt] [--append] [--last] [--fix-lattice]",
    "converts configurations between formats (.cfg text and binary, OUTCAR, POSCAR, LAMMPS, extxyz)",
    "Formats: txt (text .cfg; binary is detected on reading), bin (binary .cfg), vasp-outcar (input: every\n"
    "ionic step), vasp-poscar and lammps-datafile (output: one file per configuration, out0, out1, ... when\n"
    "there are several), lammps-dump (input), extxyz. MLIP-3 spellings (outcar, poscar, lammps_dump, ...)\n"
    "are accepted.\n"
    "  --input-format=F    format of `in` (default txt)\n"
    "  --output-format=F   format of `out` (default txt)\n"
    "  --append            add to `out` instead of replacing it\n"
    "  --last              write only the last configuration\n"
    "  --fix-lattice       reduce the cell, wrap atoms into it and rotate it to lower-triangular form",
    run_convert_cfg});

}  // namespace
}  // namespace mtp::cli
