#pragma once
#include <memory>
#include <string>
#include <vector>

#include "mtp/oracle/oracle.hpp"

namespace mtp::oracle {

// Any LAMMPS pair style as the reference: writes the configuration as a LAMMPS data file (units metal, one
// LAMMPS type per species, masses from the elements), runs LAMMPS for zero steps and reads back the energy,
// the forces (a dump sorted by id) and the virial (pressure times volume). LAMMPS wants a restricted
// triclinic box, so the cell is rotated into that form (and its tilts reduced) and the forces and virial
// are rotated back. Non-periodic directions become shrink-wrapped boundaries.
struct LammpsOracleOptions {
  std::vector<std::string> species;      // element by type index
  std::string pair_style;                // e.g. "eam/alloy"
  std::vector<std::string> pair_coeff;   // each "* * file Cu" (without the word pair_coeff); {species} expands
  std::vector<std::string> commands;     // more input lines before the run (pair_modify, neighbor, ...)
  std::string executable = "lmp";
  std::string mpi;                       // prefix such as "mpirun -np 2"; empty: serial
  double timeout = 0;                         // s; 0: none
};

class LammpsOracle : public Oracle {
 public:
  explicit LammpsOracle(LammpsOracleOptions options);
  std::string name() const override { return "lammps"; }
  void compute(Configuration& cfg, const std::string& workdir) const override;

 private:
  LammpsOracleOptions options_;
};

// Keys: species, pair_style, pair_coeff, commands, executable, mpi (docs/ORACLES.md).
std::unique_ptr<Oracle> make_lammps_oracle(const OracleSettings& settings);

}  // namespace mtp::oracle
