// libFuzzer target: the LAMMPS dump reader.
#include "fuzz_support.hpp"
#include "mtp/io/lammps_dump.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mtp;
  fuzz::read_all(fuzz::bytes(data, size), [](std::istream& in) { return io::make_lammps_dump_reader(in, "dump"); });
  return 0;
}
