#include "mtp/active/training_selection.hpp"

#include "mtp/core/error.hpp"

namespace mtp::active {

ActiveSet select_training_set(const Potential& potential, const SelectionWeights& weights,
                              const ConfigurationStream& configurations, const TrainingSelectionOptions& o,
                              long* processed) {
  if (!weights.any()) throw Error("selection: all selection weights are zero, no equation would be selected");
  if (!(o.threshold > 1.0)) throw Error("selection: the threshold must be greater than 1");
  if (!(o.init_value > 0.0)) throw Error("selection: the initial value of A's diagonal must be positive");
  if (o.batch_size < 0) throw Error("selection: the batch size must be 0 (all at once) or positive");
  ActiveSet set(potential, weights, o.init_value);
  long count = 0;
  Configuration cfg;
  while (configurations(cfg)) {
    set.queue(cfg);
    ++count;
    if (o.batch_size > 0 && long(set.queued()) >= o.batch_size) set.select(o.threshold, o.threshold);
  }
  set.select(o.threshold, o.threshold);
  if (processed) *processed = count;
  return set;
}

}  // namespace mtp::active
