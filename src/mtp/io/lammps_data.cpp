// Placeholder until the LAMMPS formats land (issue 2); replaced wholesale by their implementation.
#include "mtp/io/lammps_data.hpp"

#include "mtp/core/error.hpp"

namespace mtp::io {
std::unique_ptr<ConfigurationReader> make_lammps_data_reader(const std::string&) {
  throw Error("lammps-datafile: not built yet");
}
void write_lammps_data(std::ostream&, const Configuration&) { throw Error("lammps-datafile: not built yet"); }
std::unique_ptr<ConfigurationWriter> make_lammps_data_writer(const std::string&) {
  throw Error("lammps-datafile: not built yet");
}
std::unique_ptr<ConfigurationReader> make_lammps_dump_reader(const std::string&) {
  throw Error("lammps-dump: not built yet");
}
}  // namespace mtp::io
