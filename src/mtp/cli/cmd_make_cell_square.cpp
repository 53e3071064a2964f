// make-cell-square (MLIP-3: make_cell_square): the most nearly cubic supercell of each configuration.
#include "mtp/cli/command.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/cfg_transforms.hpp"

namespace mtp::cli {
namespace {

int run_make_cell_square(const CommandLine& cl) {
  cl.require_args(2, 2, "mlp make-cell-square in.cfg out.cfg [--min-atoms=32] [--max-atoms=64]");
  const long min_atoms = cl.options().integer("min-atoms");
  const long max_atoms = cl.options().integer("max-atoms");
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
    "Energy, forces and stresses are dropped; atoms are wrapped into the new cell.",
    run_make_cell_square,
    false},
    {
        OptionSpec("min-atoms", OptionType::Integer, "32", "fewest atoms in the supercell")
            .mlip3("min_atoms").at_least(1).at_most(100000000),
        OptionSpec("max-atoms", OptionType::Integer, "64", "most atoms in the supercell")
            .mlip3("max_atoms").at_least(1).at_most(100000000),
    });

}  // namespace
}  // namespace mtp::cli
