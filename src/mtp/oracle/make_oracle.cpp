#include "mtp/core/error.hpp"
#include "mtp/oracle/command_oracle.hpp"
#include "mtp/oracle/lammps_oracle.hpp"
#include "mtp/oracle/oracle.hpp"
#include "mtp/oracle/qe_oracle.hpp"

namespace mtp::oracle {

std::unique_ptr<Oracle> make_oracle(const std::string& kind, const OracleSettings& settings) {
  if (kind == "lammps") return make_lammps_oracle(settings);
  if (kind == "qe" || kind == "quantum-espresso" || kind == "pw.x") return make_qe_oracle(settings);
  if (kind == "command") return make_command_oracle(settings);
  throw Error("unknown oracle kind '" + kind + "' (expected lammps, qe or command)");
}

}  // namespace mtp::oracle
