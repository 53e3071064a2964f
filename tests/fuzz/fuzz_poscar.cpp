// libFuzzer target: the POSCAR reader, and the writer on what it accepts.
#include <algorithm>

#include "fuzz_support.hpp"
#include "mtp/io/vasp_poscar.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mtp;
  const auto make = [](std::istream& in) { return io::make_vasp_poscar_reader(in, "POSCAR"); };
  for (const Configuration& c : fuzz::read_all(fuzz::bytes(data, size), make)) {
    const std::string text = fuzz::write_or_empty(c, [](std::ostream& o, const Configuration& x) { io::write_vasp_poscar(o, x); });
    if (!text.empty() && fuzz::read_all(text, make).size() != 1) __builtin_trap();
  }
  // Under a species order: symbols mapped on reading, written back as VASP 5's symbol line, same types again.
  const auto named = [](std::istream& in) {
    return io::make_vasp_poscar_reader(in, "POSCAR", io::PoscarOptions{fuzz::every_element()});
  };
  for (const Configuration& c : fuzz::read_all(fuzz::bytes(data, size), named)) {
    const std::string text = fuzz::write_or_empty(
        c, [](std::ostream& o, const Configuration& x) { io::write_vasp_poscar(o, x, fuzz::every_element()); });
    if (text.empty()) continue;
    const auto back = fuzz::read_all(text, named);
    if (back.size() != 1) __builtin_trap();
    std::vector<int> before = c.types, after = back[0].types;  // the writer groups atoms by type
    std::sort(before.begin(), before.end());
    std::sort(after.begin(), after.end());
    if (before != after) __builtin_trap();
  }
  return 0;
}
