#pragma once
#include <memory>
#include <string>

#include "mtp/model/evaluator.hpp"
#include "mtp/oracle/oracle.hpp"

namespace mtp::learn {

// A trained MTP as the reference ("teacher"): learning a smaller potential from a larger one, and a
// reference that costs nothing, for tests and for comparing sampling strategies. Oracle kind "mtp", key
// `potential` (the .mtp file).
class MtpOracle : public oracle::Oracle {
 public:
  explicit MtpOracle(const Potential& teacher) : evaluator_(teacher) {}
  std::string name() const override { return "mtp"; }
  void compute(Configuration& cfg, const std::string& workdir) const override;

 private:
  Evaluator evaluator_;
};

// The oracle of the [oracle] table: kind "mtp" here, every other kind from oracle::make_oracle.
std::unique_ptr<oracle::Oracle> make_learning_oracle(const std::string& kind, const oracle::OracleSettings& settings);

}  // namespace mtp::learn
