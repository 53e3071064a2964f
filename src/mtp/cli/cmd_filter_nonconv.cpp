// filter-nonconv: drops configurations whose ab initio calculation did not converge.
#include <iostream>

#include "mtp/cli/command.hpp"
#include "mtp/io/cfg_text.hpp"

namespace mtp::cli {
namespace {

int run_filter_nonconv(const CommandLine& cl) {
  cl.require_args(1, 1, "mlp filter-nonconv db.cfg");
  const std::string path = cl.arg(0);
  auto reader = io::make_cfg_reader(path);
  auto writer = io::make_cfg_text_writer(path, false);  // renamed over db.cfg when complete
  Configuration cfg;
  while (reader->next(cfg)) {
    const auto it = cfg.features.find("EFS_by");
    if (it != cfg.features.end() && it->second.find("not_converged") != std::string::npos) continue;
    writer->write(cfg);
  }
  writer->close();
  return 0;
}

const RegisterCommand filter_nonconv_command({
    "filter-nonconv",
    {"filter_nonconv"},
    "mlp filter-nonconv db.cfg",
    "removes configurations whose Feature EFS_by contains not_converged (rewrites db.cfg)",
    "",
    run_filter_nonconv,
    false});

}  // namespace
}  // namespace mtp::cli
