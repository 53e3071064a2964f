// core/parallel_for: every item runs once for any thread count, the first failing item's exception reaches
// the caller (also from relaxation batches, whose own pool used to end the program), `--threads` semantics.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
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
