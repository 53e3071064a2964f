#pragma once
#include <iosfwd>
#include <string>

#include "mtp/model/potential.hpp"

namespace mtp::fit {

// MLIP-2's "Errors report" (fit/error_report) of a potential on the configurations of a .cfg file, evaluated in
// batches of 32 per thread as the file streams, printed to `out`.
void report_errors(const Potential& potential, const std::string& cfg_path, std::ostream& out, int threads = 1);

}  // namespace mtp::fit
