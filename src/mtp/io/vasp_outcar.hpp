#pragma once
#include <memory>
#include <string>

#include "mtp/io/configuration_stream.hpp"

namespace mtp::io {

// Every ionic step of a VASP OUTCAR, with the energy MLIP-2 takes (free energy TOTEN when ISMEAR <= 0,
// else energy(sigma->0)), forces, and the virial from the "Total" line of "FORCE on cell"; steps whose
// electronic loop reached NELM get Feature EFS_by = VASP_not_converged, the rest EFS_by = VASP.
std::unique_ptr<ConfigurationReader> make_vasp_outcar_reader(const std::string& path);

}  // namespace mtp::io
