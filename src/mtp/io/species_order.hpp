#pragma once
#include <string>
#include <vector>

namespace mtp::io {

// One run's mapping between species names (element symbols, LAMMPS type labels) and the type numbers of
// configurations and potentials: type t is names()[t]. Every reader of a format that names its species maps
// the names through it, and every writer of such a format writes names()[type], so two files listing their
// species in different orders get the same types. A run takes it from one place: the potential's recorded
// names (Potential::species_names), --type-order, or the active-learning settings (`species`); see
// run_species_order.
class SpeciesOrder {
 public:
  SpeciesOrder() = default;  // no order: files that name their species cannot be mapped
  // Symbols, other names, or atomic numbers (MLIP-3's --type_order=29,28 means Cu, Ni). Throws mtp::Error
  // for an invalid or repeated name or an atomic number outside 1..118.
  explicit SpeciesOrder(const std::vector<std::string>& names);
  // "Na,Cl" or "11,17" (commas or blanks between entries).
  static SpeciesOrder parse(const std::string& list);

  bool empty() const { return names_.empty(); }
  std::size_t size() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }
  // Type of a name; -1 when the order does not hold it.
  int type_of(const std::string& name) const;
  // Name of a type; throws mtp::Error for a type the order does not cover.
  const std::string& name_of(int type) const;
  // "element 'K' is not in the species order (Na, Cl)": for readers to report with their file and line.
  std::string not_in_order(const std::string& name) const;
  // "Na, Cl"
  std::string listed() const;

 private:
  std::vector<std::string> names_;
};

// The run's species order from what the run was given: the potential's recorded names (empty if none) and
// an explicit order (--type-order or the settings file; empty if none). Both given and different is an
// error, as the potential would be applied to the wrong elements.
SpeciesOrder run_species_order(const std::vector<std::string>& potential_names, const SpeciesOrder& explicit_order,
                               const std::string& explicit_source = "--type-order");

}  // namespace mtp::io
