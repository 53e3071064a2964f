#include <memory>

#include "mtp/core/error.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/learn/mtp_oracle.hpp"

// Kept apart from mtp_oracle.cpp so that a program using only MtpOracle does not need the other oracles.
namespace mtp::learn {

std::unique_ptr<oracle::Oracle> make_learning_oracle(const std::string& kind, const oracle::OracleSettings& settings) {
  if (kind == "mtp") {
    auto it = settings.find("potential");
    if (it == settings.end() || it->second.empty()) throw Error("[oracle] kind \"mtp\" needs key potential (an .mtp file)");
    return std::make_unique<MtpOracle>(io::load_potential(it->second));
  }
#if __has_include("mtp/oracle/lammps_oracle.hpp")
  return oracle::make_oracle(kind, settings);
#else
  // Until the oracles (src/mtp/oracle) are part of the build, only the MTP teacher is available.
  throw Error("[oracle] kind \"" + kind + "\": this build has only the \"mtp\" oracle");
#endif
}

}  // namespace mtp::learn
