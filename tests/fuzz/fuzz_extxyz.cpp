// libFuzzer target: the extended XYZ reader; what it accepts is written and must read back identically
// (the virial aside: it goes through stress and the volume).
#include "fuzz_support.hpp"
#include "mtp/io/extxyz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mtp;
  const io::ExtXyzOptions options{fuzz::every_element()};
  const auto make = [&](std::istream& in) { return io::make_extxyz_reader(in, "fuzz.xyz", options); };
  for (const Configuration& c : fuzz::read_all(fuzz::bytes(data, size), make)) {
    const std::string text = fuzz::write_or_empty(c, [&](std::ostream& o, const Configuration& x) { io::write_extxyz(o, x, options); });
    if (text.empty()) continue;
    const auto back = fuzz::read_all(text, make);
    if (back.size() != 1 || back[0].positions != c.positions || back[0].types != c.types ||
        back[0].features != c.features || !(back[0].lattice == c.lattice) || back[0].forces != c.forces ||
        back[0].energy != c.energy || back[0].charges != c.charges || back[0].site_energies != c.site_energies)
      __builtin_trap();
  }
  return 0;
}
