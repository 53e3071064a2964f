#pragma once
#include <cstddef>
#include <functional>

namespace mtp {

// The thread count a `--threads` value means everywhere: a positive value as given; 0 (or absent) = every core
// (std::thread::hardware_concurrency(), at least 1). Negative values are refused with mtp::Error.
int resolve_threads(int requested);

// The one parallel loop of the library: runs task(item, worker) for item = 0..count-1 on min(threads, count)
// threads (the caller's thread is one of them; threads as resolve_threads). Items are handed out in increasing
// order; `worker` (0..threads-1) names the running thread, for per-thread scratch or partial sums. The
// threads come from a pool kept for the process's life (thread_local scratch survives between calls); a
// parallel_for called from inside a task runs serially on that task's thread.
//
// Determinism is the caller's part: make an item's result depend on the item only (fixed blocks of work, per
// item or per block outputs, reduced in item order afterwards), never on `worker` or on timing.
//
// Exceptions: once a task throws, no further item is started; the running ones finish, and the exception of
// the lowest failing item is rethrown in the caller (the one a serial loop would have met first).
void parallel_for(std::size_t count, int threads, const std::function<void(std::size_t item, std::size_t worker)>& task);

}  // namespace mtp
