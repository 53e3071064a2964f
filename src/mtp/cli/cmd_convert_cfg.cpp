// convert-cfg (MLIP-3: convert): configurations from one format to another.
#include <iostream>
#include <optional>
#include <sstream>

#include "mtp/cli/command.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/cfg_operations.hpp"
#include "mtp/io/configuration_stream.hpp"
#include "mtp/io/vasp_outcar.hpp"
#include "mtp/io/vasp_poscar.hpp"

namespace mtp::cli {
namespace {

const char* const kUsage =
    "mlp convert-cfg in out [--input-format=txt] [--output-format=txt] [--append] [--last] [--fix-lattice]\n"
    "    [--sigma-zero-energy]\n"
    "    MLIP-3: mlp convert in out [...] [--save_nonconverged] [--absolute_types] [--type_order=Z1,Z2,...]"
    " [--no_forces_stresses]";

// `mlip3`: invoked as MLIP-3's `convert`, whose OUTCAR reading skips non-converged steps unless
// --save_nonconverged is given; MLIP-2's convert-cfg keeps them, marked EFS_by = VASP_not_converged.
int run_convert(const CommandLine& cl, bool mlip3) {
  cl.require_args(2, 2, kUsage);
  const OptionValues& o = cl.options();
  const io::Format in_format = io::parse_format(o.text("input-format"));
  const io::Format out_format = io::parse_format(o.text("output-format"));
  const bool append = o.flag("append");
  const bool last_only = o.flag("last");
  const bool fix = o.flag("fix-lattice");
  const bool save_nonconverged = !mlip3 || o.flag("save-nonconverged");
  const bool absolute_types = o.flag("absolute-types");
  const bool strip_efs = o.flag("no-forces-stresses");
  const io::SpeciesOrder species =
      o.given("type-order") ? io::SpeciesOrder::parse(o.text("type-order")) : io::SpeciesOrder();
  if (absolute_types && !species.empty()) throw Error("--absolute_types and --type_order exclude each other");

  std::unique_ptr<io::ConfigurationReader> reader;
  if (in_format == io::Format::VaspOutcar) {
    io::OutcarOptions options;
    options.skip_nonconverged = !save_nonconverged;
    options.sigma_zero_energy = cl.flag({"sigma-zero-energy"});
    options.absolute_types = absolute_types;
    options.species = species;
    reader = io::make_vasp_outcar_reader(cl.arg(0), options);
  } else if (in_format == io::Format::VaspPoscar) {
    io::PoscarOptions options;
    options.absolute_types = absolute_types;
    options.species = species;
    reader = io::make_vasp_poscar_reader(cl.arg(0), options);
  } else {
    if (absolute_types) throw Error("--absolute_types needs species names: OUTCAR or VASP 5 POSCAR input");
    reader = io::open_reader(cl.arg(0), in_format, species);
  }
  auto writer = io::open_writer(cl.arg(1), out_format, append, species);
  Configuration cfg;
  std::optional<Configuration> last;
  long count = 0;
  while (reader->next(cfg)) {
    ++count;
    if (fix) io::fix_lattice(cfg);
    if (strip_efs) {  // MLIP-3 keeps the energy: only forces and stresses go
      cfg.forces.clear();
      cfg.virial.reset();
    }
    if (last_only) last = cfg;
    else writer->write(cfg);
  }
  if (last) writer->write(*last);
  writer->close();
  std::cout << "Processed " << count << " configurations" << std::endl;
  return 0;
}

const char* const kHelp =
    "Formats: txt (text .cfg; binary is detected on reading), bin (binary .cfg), vasp-outcar (input: every\n"
    "ionic step), vasp-poscar and lammps-datafile (output: one file per configuration, out0, out1, ... when\n"
    "there are several), lammps-dump (input), extxyz. MLIP-3 spellings (outcar, poscar, lammps_dump, ...)\n"
    "are accepted.\n"
    "As MLIP-3's `convert`, OUTCAR steps whose electronic loop did not converge are skipped unless\n"
    "--save_nonconverged is given (`convert-cfg` keeps them with Feature EFS_by = VASP_not_converged). The\n"
    "energy is the free energy TOTEN whatever ISMEAR, as MLIP-2 and MLIP-3 take it.";

std::vector<OptionSpec> convert_options() {
  using T = OptionType;
  return {
      OptionSpec("input-format", T::Text, "txt", "format of `in`").mlip2("input-format").mlip3("input_format"),
      OptionSpec("output-format", T::Text, "txt", "format of `out`").mlip2("output-format").mlip3("output_format"),
      OptionSpec("append", T::Flag, "false", "add to `out` instead of replacing it").mlip2("append"),
      OptionSpec("last", T::Flag, "false", "write only the last configuration").mlip2("last"),
      OptionSpec("fix-lattice", T::Flag, "false",
                 "reduce the cell, wrap atoms into it and rotate it to lower-triangular form")
          .mlip2("fix-lattice"),
      OptionSpec("save-nonconverged", T::Flag, "false",
                 "MLIP-3's `convert`: keep OUTCAR steps whose electronic loop did not converge")
          .mlip3("save_nonconverged"),
      OptionSpec("absolute-types", T::Flag, "false", "(OUTCAR, VASP 5 POSCAR) write atomic numbers as types")
          .mlip3("absolute_types"),
      OptionSpec("type-order", T::Text, "",
                 "A,B,...: the species order: type t is the t-th element of this list (symbols or atomic numbers). "
                 "Reading extxyz, OUTCAR, VASP 5 POSCAR or LAMMPS data with named types, an element's type is its "
                 "place here, and an element not listed is an error. extxyz names species, so it needs the order to "
                 "be read or written; POSCAR output gets a line of symbols, LAMMPS data output a Masses section "
                 "naming the types")
          .mlip3("type_order"),
      OptionSpec("no-forces-stresses", T::Flag, "false", "drop forces and stresses (the energy is kept)")
          .mlip3("no_forces_stresses"),
      OptionSpec("sigma-zero-energy", T::Flag, "false",
                 "(OUTCAR) energy(sigma->0) instead of the free energy TOTEN where ISMEAR > 0")
          .mlip3("sigma_zero_energy"),
  };
}

const RegisterCommand convert_cfg_command({
    "convert-cfg",
    {},
    "mlp convert-cfg in out [--input-format=txt] [--output-format=txt] [--append] [--last] [--fix-lattice]",
    "converts configurations between formats (.cfg text and binary, OUTCAR, POSCAR, LAMMPS, extxyz)",
    kHelp,
    [](const CommandLine& cl) { return run_convert(cl, false); }}, convert_options());

// MLIP-3's name: the same conversion with MLIP-3's OUTCAR default (listed by `mlp list-undocumented`, as
// `mlp list` shows MLIP-2's commands).
const RegisterCommand convert_command({
    "convert",
    {},
    "mlp convert in out [--input_format=txt] [--output_format=txt] [--save_nonconverged] [--absolute_types] "
    "[--type_order=Z1,Z2,...] [--no_forces_stresses]",
    "MLIP-3's convert: convert-cfg skipping non-converged OUTCAR steps unless --save_nonconverged",
    kHelp,
    [](const CommandLine& cl) { return run_convert(cl, true); },
    false}, convert_options());

}  // namespace
}  // namespace mtp::cli
