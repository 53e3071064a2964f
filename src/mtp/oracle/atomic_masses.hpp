#pragma once
#include <string>

namespace mtp::oracle {

// Standard atomic weight (g/mol, IUPAC, abridged; the most stable isotope's mass number for elements with
// none) of an element symbol ("Cu" -> 63.546). LAMMPS needs a mass per type and pw.x one per species; a
// single point does not depend on it. Throws mtp::Error for a symbol that is not an element.
double atomic_mass(const std::string& symbol);

}  // namespace mtp::oracle
