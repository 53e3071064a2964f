// libFuzzer target: the text .cfg reader (and the Lossless writer on what it accepts, read back).
#include "fuzz_support.hpp"
#include "mtp/io/cfg_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mtp;
  const auto make = [](std::istream& in) { return io::make_cfg_text_reader(in, "fuzz.cfg"); };
  for (const Configuration& c : fuzz::read_all(fuzz::bytes(data, size), make)) {
    const std::string text = fuzz::write_or_empty(c, [](std::ostream& o, const Configuration& x) {
      io::write_cfg_text(o, x, io::CfgTextStyle::Lossless);
    });
    if (!text.empty() && fuzz::read_all(text, make).size() != 1) __builtin_trap();  // lossless output must read back
  }
  return 0;
}
