#include "mtp/fit/parallel_sum.hpp"

#include <algorithm>

#include "mtp/core/parallel_for.hpp"

namespace mtp::fit {

CompensatedSum parallel_sum(std::size_t count, std::size_t size, int threads,
                            const std::function<void(std::size_t item, std::vector<double>& out)>& contribution) {
  const std::size_t T = std::size_t(std::max(1, std::min<int>(threads, int(std::max<std::size_t>(count, 1)))));
  std::vector<CompensatedSum> partial(T, CompensatedSum(size));
  parallel_for(T, int(T), [&](std::size_t t, std::size_t) {
    std::vector<double> out(size);
    for (std::size_t item = t; item < count; item += T) {
      std::fill(out.begin(), out.end(), 0.0);
      contribution(item, out);
      partial[t].add(out);
    }
  });
  CompensatedSum total(size);
  for (const auto& p : partial) total.merge(p);
  return total;
}

}  // namespace mtp::fit
