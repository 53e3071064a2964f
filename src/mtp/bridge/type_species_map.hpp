#pragma once
// Which species of a potential each of a host code's atom types is (LAMMPS's `pair_coeff * * ...` words).
#include <string>
#include <vector>

namespace mtp::bridge {

// The words after `pair_coeff * *`, split into an optional potential file and one word per atom type.
struct PairCoeffWords {
  std::string potential_path;           // "" when the words name no file
  std::vector<std::string> type_words;  // empty, or one per atom type
};

// The first word is a potential file when there are type_count + 1 words, or a single word while there are
// several types (`pair_coeff * * pot.mtp`); with one type and one word it is a file unless it is NULL, an
// integer or one of `species_names` (the names of the potential already loaded, if any). Throws mtp::Error
// for any other count.
PairCoeffWords split_pair_coeff_words(const std::vector<std::string>& words, int type_count,
                                      const std::vector<std::string>& species_names);

// species[t] for host types t = 1..type_count (species[0] unused, -1): the potential's 0-based species, or -1
// for NULL (the type is left to another style). With no words, type t is species t-1 (MLIP-2's convention).
// A word is a species name when the potential records names (`species_names`, as ML-PACE maps elements),
// else a 0-based species index (LAMMPS ML-MTP's syntax; also accepted when names are recorded).
// Throws mtp::Error naming the type and the word when a word is neither.
std::vector<int> species_of_types(const std::vector<std::string>& type_words, int type_count, int species_count,
                                  const std::vector<std::string>& species_names);

}  // namespace mtp::bridge
