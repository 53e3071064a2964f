#include "mtp/learn/mtp_oracle.hpp"

#include "mtp/core/error.hpp"
#include "mtp/io/mtp_file.hpp"

namespace mtp::learn {

void MtpOracle::compute(Configuration& cfg, const std::string& /*workdir*/) const {
  evaluator_.compute_into(cfg);
  cfg.site_energies.clear();  // an ab initio code gives none; keep the training set alike
  cfg.features["EFS_by"] = name();
}

}  // namespace mtp::learn
