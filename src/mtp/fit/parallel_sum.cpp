#include "mtp/fit/parallel_sum.hpp"

#include <algorithm>
#include <exception>
#include <thread>

namespace mtp::fit {

CompensatedSum parallel_sum(std::size_t count, std::size_t size, int threads,
                            const std::function<void(std::size_t item, std::vector<double>& out)>& contribution) {
  const std::size_t T = std::size_t(std::max(1, std::min<int>(threads, int(std::max<std::size_t>(count, 1)))));
  std::vector<CompensatedSum> partial(T, CompensatedSum(size));
  std::vector<std::exception_ptr> errors(T);
  auto work = [&](std::size_t t) {
    try {
      std::vector<double> out(size);
      for (std::size_t item = t; item < count; item += T) {
        std::fill(out.begin(), out.end(), 0.0);
        contribution(item, out);
        partial[t].add(out);
      }
    } catch (...) {
      errors[t] = std::current_exception();
    }
  };
  if (T == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < T; ++t) pool.emplace_back(work, t);
    for (auto& th : pool) th.join();
  }
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  CompensatedSum total(size);
  for (const auto& p : partial) total.merge(p);
  return total;
}

}  // namespace mtp::fit
