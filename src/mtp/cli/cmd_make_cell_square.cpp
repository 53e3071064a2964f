// make-cell-square (MLIP-3: make_cell_square): the most nearly cubic supercell of each configuration.
#include "mtp/cli/command.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/cfg_transforms.hpp"

namespace mtp::cli {
namespace {

int run_make_cell_square(const CommandLine& cl) {
  cl.require_args(2, 2, "mlp make-cell-square in.cfg out.cfg [--min-atoms=32] [--max-atoms=64]");
  const long min_atoms = cl.integer({"min-atoms"}, 32);
  const long max_atoms = cl.integer({"max-atoms"}, 64);
  if (min_atoms < 1 || max_atoms < 1 || max_atoms > 100000000)
    throw Error("--min-atoms and --max-atoms must be between 1 and 100000000");
  auto reader = io::make_cfg_reader(cl.arg(0));
  auto writer = io::make_cfg_text_writer(cl.arg(1), false);
  Configuration cfg;
  while (reader->next(cfg))
    writer->write(io::make_cell_square(cfg, static_cast<int>(min_atoms), static_cast<int>(max_atoms)));
  writer->close();
  return 0;
}

const RegisterCommand make_cell_square_command({
    "make-cell-square",
    {"make_cell_square"},
    "mlp make-cell-square in.cfg out.cfg [--min-atoms=32] [--max-atoms=64]",
    "replaces each cell by its most nearly cubic supercell",
    "Searches integer matrices A with entries -4..4 and min-atoms <= N |det A| <= max-atoms for the\n"
    "supercell A L whose metric A L L^T A^T is closest to a multiple of the identity (Frobenius norm).\n"
    "Energy, forces and stresses are dropped; atoms are wrapped into the new cell.\n"
    "  --min-atoms=N   fewest atoms in the supercell (default 32)\n"
    "  --max-atoms=N   most atoms in the supercell (default 64)",
    run_make_cell_square,
    false});

}  // namespace
}  // namespace mtp::cli
