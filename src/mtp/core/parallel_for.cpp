#include "mtp/core/parallel_for.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "mtp/core/error.hpp"

namespace mtp {

int resolve_threads(int requested) {
  if (requested < 0) throw Error("--threads must be 0 (all cores) or positive, not " + std::to_string(requested));
  if (requested > 0) return requested;
  return std::max(1, int(std::thread::hardware_concurrency()));
}

void parallel_for(std::size_t count, int threads, const std::function<void(std::size_t, std::size_t)>& task) {
  if (count == 0) return;
  const std::size_t workers = std::min<std::size_t>(std::size_t(resolve_threads(threads)), count);
  if (workers == 1) {
    for (std::size_t item = 0; item < count; ++item) task(item, 0);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  std::size_t failed_item = count;
  std::exception_ptr failure;
  auto work = [&](std::size_t worker) {
    while (!failed.load(std::memory_order_relaxed)) {
      const std::size_t item = next.fetch_add(1);
      if (item >= count) return;
      try {
        task(item, worker);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (item < failed_item) {
          failed_item = item;
          failure = std::current_exception();
        }
        failed = true;
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  try {
    for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(work, w);
  } catch (...) {  // no thread could be started: the caller's thread does the rest
  }
  work(0);
  for (std::thread& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace mtp
