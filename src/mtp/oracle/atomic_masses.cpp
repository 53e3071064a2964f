#include "mtp/oracle/atomic_masses.hpp"

#include "mtp/core/error.hpp"
#include "mtp/io/elements.hpp"

namespace mtp::oracle {

double atomic_mass(const std::string& symbol) {
  const int z = io::atomic_number(symbol);
  if (z < 1 || z > 118) throw Error("'" + symbol + "' is not an element symbol (expected e.g. Al, Si, Cu)");
  return io::standard_atomic_weight(z);
}

}  // namespace mtp::oracle
