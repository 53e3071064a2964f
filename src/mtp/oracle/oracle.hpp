#pragma once
#include <map>
#include <memory>
#include <string>

#include "mtp/core/configuration.hpp"

namespace mtp::oracle {

// An ab initio (or reference) calculator that the active-learning loop asks for energies, forces and
// stresses of selected configurations. Implementations run an external program (LAMMPS with a reference
// pair style, Quantum ESPRESSO's pw.x, or any user command such as a VASP job) in a directory of their own.
class Oracle {
 public:
  virtual ~Oracle() = default;
  virtual std::string name() const = 0;
  // Fills cfg.energy (eV), cfg.forces (eV/A) and cfg.virial (PlusStress, eV) in place, and sets the feature
  // EFS_by to the oracle's name. `workdir` is an empty directory for this one calculation, kept afterwards so
  // a user can inspect inputs and outputs; a calculation may take hours (a batch job). Throws mtp::Error with
  // the reason (and the output file to look at) when the calculation fails or does not converge.
  virtual void compute(Configuration& cfg, const std::string& workdir) const = 0;
};

// Settings of an oracle as key -> value strings (from the [oracle] table of the active-learning settings
// file; docs/ORACLES.md lists the keys and defaults of each kind). `species` maps type index -> element symbol
// ("species" key, comma-separated), needed by every oracle that speaks in elements.
using OracleSettings = std::map<std::string, std::string>;

// kind: "lammps", "qe" or "command". Throws mtp::Error naming an unknown kind or a missing/invalid key.
std::unique_ptr<Oracle> make_oracle(const std::string& kind, const OracleSettings& settings);

}  // namespace mtp::oracle
