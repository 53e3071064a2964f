#pragma once
#include <memory>
#include <string>
#include <vector>

#include "mtp/oracle/oracle.hpp"

namespace mtp::oracle {

// Any program as the reference, through a command line: writes the configuration into the work directory
// (POSCAR, .cfg or extended XYZ), copies the user's fixed files beside it (INCAR, POTCAR, KPOINTS, ...),
// runs the command there with /bin/sh and reads the result back (OUTCAR's last ionic step, .cfg or extended
// XYZ, the last configuration in the file). The output must hold the same atoms: a POSCAR groups atoms by
// type, so results are matched back to the configuration's order, and atoms that moved (a relaxation
// instead of a single point) are an error.
enum class CommandInputFormat { Poscar, Cfg, ExtXyz };
enum class CommandOutputFormat { Outcar, Cfg, ExtXyz };

struct CommandOracleOptions {
  std::string command;                        // e.g. "mpirun -np 16 vasp_std" or "sbatch --wait job.sh"
  CommandInputFormat input_format = CommandInputFormat::Poscar;
  std::string input_name;                     // default POSCAR, in.cfg, in.xyz
  CommandOutputFormat output_format = CommandOutputFormat::Outcar;
  std::string output_name;                    // default OUTCAR, out.cfg, out.xyz
  std::vector<std::string> files;             // copied into the work directory before the run
  std::vector<std::string> species;           // element by type index (extended XYZ needs it)
  double position_tolerance = 1e-3;           // A: output atoms farther from the input are an error
  double timeout = 0;                         // s; 0: none
};

class CommandOracle : public Oracle {
 public:
  explicit CommandOracle(CommandOracleOptions options);
  std::string name() const override { return "command"; }
  void compute(Configuration& cfg, const std::string& workdir) const override;

 private:
  CommandOracleOptions options_;
};

// Keys: command, input_format, input_name, output_format, output_name, files, species, position_tolerance.
std::unique_ptr<Oracle> make_command_oracle(const OracleSettings& settings);

}  // namespace mtp::oracle
