// remap_species (MLIP-3): renumbers the types of every configuration.
#include <cstdlib>

#include "mtp/cli/command.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/cfg_transforms.hpp"

namespace mtp::cli {
namespace {

int run_remap_species(const CommandLine& cl) {
  cl.require_args(3, 100000, "mlp remap_species in.cfg out.cfg n0 n1 ...");
  std::vector<int> new_types;
  for (std::size_t k = 2; k < cl.arg_count(); ++k) {
    char* end = nullptr;
    const long v = std::strtol(cl.arg(k).c_str(), &end, 10);
    if (cl.arg(k).empty() || *end != '\0' || v < 0 || v > 1000000)
      throw Error("remap_species: expected a non-negative type, got '" + cl.arg(k) + "'");
    new_types.push_back(static_cast<int>(v));
  }
  auto reader = io::make_cfg_reader(cl.arg(0));
  auto writer = io::make_cfg_text_writer(cl.arg(1), false);
  Configuration cfg;
  while (reader->next(cfg)) {
    io::remap_species(cfg, new_types);
    writer->write(cfg);
  }
  writer->close();
  return 0;
}

const RegisterCommand remap_species_command({
    "remap_species",
    {},
    "mlp remap_species in.cfg out.cfg n0 n1 ...",
    "renumbers types: type t becomes n_t",
    "Every type in in.cfg needs an entry (type t is replaced by the (t+1)-th number).",
    run_remap_species,
    false});

}  // namespace
}  // namespace mtp::cli
