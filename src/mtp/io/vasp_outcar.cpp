// Placeholder until the OUTCAR reader lands (issue 2); replaced wholesale by its implementation.
#include "mtp/io/vasp_outcar.hpp"

#include "mtp/core/error.hpp"

namespace mtp::io {
std::unique_ptr<ConfigurationReader> make_vasp_outcar_reader(const std::string&) {
  throw Error("vasp-outcar: not built yet");
}
}  // namespace mtp::io
