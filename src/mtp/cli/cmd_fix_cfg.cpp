// fix-cfg: a database rewritten in place in the current .cfg layout.
#include "mtp/cli/command.hpp"
#include "mtp/io/cfg_text.hpp"

namespace mtp::cli {
namespace {

int run_fix_cfg(const CommandLine& cl) {
  cl.require_args(1, 1, "mlp fix-cfg db.cfg [--no-loss]");
  const auto style = cl.options().flag("no-loss") ? io::CfgTextStyle::Lossless : io::CfgTextStyle::Fixed;
  auto reader = io::make_cfg_reader(cl.arg(0));
  // The writer's temporary file replaces db.cfg only after the last configuration was read.
  auto writer = io::make_cfg_text_writer(cl.arg(0), false, style);
  Configuration cfg;
  while (reader->next(cfg)) writer->write(cfg);
  writer->close();
  return 0;
}

const RegisterCommand fix_cfg_command({
    "fix-cfg",
    {"fix_cfg"},
    "mlp fix-cfg db.cfg [--no-loss]",
    "rewrites db.cfg in place (old layouts, binary or odd spacing become the standard text layout)",
    "",
    run_fix_cfg,
    false},
    {OptionSpec("no-loss", OptionType::Flag, "false",
                "write numbers in full precision (%.16e) instead of the fixed-point columns")});

}  // namespace
}  // namespace mtp::cli
