#pragma once
// Shared by the libFuzzer targets: feed the input bytes to a reader as a stream and read every
// configuration. mtp::Error is the expected outcome for malformed input; anything else (a crash, a
// sanitizer report, another exception type, a configuration that fails validate()) is a bug.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/configuration_stream.hpp"
#include "mtp/io/elements.hpp"
#include "mtp/io/species_order.hpp"

namespace mtp::fuzz {

// A species order holding every element (H is type 0, ...), so any symbol a fuzzer makes up that is an
// element maps to a type, and the readers' name mapping is exercised.
inline const io::SpeciesOrder& every_element() {
  static const io::SpeciesOrder order = [] {
    std::vector<std::string> names;
    for (int z = 1; !io::element_symbol(z).empty(); ++z) names.push_back(io::element_symbol(z));
    return io::SpeciesOrder(names);
  }();
  return order;
}

inline std::string bytes(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Reads up to `limit` configurations; returns them (empty when the input was rejected).
template <class MakeReader>
std::vector<Configuration> read_all(const std::string& text, MakeReader make, std::size_t limit = 64) {
  std::vector<Configuration> out;
  std::istringstream in(text);
  try {
    auto reader = make(in);
    Configuration c;
    while (out.size() < limit && reader->next(c)) {
      c.validate();  // a reader must never hand out an inconsistent configuration
      out.push_back(c);
    }
  } catch (const Error&) {
    out.clear();
  }
  return out;
}

// Writers may refuse a configuration (e.g. POSCAR needs a 3-periodic cell) but only with mtp::Error.
template <class Write>
std::string write_or_empty(const Configuration& c, Write write) {
  std::ostringstream out;
  try {
    write(out, c);
  } catch (const Error&) {
    return {};
  }
  return out.str();
}

}  // namespace mtp::fuzz
