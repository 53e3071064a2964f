#pragma once
#include <iosfwd>
#include <string>

#include "mtp/model/potential.hpp"

namespace mtp::fit {

// MLIP-2's "Errors report" of a potential on the configurations of a .cfg file (energy, energy per atom,
// forces, stresses in eV and GPa; spec 3.3), streamed one configuration at a time, printed to `out`.
void report_errors(const Potential& potential, const std::string& cfg_path, std::ostream& out, int threads = 1);

}  // namespace mtp::fit
