#include "mtp/bridge/type_species_map.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "mtp/core/error.hpp"

namespace mtp::bridge {
namespace {

bool parse_index(const std::string& w, long& value) {
  if (w.empty()) return false;
  char* end = nullptr;
  errno = 0;
  value = std::strtol(w.c_str(), &end, 10);
  return errno == 0 && end && *end == '\0';
}

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "" : " ") + n;
  return s;
}

}  // namespace

PairCoeffWords split_pair_coeff_words(const std::vector<std::string>& words, int type_count,
                                      const std::vector<std::string>& species_names) {
  PairCoeffWords out;
  const std::size_t n = words.size();
  const std::size_t types = std::size_t(std::max(type_count, 0));
  bool first_is_file = false;
  if (n == types + 1) {
    first_is_file = true;
  } else if (n == 1 && types != 1) {
    first_is_file = true;
  } else if (n == 1 && types == 1) {
    long index = 0;
    const std::string& w = words[0];
    first_is_file = w != "NULL" && !parse_index(w, index) &&
                    std::find(species_names.begin(), species_names.end(), w) == species_names.end();
  } else if (n != 0 && n != types) {
    throw Error("pair_coeff * * expects [potential file] and then one species for each of the " +
                std::to_string(types) + " atom types (or none), got " + std::to_string(n) + " words");
  }
  std::size_t next = 0;
  if (first_is_file) out.potential_path = words[next++];
  out.type_words.assign(words.begin() + long(next), words.end());
  return out;
}

std::vector<int> species_of_types(const std::vector<std::string>& type_words, int type_count, int species_count,
                                  const std::vector<std::string>& species_names) {
  std::vector<int> species(std::size_t(std::max(type_count, 0)) + 1, -1);
  if (type_words.empty()) {
    if (type_count > species_count)
      throw Error(std::to_string(type_count) + " atom types but the potential has " + std::to_string(species_count) +
                  " species: give the species of each type after pair_coeff * *");
    for (int t = 1; t <= type_count; ++t) species[t] = t - 1;
    return species;
  }
  if (int(type_words.size()) != type_count)
    throw Error("pair_coeff * * expects one species for each of the " + std::to_string(type_count) +
                " atom types, got " + std::to_string(type_words.size()));
  for (int t = 1; t <= type_count; ++t) {
    const std::string& w = type_words[t - 1];
    if (w == "NULL") continue;
    const auto named = std::find(species_names.begin(), species_names.end(), w);
    long index = 0;
    if (named != species_names.end()) {
      species[t] = int(named - species_names.begin());
    } else if (parse_index(w, index)) {
      if (index < 0 || index >= species_count)
        throw Error("species index " + w + " for atom type " + std::to_string(t) + " is outside the potential's 0.." +
                    std::to_string(species_count - 1));
      species[t] = int(index);
    } else if (species_names.empty()) {
      throw Error("atom type " + std::to_string(t) + ": '" + w +
                  "' is not a species index, and the potential records no species names: give 0-based indices "
                  "(0.." + std::to_string(species_count - 1) + ") or NULL");
    } else {
      throw Error("atom type " + std::to_string(t) + ": '" + w + "' is not one of the potential's species (" +
                  joined(species_names) + "), a 0-based index or NULL");
    }
  }
  return species;
}

}  // namespace mtp::bridge
