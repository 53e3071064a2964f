// libFuzzer target: the VASP OUTCAR reader.
#include "fuzz_support.hpp"
#include "mtp/io/vasp_outcar.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mtp;
  fuzz::read_all(fuzz::bytes(data, size), [](std::istream& in) {
    return io::make_vasp_outcar_reader(in, "OUTCAR", [](const std::string&) {});
  });
  return 0;
}
