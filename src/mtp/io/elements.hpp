#pragma once
#include <string>
#include <string_view>

namespace mtp::io {

// The chemical elements by atomic number, for formats that name species (extended XYZ, POSCAR, OUTCAR).
// Symbol of atomic number z (1..118), empty outside that range.
std::string element_symbol(int z);
// Atomic number of a symbol ("Cu" -> 29; exact case), 0 when it is not an element.
int atomic_number(std::string_view symbol);

}  // namespace mtp::io
