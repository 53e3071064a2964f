// from-bin: a binary .cfg database in text form.
#include "mtp/cli/command.hpp"
#include "mtp/io/cfg_text.hpp"

namespace mtp::cli {
namespace {

int run_from_bin(const CommandLine& cl) {
  cl.require_args(2, 2, "mlp from-bin in.bin out.cfg");
  auto reader = io::make_cfg_reader(cl.arg(0));  // detects binary by its first byte
  auto writer = io::make_cfg_text_writer(cl.arg(1), false);
  Configuration cfg;
  while (reader->next(cfg)) writer->write(cfg);
  writer->close();
  return 0;
}

// MLIP-2's from-bin takes the output name from args[2]; here the second argument is the output.
const RegisterCommand from_bin_command({
    "from-bin",
    {"from_bin"},
    "mlp from-bin in.bin out.cfg",
    "converts a binary .cfg database to text .cfg",
    "The same as convert-cfg in out. (MLIP-2 took the output name from a third argument by mistake; here\n"
    "it is the second.)",
    run_from_bin,
    false});

}  // namespace
}  // namespace mtp::cli
