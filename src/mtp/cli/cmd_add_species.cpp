// add_species (MLIP-3): extends a potential to more species, in place.
#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "mtp/cli/command.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/io/species_order.hpp"
#include "mtp/model/species_extension.hpp"

namespace mtp::cli {
namespace {

int run_add_species(const CommandLine& cl) {
  cl.require_args(2, 100000, "mlp add_species pot.mtp s1 [s2 ...]");
  Potential potential = io::load_potential(cl.arg(0));
  const int before = potential.species_count;
  if (!potential.species_names.empty()) {
    // A potential that names its species grows by name (element symbols).
    std::vector<std::string> names;
    for (std::size_t k = 1; k < cl.arg_count(); ++k) names.push_back(cl.arg(k));
    add_species(potential, io::SpeciesOrder(names).names());
    io::save_potential(cl.arg(0), potential);
    std::cout << "Species: " << before << " -> " << potential.species_count << std::endl;
    return 0;
  }
  int needed = 0;
  for (std::size_t k = 1; k < cl.arg_count(); ++k) {
    char* end = nullptr;
    const long v = std::strtol(cl.arg(k).c_str(), &end, 10);
    if (cl.arg(k).empty() || *end != '\0' || v < 0 || v >= 1000)
      throw Error("add_species: expected a species (type) number 0..999, got '" + cl.arg(k) + "'");
    needed = std::max(needed, static_cast<int>(v) + 1);
  }
  add_species(potential, needed);
  io::save_potential(cl.arg(0), potential);
  std::cout << "Species: " << before << " -> " << potential.species_count << std::endl;
  return 0;
}

const RegisterCommand add_species_command({
    "add_species",
    {},
    "mlp add_species pot.mtp s1 [s2 ...]",
    "extends a potential so that it covers species (types) s1, s2, ...; pot.mtp is rewritten",
    "Species are type numbers as in .cfg files (0-based): the potential grows to max(s) + 1 species. Old\n"
    "coefficients are kept, so configurations of the old species get the same energies. New species pairs\n"
    "start from MLIP-3's untrained pattern (1e-6, diagonal 1e-3 (pair + 1)), new species coefficients from 0;\n"
    "MLIP-3's --random_parameters is not supported (the start is always this fixed pattern).\n"
    "A potential that records its species names (potential_tag = species_names: ...) grows by name instead:\n"
    "s1, s2, ... are elements (symbols or atomic numbers); those it lacks become new species, in the order given.",
    run_add_species,
    false});

}  // namespace
}  // namespace mtp::cli
