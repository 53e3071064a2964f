// Placeholder until the POSCAR format lands (issue 2); replaced wholesale by its implementation.
#include "mtp/io/vasp_poscar.hpp"

#include "mtp/core/error.hpp"

namespace mtp::io {
std::unique_ptr<ConfigurationReader> make_vasp_poscar_reader(const std::string&) {
  throw Error("vasp-poscar: not built yet");
}
void write_vasp_poscar(std::ostream&, const Configuration&) { throw Error("vasp-poscar: not built yet"); }
std::unique_ptr<ConfigurationWriter> make_vasp_poscar_writer(const std::string&) {
  throw Error("vasp-poscar: not built yet");
}
}  // namespace mtp::io
