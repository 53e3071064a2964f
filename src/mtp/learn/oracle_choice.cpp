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
  return oracle::make_oracle(kind, settings);
}

}  // namespace mtp::learn
