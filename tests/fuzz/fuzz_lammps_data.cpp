// libFuzzer target: the LAMMPS data reader, and the writer on what it accepts.
#include "fuzz_support.hpp"
#include "mtp/io/lammps_data.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mtp;
  const auto make = [](std::istream& in) { return io::make_lammps_data_reader(in, "lmp.data", fuzz::every_element()); };
  for (const Configuration& c : fuzz::read_all(fuzz::bytes(data, size), make)) {
    fuzz::write_or_empty(c, [](std::ostream& o, const Configuration& x) { io::write_lammps_data(o, x); });
    fuzz::write_or_empty(c, [](std::ostream& o, const Configuration& x) { io::write_lammps_data(o, x, fuzz::every_element()); });
  }
  return 0;
}
