// compress-extend: isotropically strained copies of each configuration.
#include "mtp/cli/command.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/cfg_transforms.hpp"

namespace mtp::cli {
namespace {

int run_compress_extend(const CommandLine& cl) {
  cl.require_args(2, 2, "mlp compress-extend in.cfg out.cfg");
  auto reader = io::make_cfg_reader(cl.arg(0));
  auto writer = io::make_cfg_text_writer(cl.arg(1), false);
  Configuration cfg;
  while (reader->next(cfg))
    for (const Configuration& strained : io::compress_extend(cfg)) writer->write(strained);
  writer->close();
  return 0;
}

const RegisterCommand compress_extend_command({
    "compress-extend",
    {"compress_extend"},
    "mlp compress-extend in.cfg out.cfg",
    "writes 21 isotropically strained copies (-10%..+10%) of each configuration",
    "Cell and positions are scaled by 1 + e, e = -0.10, -0.09, ..., +0.10; energy, forces and stresses are\n"
    "dropped.",
    run_compress_extend,
    false});

}  // namespace
}  // namespace mtp::cli
