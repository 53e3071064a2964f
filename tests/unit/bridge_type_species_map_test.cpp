// `pair_coeff * * [file] <species of each type>`: by element name where the potential records names, by
// 0-based index otherwise (LAMMPS ML-MTP), NULL for types left to another style.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mtp/bridge/type_species_map.hpp"
#include "mtp/core/error.hpp"

namespace {

using mtp::bridge::species_of_types;
using mtp::bridge::split_pair_coeff_words;
using Words = std::vector<std::string>;

TEST(TypeSpeciesMap, NamesWhereThePotentialRecordsThem) {
  const Words names{"Mo", "Nb"};
  EXPECT_EQ(species_of_types({"Nb", "Mo", "Nb"}, 3, 2, names), (std::vector<int>{-1, 1, 0, 1}));
  EXPECT_EQ(species_of_types({"Mo", "NULL"}, 2, 2, names), (std::vector<int>{-1, 0, -1}));
  // ML-MTP's indices stay accepted.
  EXPECT_EQ(species_of_types({"1", "0"}, 2, 2, names), (std::vector<int>{-1, 1, 0}));
  try {
    species_of_types({"Mo", "Ta"}, 2, 2, names);
    FAIL() << "Ta is not a species of the potential";
  } catch (const mtp::Error& e) {
    EXPECT_NE(std::string(e.what()).find("atom type 2: 'Ta' is not one of the potential's species (Mo Nb)"),
              std::string::npos)
        << e.what();
  }
}

TEST(TypeSpeciesMap, IndicesWithoutNames) {
  EXPECT_EQ(species_of_types({"1", "1", "0"}, 3, 2, {}), (std::vector<int>{-1, 1, 1, 0}));
  EXPECT_EQ(species_of_types({}, 2, 3, {}), (std::vector<int>{-1, 0, 1}));
  EXPECT_THROW(species_of_types({}, 3, 2, {}), mtp::Error);        // more types than species, no map
  EXPECT_THROW(species_of_types({"2", "0"}, 2, 2, {}), mtp::Error);  // out of range
  EXPECT_THROW(species_of_types({"-1", "0"}, 2, 2, {}), mtp::Error);
  EXPECT_THROW(species_of_types({"0"}, 2, 2, {}), mtp::Error);       // one word for two types
  try {
    species_of_types({"Mo", "Nb"}, 2, 2, {});
    FAIL() << "names without names in the potential";
  } catch (const mtp::Error& e) {
    EXPECT_NE(std::string(e.what()).find("records no species names"), std::string::npos) << e.what();
  }
}

TEST(TypeSpeciesMap, SplitsThePotentialFileFromTheTypeWords) {
  auto s = split_pair_coeff_words({"pot.almtp", "Mo", "Nb"}, 2, {});
  EXPECT_EQ(s.potential_path, "pot.almtp");
  EXPECT_EQ(s.type_words, (Words{"Mo", "Nb"}));
  s = split_pair_coeff_words({"Mo", "Nb"}, 2, {"Mo", "Nb"});
  EXPECT_EQ(s.potential_path, "");
  EXPECT_EQ(s.type_words, (Words{"Mo", "Nb"}));
  s = split_pair_coeff_words({"pot.mtp"}, 2, {});
  EXPECT_EQ(s.potential_path, "pot.mtp");
  EXPECT_TRUE(s.type_words.empty());
  // One type, one word: a file unless it names a species.
  EXPECT_EQ(split_pair_coeff_words({"pot.mtp"}, 1, {}).potential_path, "pot.mtp");
  EXPECT_EQ(split_pair_coeff_words({"0"}, 1, {}).potential_path, "");
  EXPECT_EQ(split_pair_coeff_words({"NULL"}, 1, {}).potential_path, "");
  EXPECT_EQ(split_pair_coeff_words({"Mo"}, 1, {"Mo"}).potential_path, "");
  EXPECT_TRUE(split_pair_coeff_words({}, 3, {}).type_words.empty());
  EXPECT_THROW(split_pair_coeff_words({"pot.mtp", "0", "1", "0"}, 2, {}), mtp::Error);
}

}  // namespace
