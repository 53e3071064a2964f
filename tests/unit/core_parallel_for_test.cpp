// core/parallel_for: every item runs once for any thread count, the same pool threads serve every call, a nested
// loop runs serially, several callers at once are served; the first failing item's exception reaches
// the caller (also from relaxation batches, whose own pool used to end the program), `--threads` semantics.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <string>
#include <vector>

#include "mtp/core/error.hpp"
#include "mtp/core/parallel_for.hpp"
#include "mtp/relax/relaxation_batch.hpp"

namespace {

TEST(ParallelFor, RunsEveryItemOnceForAnyThreadCount) {
  for (int threads : {1, 2, 3, 8, 0}) {
    std::vector<std::atomic<int>> runs(1000);
    std::atomic<std::size_t> max_worker{0};
    mtp::parallel_for(runs.size(), threads, [&](std::size_t item, std::size_t worker) {
      ++runs[item];
      std::size_t seen = max_worker.load();
      while (worker > seen && !max_worker.compare_exchange_weak(seen, worker)) {
      }
    });
    for (std::size_t k = 0; k < runs.size(); ++k) ASSERT_EQ(runs[k].load(), 1) << "item " << k << ", threads " << threads;
    EXPECT_LT(max_worker.load(), std::size_t(mtp::resolve_threads(threads)));
  }
  mtp::parallel_for(0, 4, [](std::size_t, std::size_t) { FAIL() << "no item to run"; });
}

TEST(ParallelFor, TheLowestFailingItemsExceptionReachesTheCaller) {
  for (int threads : {1, 2, 4}) {
    try {
      mtp::parallel_for(200, threads, [](std::size_t item, std::size_t) {
        if (item == 37 || item == 150) throw mtp::Error("item " + std::to_string(item) + " failed");
      });
      FAIL() << "no exception with " << threads << " threads";
    } catch (const mtp::Error& e) {
      EXPECT_EQ(std::string(e.what()), "item 37 failed") << threads << " threads";
    }
  }
  EXPECT_THROW(mtp::parallel_for(10, 2, [](std::size_t, std::size_t) { throw std::runtime_error("x"); }),
               std::runtime_error);
}

// Items 0 and 1 each wait (at most 10 s) until both have started, so with two threads they run on different
// threads. Returns how many of these calls the thread that ran worker 1's item has served: a thread_local
// count, which a thread started afresh for the call would have at 1 every time (thread ids can be reused).
int calls_served_by_the_helper_thread() {
  static thread_local int served = 0;
  std::atomic<int> started{0};
  int helper_served = 0;
  mtp::parallel_for(2, 2, [&](std::size_t, std::size_t worker) {
    ++started;
    const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (started.load() < 2 && std::chrono::steady_clock::now() < limit) std::this_thread::yield();
    if (worker == 1) helper_served = ++served;
  });
  EXPECT_EQ(started.load(), 2);
  return helper_served;
}

TEST(ParallelFor, TheSameWorkerThreadsServeEveryCall) {
  // A persistent pool: no thread start per call, and each worker keeps its per-thread scratch (the evaluator's
  // kernel scratch is thread_local) from one call to the next.
  const int first = calls_served_by_the_helper_thread();
  ASSERT_GE(first, 1);
  for (int k = 1; k <= 5; ++k) EXPECT_EQ(calls_served_by_the_helper_thread(), first + k) << "call " << k;
}

TEST(ParallelFor, ANestedLoopRunsSeriallyOnItsTasksThread) {
  std::vector<std::atomic<int>> runs(8 * 50);
  std::atomic<int> wrong_thread{0};
  mtp::parallel_for(8, 4, [&](std::size_t outer, std::size_t) {
    const std::thread::id self = std::this_thread::get_id();
    mtp::parallel_for(50, 4, [&](std::size_t inner, std::size_t worker) {
      if (worker != 0 || std::this_thread::get_id() != self) ++wrong_thread;
      ++runs[outer * 50 + inner];
    });
  });
  EXPECT_EQ(wrong_thread.load(), 0);
  for (std::size_t k = 0; k < runs.size(); ++k) ASSERT_EQ(runs[k].load(), 1) << "item " << k;
}

TEST(ParallelFor, CallersOnSeveralThreadsAtOnceEachGetEveryItem) {
  // The pool takes one job at a time; a caller that finds it busy gets threads of its own.
  std::atomic<int> errors{0};
  auto caller = [&] {
    for (int round = 0; round < 30; ++round) {
      std::vector<std::atomic<int>> runs(300);
      mtp::parallel_for(runs.size(), 3, [&](std::size_t item, std::size_t) { ++runs[item]; });
      for (auto& r : runs)
        if (r.load() != 1) ++errors;
    }
  };
  std::thread a(caller), b(caller), c(caller);
  a.join();
  b.join();
  c.join();
  EXPECT_EQ(errors.load(), 0);
}

TEST(ParallelFor, ThreadsOptionMeansTheSameEverywhere) {
  EXPECT_GE(mtp::resolve_threads(0), 1);
  EXPECT_EQ(mtp::resolve_threads(3), 3);
  EXPECT_THROW(mtp::resolve_threads(-1), mtp::Error);
}

TEST(ParallelFor, AFailingRelaxationReachesTheCallerInsteadOfEndingTheProgram) {
  std::vector<mtp::RelaxationJob> jobs(6);
  for (std::size_t k = 0; k < jobs.size(); ++k) {
    jobs[k].index = long(k) + 1;
    jobs[k].input.lattice = mtp::Lattice::periodic(mtp::Mat3::identity() * 4.0);
    jobs[k].input.positions = {mtp::Vec3{0, 0, 0}, mtp::Vec3{2, 2, 2}};
    jobs[k].input.types = {0, 0};
  }
  // (A failing energy evaluation is a failed relaxation, reported in its result; what escapes is anything
  // outside it, here the factory of energy functions.)
  const mtp::EfsFactory failing = [](std::vector<mtp::Configuration>*) -> mtp::EfsFunction {
    throw mtp::Error("no energy function could be made");
  };
  EXPECT_THROW(mtp::relax_all(jobs, failing, mtp::RelaxationSettings{}, 2), mtp::Error);
}

}  // namespace
