#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace mtp::io {

// The chemical elements by atomic number, for formats that name species (extended XYZ, POSCAR, OUTCAR).
// Symbol of atomic number z (1..118), empty outside that range.
std::string element_symbol(int z);
// Standard atomic weight of atomic number z (g/mol, IUPAC abridged; "Cu" 63.546), 0 outside 1..118.
double standard_atomic_weight(int z);
// Atomic number of a symbol ("Cu" -> 29; exact case), 0 when it is not an element.
int atomic_number(std::string_view symbol);
// A type order (the element of each type, as a symbol or an atomic number, e.g. MLIP-3's
// --type_order=29,28) as symbols; throws mtp::Error for a number outside 1..118.
std::vector<std::string> type_order_symbols(const std::vector<std::string>& order);
// The element part of a species label: "Fe_pv" and "Fe/6ae8d4b4" (VASP 6 POTCAR hashes) -> "Fe".
std::string species_element(std::string_view label);

}  // namespace mtp::io
