// libFuzzer target: the .mtp reader. An accepted potential is written and read back with the same parameters;
// every count it declares is bounded (core/limits.hpp), so no input may allocate much or take long.
#include <sstream>

#include "fuzz_support.hpp"
#include "mtp/io/mtp_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mtp;
  std::istringstream in(fuzz::bytes(data, size));
  Potential p;
  try {
    p = io::read_potential(in, "fuzz.mtp");
  } catch (const Error&) {
    return 0;
  }
  std::ostringstream out;
  try {
    io::write_potential(out, p);
  } catch (const Error&) {
    return 0;
  }
  std::istringstream back(out.str());
  const Potential q = io::read_potential(back, "written.mtp");  // what we write must read back
  if (q.parameters().size() != p.parameters().size()) __builtin_trap();
  return 0;
}
