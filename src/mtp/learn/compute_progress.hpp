#pragma once
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>

namespace mtp::learn {

// A `progress` callback for compute_all that writes one line per finished oracle call to `out`:
// "<label>3/10 done, 2.1 min elapsed, about 4.9 min left". A DFT call can take hours, so the line is written
// (and flushed) whether or not `out` is a terminal: a log file shows how far a run has come. The time left
// assumes the remaining calls take as long on average as the finished ones (results read back from an
// interrupted run count as finished, so the first estimates after a resume are optimistic).
std::function<void(std::size_t done, std::size_t total)> oracle_progress_lines(std::ostream& out,
                                                                              const std::string& label);

// "45 s", "12.5 min" or "3.2 h": a duration in the unit a person reads at a glance.
std::string readable_duration(double seconds);

}  // namespace mtp::learn
