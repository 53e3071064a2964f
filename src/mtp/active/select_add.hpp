#pragma once
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <vector>

#include "mtp/active/active_set.hpp"
#include "mtp/core/configuration.hpp"

namespace mtp::active {

// One pass over configurations (a file reader, a list): fills the argument and returns true, or returns false
// when there are no more.
using ConfigurationStream = std::function<bool(Configuration&)>;
// A stream over the same configurations each time it is called (MLIP-3 reads the training set twice).
using ConfigurationSource = std::function<ConfigurationStream()>;

ConfigurationStream stream_of(const std::vector<Configuration>& configurations);

// MLIP-2's select-add (spec 4), on a set built fresh from the potential (A = init_threshold I).
struct Mlip2SelectAddOptions {
  double select_threshold = 1.1;
  double swap_threshold = 1.0000001;
  long selection_limit = 0;  // at most this many swaps for the candidates; 0: no limit
};
struct SelectAddCounts {
  long training = 0, candidates = 0;
};
// Selects from `training` with the swap threshold as select threshold (sic: MLIP-2 does so), then from
// `candidates` with the select threshold and the limit. Like MLIP-2 it marks the configurations with Feature
// ID: "-1" for training configurations (and the placeholder of unfilled rows), "1", "2", ... for candidates
// in their order; its files keep these marks.
SelectAddCounts mlip2_select_add(ActiveSet& set, const ConfigurationStream& training,
                                 const ConfigurationStream& candidates, const Mlip2SelectAddOptions& options);
// After mlip2_select_add: the candidates that own rows of the set (need ab initio data; MLIP-2's diff.cfg),
// as indices into set.configurations(), in row order, each once.
std::vector<std::size_t> selected_candidates(const ActiveSet& set);

// MLIP-3's select_add (spec mlip3 3.3): the training set selected with threshold 1.001, then the candidates in
// batches with the threshold and swap limit, then the training set again.
struct Mlip3SelectAddOptions {
  double threshold = 1.001;
  long swap_limit = 0;     // 0: no limit
  long batch_size = 9999;  // candidates per selection; 0: all at once
  // MLIP-3's selection log ("Selection: k added for selection", "... evaluated: n max_grade: g swaps: s TS size:
  // t"), when not null.
  std::ostream* log = nullptr;
};
// Returns the candidates that own rows afterwards, in the set's order, each with Feature selected_eqn_inds.
std::vector<Configuration> mlip3_select_add(ActiveSet& set, const ConfigurationSource& training,
                                            const ConfigurationStream& candidates, const Mlip3SelectAddOptions& options);

}  // namespace mtp::active
