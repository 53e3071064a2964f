// mindist_filter (MLIP-3): keeps the configurations whose atoms are not too close.
#include <cstdlib>
#include <iostream>

#include "mtp/cli/command.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/cfg_operations.hpp"
#include "mtp/io/cfg_text.hpp"

namespace mtp::cli {
namespace {

int run_mindist_filter(const CommandLine& cl) {
  cl.require_args(3, 3, "mlp mindist_filter in.cfg d out.cfg");
  char* end = nullptr;
  const double threshold = std::strtod(cl.arg(1).c_str(), &end);
  if (cl.arg(1).empty() || *end != '\0') throw Error("mindist_filter: expected a distance, got '" + cl.arg(1) + "'");
  auto reader = io::make_cfg_reader(cl.arg(0));
  auto writer = io::make_cfg_text_writer(cl.arg(2), false);
  Configuration cfg;
  long kept = 0, total = 0;
  while (reader->next(cfg)) {
    ++total;
    if (io::mindist(cfg) >= threshold) writer->write(cfg), ++kept;
  }
  writer->close();
  std::cout << "Kept " << kept << " of " << total << " configurations" << std::endl;
  return 0;
}

const RegisterCommand mindist_filter_command({
    "mindist_filter",
    {},
    "mlp mindist_filter in.cfg d out.cfg",
    "writes the configurations whose smallest interatomic distance is at least d",
    "Periodic images count (as in mindist). Configurations with two atoms closer than d Angstrom are left out.",
    run_mindist_filter,
    false});

}  // namespace
}  // namespace mtp::cli
