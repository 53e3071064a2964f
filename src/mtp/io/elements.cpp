#include "mtp/io/elements.hpp"

#include <charconv>

#include "mtp/core/error.hpp"

namespace mtp::io {
namespace {
constexpr const char* kSymbols[] = {
    "H",  "He", "Li", "Be", "B",  "C",  "N",  "O",  "F",  "Ne", "Na", "Mg", "Al", "Si", "P",  "S",  "Cl", "Ar",
    "K",  "Ca", "Sc", "Ti", "V",  "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr",
    "Rb", "Sr", "Y",  "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I",  "Xe",
    "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf",
    "Ta", "W",  "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th",
    "Pa", "U",  "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr", "Rf", "Db", "Sg", "Bh", "Hs",
    "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og"};
constexpr int kCount = static_cast<int>(sizeof kSymbols / sizeof kSymbols[0]);
}  // namespace

std::string element_symbol(int z) { return z >= 1 && z <= kCount ? kSymbols[z - 1] : std::string(); }

int atomic_number(std::string_view symbol) {
  for (int z = 1; z <= kCount; ++z)
    if (symbol == kSymbols[z - 1]) return z;
  return 0;
}

std::vector<std::string> type_order_symbols(const std::vector<std::string>& order) {
  std::vector<std::string> out;
  for (const std::string& entry : order) {
    int z = 0;
    const char* end = entry.data() + entry.size();
    const auto r = std::from_chars(entry.data(), end, z);
    if (!entry.empty() && r.ec == std::errc() && r.ptr == end) {
      const std::string symbol = element_symbol(z);
      if (symbol.empty()) throw Error("type order: '" + entry + "' is not an atomic number between 1 and 118");
      out.push_back(symbol);
    } else {
      out.push_back(entry);
    }
  }
  return out;
}

std::string species_element(std::string_view label) {
  const auto cut = label.find_first_of("_/.:");
  return std::string(label.substr(0, cut));
}

}  // namespace mtp::io
