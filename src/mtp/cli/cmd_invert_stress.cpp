// invert-stress: flips the sign of every configuration's stress, in place.
#include "mtp/cli/command.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/cfg_transforms.hpp"

namespace mtp::cli {
namespace {

int run_invert_stress(const CommandLine& cl) {
  cl.require_args(1, 1, "mlp invert-stress db.cfg");
  auto reader = io::make_cfg_reader(cl.arg(0));
  auto writer = io::make_cfg_text_writer(cl.arg(0), false);  // replaces db.cfg after the last read
  Configuration cfg;
  while (reader->next(cfg)) {
    io::invert_stress(cfg);
    writer->write(cfg);
  }
  writer->close();
  return 0;
}

const RegisterCommand invert_stress_command({
    "invert-stress",
    {"invert_stress"},
    "mlp invert-stress db.cfg",
    "changes the sign of the stresses in db.cfg (rewritten in place)",
    "For databases written with the opposite stress sign convention.",
    run_invert_stress,
    false});

}  // namespace
}  // namespace mtp::cli
