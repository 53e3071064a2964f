#pragma once
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "mtp/learn/report.hpp"
#include "mtp/learn/settings.hpp"
#include "mtp/oracle/oracle.hpp"

namespace mtp::learn {

struct LoopResult {
  bool converged = false;        // the last exploration found nothing above the save threshold
  int iterations = 0;            // exploration iterations run (the starting training is iteration 0)
  std::string potential;         // the final potential (.almtp, with its active set)
  std::string training_set;      // the final training set
  std::string report;            // report.csv
  std::string plots;             // what make_plots said
  std::vector<IterationSummary> summaries;
};

// Rattled copies of a configuration: displacements uniform in [-a, a] per coordinate and, for periodic
// cells, a symmetric strain uniform in [-e, e] per component. Deterministic for a seed.
Configuration rattle(const Configuration& cfg, double a, double e, unsigned long long seed);

// Copies of each starting structure in the default starting set (train.initial_rattle = -1): enough for a full
// active set. Configuration mode has one row per configuration, so ceil(parameters / structures) each;
// neighbourhood mode one per atom, so a few copies suffice (at least three, spread over volumes).
int starting_copies(std::size_t parameters, const std::vector<Configuration>& starts, SelectMode mode);

// The automated active-learning loop (docs/ACTIVE_LEARNING.md): starting training set, then explore, select,
// compute, retrain until an exploration finds nothing above the save threshold or max_iterations. Resumes from
// the work directory of an earlier, interrupted run with the same settings. Progress lines go to `progress`
// (may be null).
LoopResult run_active_learning(const LearnSettings& settings, const oracle::Oracle& oracle, std::ostream* progress);

}  // namespace mtp::learn
