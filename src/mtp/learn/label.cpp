#include "mtp/learn/label.hpp"

#include <sstream>

#include "mtp/core/error.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/learn/work_directory.hpp"

namespace mtp::learn {

ComputeOutcome label_configurations(const oracle::Oracle& oracle, const std::vector<Configuration>& inputs,
                                    const std::string& dir, int parallel,
                                    const std::function<void(std::size_t, std::size_t)>& progress) {
  // The oracle sees geometry and species only; what the inputs carried before is not kept.
  std::vector<Configuration> bare = inputs;
  std::ostringstream text;
  for (Configuration& c : bare) {
    c.clear_efs();
    io::write_cfg_text(text, c, io::CfgTextStyle::Lossless);
  }
  const std::string record = dir + "/inputs.cfg";
  if (exists(record)) {
    if (load_text(record) != text.str())
      throw Error(dir, 0,
                  "this folder holds oracle results of other configurations (inputs.cfg differs); "
                  "choose another work folder or remove it");
  } else {
    save_text(record, text.str());
  }
  return compute_all(oracle, bare, dir, parallel, progress);
}

}  // namespace mtp::learn
