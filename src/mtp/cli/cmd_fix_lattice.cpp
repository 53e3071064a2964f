// fix-lattice: reduced, lower-triangular cells.
#include "mtp/cli/command.hpp"
#include "mtp/io/cfg_operations.hpp"
#include "mtp/io/cfg_text.hpp"

namespace mtp::cli {
namespace {

int run_fix_lattice(const CommandLine& cl) {
  cl.require_args(2, 2, "mlp fix-lattice in.cfg out.cfg");
  auto reader = io::make_cfg_reader(cl.arg(0));
  auto writer = io::make_cfg_text_writer(cl.arg(1), false);
  Configuration cfg;
  while (reader->next(cfg)) {
    io::fix_lattice(cfg);
    writer->write(cfg);
  }
  writer->close();
  return 0;
}

// MLIP-2's fix-lattice takes the output name from args[2]; here the second argument is the output.
const RegisterCommand fix_lattice_command({
    "fix-lattice",
    {"fix_lattice"},
    "mlp fix-lattice in.cfg out.cfg",
    "reduces each cell, wraps the atoms and rotates the cell to lower-triangular form",
    "The same as convert-cfg in out --fix-lattice. (MLIP-2 took the output name from a third argument by\n"
    "mistake; here it is the second.)",
    run_fix_lattice,
    false});

}  // namespace
}  // namespace mtp::cli
