#pragma once
#include <string>
#include <vector>

#include "mtp/core/configuration.hpp"

namespace mtp::learn {

// The work directory of an active-learning run. Every stage writes its outputs atomically and last of all
// the file that marks it done, so a run killed at any point resumes from the first stage not marked done:
//
//   state.json                   iteration in progress, converged/finished (written atomically)
//   holdout/holdout.cfg          the fixed hold-out set with oracle values; holdout/compute/...
//   iter_000/                    the starting training set: select/selected.cfg, compute/, train/
//   iter_NNN/explore/run_KKK/    one exploration run: collected.cfg, then done.json
//   iter_NNN/explore/collected.cfg, explore/summary.json (done)
//   iter_NNN/select/selected.cfg (done)
//   iter_NNN/compute/calc_KKKK/  one oracle call: try1/, try2/, then result.cfg or failed.txt
//   iter_NNN/compute/done.json
//   iter_NNN/train/train.cfg, train/potential.almtp (done), train/log.txt
//   iter_NNN/summary.json        the iteration's numbers; report.csv, report.json, plots/ over all iterations
class WorkDirectory {
 public:
  explicit WorkDirectory(std::string root);
  const std::string& root() const { return root_; }
  std::string iteration(int i) const;  // iter_NNN
  std::string path(const std::string& rel) const { return root_ + "/" + rel; }
  std::string in_iteration(int i, const std::string& rel) const { return iteration(i) + "/" + rel; }

 private:
  std::string root_;
};

// Lossless text .cfg lists, written atomically.
void save_configurations(const std::string& path, const std::vector<Configuration>& cfgs);
std::vector<Configuration> load_configurations(const std::string& path);
// Small text files (JSON, logs), written atomically.
void save_text(const std::string& path, const std::string& text);
std::string load_text(const std::string& path);
bool exists(const std::string& path);

}  // namespace mtp::learn
