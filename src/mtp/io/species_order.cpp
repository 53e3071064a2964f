#include "mtp/io/species_order.hpp"

#include <algorithm>

#include "mtp/core/error.hpp"
#include "mtp/io/elements.hpp"
#include "mtp/core/species_name.hpp"

namespace mtp::io {

SpeciesOrder::SpeciesOrder(const std::vector<std::string>& names) {
  for (const std::string& name : type_order_symbols(names)) {
    if (!is_valid_species_name(name))
      throw Error("species order: '" + name + "' is not a species name (a letter, then letters, digits, _, + or -)");
    if (std::find(names_.begin(), names_.end(), name) != names_.end())
      throw Error("species order: '" + name + "' is given twice");
    names_.push_back(name);
  }
}

SpeciesOrder SpeciesOrder::parse(const std::string& list) {
  std::vector<std::string> names;
  std::string item;
  for (char c : list + ",") {
    if (c == ',' || c == ' ' || c == '\t') {
      if (!item.empty()) names.push_back(item);
      item.clear();
    } else {
      item += c;
    }
  }
  if (names.empty()) throw Error("species order: expected a comma-separated list of elements, got '" + list + "'");
  return SpeciesOrder(names);
}

int SpeciesOrder::type_of(const std::string& name) const {
  const auto it = std::find(names_.begin(), names_.end(), name);
  return it == names_.end() ? -1 : static_cast<int>(it - names_.begin());
}

const std::string& SpeciesOrder::name_of(int type) const {
  if (type < 0 || static_cast<std::size_t>(type) >= names_.size())
    throw Error("type " + std::to_string(type) + " is not in the species order (" + listed() + ")");
  return names_[static_cast<std::size_t>(type)];
}

std::string SpeciesOrder::listed() const {
  std::string s;
  for (const std::string& n : names_) s += (s.empty() ? "" : ", ") + n;
  return s;
}

std::string SpeciesOrder::not_in_order(const std::string& name) const {
  return "element '" + name + "' is not in the species order (" + listed() + ")";
}

SpeciesOrder run_species_order(const std::vector<std::string>& potential_names, const SpeciesOrder& explicit_order,
                               const std::string& explicit_source) {
  if (potential_names.empty()) return explicit_order;
  SpeciesOrder recorded(potential_names);
  if (!explicit_order.empty() && explicit_order.names() != recorded.names())
    throw Error(explicit_source + " (" + explicit_order.listed() + ") disagrees with the species the potential records (" +
                recorded.listed() + ")");
  return recorded;
}

}  // namespace mtp::io
