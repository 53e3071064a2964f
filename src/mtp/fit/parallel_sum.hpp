#pragma once
#include <cstddef>
#include <functional>
#include <vector>

#include "mtp/fit/compensated_sum.hpp"

namespace mtp::fit {

// Sums per-item contribution vectors of length `size` over items 0..count-1 on `threads` threads (items
// interleaved over threads). `contribution(item, out)` fills `out` (zeroed before each call). The sum is
// carried in double-double precision, so the thread count does not change the rounded result.
CompensatedSum parallel_sum(std::size_t count, std::size_t size, int threads,
                            const std::function<void(std::size_t item, std::vector<double>& out)>& contribution);

}  // namespace mtp::fit
