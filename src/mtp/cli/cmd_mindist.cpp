// mindist: the smallest interatomic distance of a database, stored as a feature of each configuration.
#include <cmath>
#include <iostream>
#include <limits>

#include "mtp/cli/command.hpp"
#include "mtp/io/cfg_operations.hpp"
#include "mtp/io/cfg_text.hpp"

namespace mtp::cli {
namespace {

int run_mindist(const CommandLine& cl) {
  cl.require_args(1, 1, "mlp mindist db.cfg [--no-overwrite]");
  const std::string path = cl.arg(0);
  const bool overwrite = !cl.flag({"no-overwrite"});
  auto reader = io::make_cfg_reader(path);
  // Rewriting goes to a temporary file renamed over db.cfg at the end, so reading and writing the same
  // path streams safely and an error leaves db.cfg as it was.
  std::unique_ptr<io::ConfigurationWriter> writer;
  if (overwrite) writer = io::make_cfg_text_writer(path, false);
  double global = std::numeric_limits<double>::infinity();
  Configuration cfg;
  while (reader->next(cfg)) {
    const double d = io::mindist(cfg);
    global = std::min(global, d);
    if (writer) {
      cfg.features["mindist"] = io::feature_number(d);
      writer->write(cfg);
    }
  }
  if (writer) writer->close();
  std::cout << "Global mindist: " << global << std::endl;
  return 0;
}

const RegisterCommand mindist_command({
    "mindist",
    {},
    "mlp mindist db.cfg [--no-overwrite]",
    "prints the smallest interatomic distance in db.cfg and stores each configuration's as Feature mindist",
    "Periodic images count. Without --no-overwrite, db.cfg is rewritten (text .cfg) with `Feature mindist`\n"
    "on every configuration.\n"
    "  --no-overwrite   only print the global minimum",
    run_mindist});

}  // namespace
}  // namespace mtp::cli
