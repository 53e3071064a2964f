#include "mtp/core/parallel_for.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
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

namespace {

// True on a thread while it runs part of a parallel_for (the caller's thread included): a parallel_for inside
// a task then runs serially, instead of multiplying the threads (e.g. a large configuration's centres inside
// a training sum already spread over the threads).
thread_local bool inside_parallel_for = false;

// The persistent workers behind parallel_for. Starting threads for every call cost a training run thousands of
// thread creations, and each new thread had to grow its own kernel scratch (the evaluator keeps one per
// thread), so with more than one thread every loss evaluation allocated. The pool's threads live as long as
// the process, so their scratch does too.
//
// One job at a time: a second caller that finds the pool busy (another application thread, e.g. two Python
// threads) gets threads of its own for that call, as before. The pool is created on first use and never
// destroyed (its threads wait on a condition variable until the process ends; nothing to join at exit). After
// fork() the child has none of the parent's threads, so a child process makes a pool of its own.
class WorkerPool {
 public:
  static WorkerPool& instance() {
    static std::mutex creation;
    static WorkerPool* pool = nullptr;
    std::lock_guard<std::mutex> lock(creation);
    if (pool == nullptr || pool->pid_ != ::getpid()) pool = new WorkerPool();  // the parent's pool is left alone
    return *pool;
  }

  // Runs work(0) on the calling thread and work(1..helpers) on pool threads, and returns when all are done;
  // false (nothing run) when the pool is busy with another caller's job. Fewer helpers run if the system
  // refuses to start more threads; `work` must cope (parallel_for's workers take items from a shared counter).
  bool try_run(std::size_t helpers, const std::function<void(std::size_t)>& work) {
    std::unique_lock<std::mutex> busy(busy_, std::try_to_lock);
    if (!busy.owns_lock()) return false;
    std::unique_lock<std::mutex> lock(mutex_);
    while (started_ < helpers) {
      try {
        std::thread(&WorkerPool::serve, this, started_ + 1, generation_).detach();
      } catch (...) {  // no more threads: use those there are
        break;
      }
      ++started_;
    }
    job_ = &work;
    wanted_ = std::min(helpers, started_);
    running_ = wanted_;
    ++generation_;
    lock.unlock();
    job_posted_.notify_all();
    work(0);
    lock.lock();
    job_finished_.wait(lock, [this] { return running_ == 0; });
    job_ = nullptr;
    return true;
  }

 private:
  WorkerPool() : pid_(::getpid()) {}

  void serve(std::size_t index, std::size_t seen) {
    inside_parallel_for = true;
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      job_posted_.wait(lock, [&] { return generation_ != seen; });
      seen = generation_;
      if (index > wanted_) continue;  // this job needs fewer threads; the caller does not wait for this one
      const std::function<void(std::size_t)>* job = job_;
      lock.unlock();
      (*job)(index);  // parallel_for's work never throws: it stores the exception for the caller
      lock.lock();
      if (--running_ == 0) job_finished_.notify_one();
    }
  }

  const pid_t pid_;
  std::mutex busy_;   // held by the caller whose job runs
  std::mutex mutex_;  // guards what follows
  std::condition_variable job_posted_, job_finished_;
  std::size_t started_ = 0;     // pool threads, numbered 1..started_
  std::size_t generation_ = 0;  // counts jobs; a thread compares it with the last one it saw
  std::size_t wanted_ = 0;      // the current job runs on threads 1..wanted_
  std::size_t running_ = 0;     // of those, the ones not finished
  const std::function<void(std::size_t)>* job_ = nullptr;
};

}  // namespace

void parallel_for(std::size_t count, int threads, const std::function<void(std::size_t, std::size_t)>& task) {
  if (count == 0) return;
  std::size_t workers = std::min<std::size_t>(std::size_t(resolve_threads(threads)), count);
  if (inside_parallel_for) workers = 1;
  if (workers == 1) {
    for (std::size_t item = 0; item < count; ++item) task(item, 0);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  std::size_t failed_item = count;
  std::exception_ptr failure;
  const std::function<void(std::size_t)> work = [&](std::size_t worker) {
    const bool was_inside = inside_parallel_for;
    inside_parallel_for = true;
    while (!failed.load(std::memory_order_relaxed)) {
      const std::size_t item = next.fetch_add(1);
      if (item >= count) break;
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
    inside_parallel_for = was_inside;
  };
  if (!WorkerPool::instance().try_run(workers - 1, work)) {
    // The pool serves another caller: threads for this call only.
    std::vector<std::thread> extra;
    extra.reserve(workers - 1);
    try {
      for (std::size_t w = 1; w < workers; ++w) extra.emplace_back(work, w);
    } catch (...) {  // no thread could be started: the caller's thread does the rest
    }
    work(0);
    for (std::thread& t : extra) t.join();
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace mtp
