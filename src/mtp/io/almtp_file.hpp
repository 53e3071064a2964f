#pragma once
#include <iosfwd>
#include <optional>
#include <string>

#include "mtp/active/active_set.hpp"
#include "mtp/model/potential.hpp"

namespace mtp::io {

// MLIP-3's .almtp (spec mlip3 2.1): the .mtp text, optionally followed by the selection state
// "\n#MVS_v1.1\n", five text lines of weights (energy, force, stress, site energy: %.16e; weight_scaling: an
// integer), "#", A and (A^-1)^T as native row-major doubles, "\n#\n", n lines "cfg_index eqn_index" (-1 -1 for
// a row never filled), "#\n", and the configurations in lossless text with Feature selected_eqn_inds.
struct AlmtpContents {
  Potential potential;
  std::optional<active::ActiveSet> active_set;  // absent for a plain potential (untrained templates)
};

// `init_value`: MLIP-3's default 1e-6. Throws mtp::Error naming the file on malformed input.
AlmtpContents read_almtp(std::istream& in, const std::string& name, double init_value = 1e-6);
AlmtpContents load_almtp(const std::string& path, double init_value = 1e-6);
void write_almtp(std::ostream& out, const active::ActiveSet& set);
void save_almtp(const std::string& path, const active::ActiveSet& set);  // atomically

// True when the file at `path` is a potential with an MLIP-3 selection state (text "#MVS" after the .mtp).
bool has_mlip3_state(const std::string& path);

}  // namespace mtp::io
