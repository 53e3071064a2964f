#pragma once
#include <string>

namespace mtp {

// A species name fit to record in a potential and to appear in configuration files: a letter, then
// letters, digits, '_', '+' or '-' (element symbols, LAMMPS type labels such as "Na+" or "O_w"), at most 32
// characters. No '#' (MLIP-3 takes the first '#' in an .almtp for the start of its state), no blanks, ',' or
// ';' (the separators of the lists that hold names).
bool is_valid_species_name(const std::string& name);

}  // namespace mtp
