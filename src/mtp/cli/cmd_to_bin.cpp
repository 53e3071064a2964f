// to-bin: a .cfg database in binary form.
#include "mtp/cli/command.hpp"
#include "mtp/io/cfg_binary.hpp"
#include "mtp/io/cfg_text.hpp"

namespace mtp::cli {
namespace {

int run_to_bin(const CommandLine& cl) {
  cl.require_args(2, 2, "mlp to-bin in.cfg out.bin");
  auto reader = io::make_cfg_reader(cl.arg(0));
  auto writer = io::make_cfg_binary_writer(cl.arg(1), false);
  Configuration cfg;
  while (reader->next(cfg)) writer->write(cfg);
  writer->close();
  return 0;
}

// MLIP-2's to-bin writes to its third argument (args[2]), so `mlp to-bin in out` fails there; here the
// second argument is the output, as the usage says.
const RegisterCommand to_bin_command({
    "to-bin",
    {"to_bin"},
    "mlp to-bin in.cfg out.bin",
    "converts a .cfg database to binary .cfg",
    "The same as convert-cfg in out --output-format=bin. (MLIP-2 took the output name from a third\n"
    "argument by mistake; here it is the second.)",
    run_to_bin,
    false});

}  // namespace
}  // namespace mtp::cli
