// libFuzzer target: the POSCAR reader, and the writer on what it accepts.
#include "fuzz_support.hpp"
#include "mtp/io/vasp_poscar.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mtp;
  const auto make = [](std::istream& in) { return io::make_vasp_poscar_reader(in, "POSCAR"); };
  for (const Configuration& c : fuzz::read_all(fuzz::bytes(data, size), make)) {
    const std::string text = fuzz::write_or_empty(c, io::write_vasp_poscar);
    if (!text.empty() && fuzz::read_all(text, make).size() != 1) __builtin_trap();
  }
  return 0;
}
