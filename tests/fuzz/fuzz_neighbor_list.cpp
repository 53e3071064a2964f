// libFuzzer target: hostile cells. Configurations read from .cfg input get a neighbour list at a cutoff taken
// from the first byte (0.5..13 A): degenerate, tiny and skewed cells must be refused with mtp::Error or
// listed within the time and memory limits, never explode (the image search is bounded: core/limits.hpp).
#include "fuzz_support.hpp"
#include "mtp/core/neighbor_list.hpp"
#include "mtp/io/cfg_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mtp;
  if (size < 1) return 0;
  const double cutoff = 0.5 + 0.05 * double(data[0] % 251);
  const auto make = [](std::istream& in) { return io::make_cfg_text_reader(in, "fuzz.cfg"); };
  for (const Configuration& c : fuzz::read_all(fuzz::bytes(data + 1, size - 1), make, 4)) {
    try {
      const NeighborList nl = NeighborList::build(c, cutoff);
      if (nl.offsets.size() != c.size() - c.ghost_count() + 1) __builtin_trap();
    } catch (const Error&) {
    }
  }
  return 0;
}
