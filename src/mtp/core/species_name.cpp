#include "mtp/core/species_name.hpp"

#include <cctype>

namespace mtp {

bool is_valid_species_name(const std::string& name) {
  if (name.empty() || name.size() > 32 || !std::isalpha(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '+' && c != '-') return false;
  return true;
}

}  // namespace mtp
