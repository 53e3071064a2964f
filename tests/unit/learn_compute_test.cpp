// The compute stage: several oracle calls at once, a failure retried once and then recorded and skipped without
// losing the other results, and stored results read back instead of recomputed.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <set>

#include "mtp/core/error.hpp"
#include "mtp/learn/compute.hpp"
#include "mtp/learn/work_directory.hpp"
#include "support/paths.hpp"

namespace mtp::learn {
namespace {

Configuration atoms(double x) {
  Configuration c;
  c.lattice = Lattice::periodic(Mat3::identity() * 5.0);
  c.positions = {{0, 0, 0}, {x, 0, 0}};
  c.types = {0, 0};
  return c;
}

// A pair "energy" 1/x with its forces; configuration with x = 2.5 always fails, x = 3.0 fails on its first try.
class FlakyOracle : public oracle::Oracle {
 public:
  std::string name() const override { return "flaky"; }
  void compute(Configuration& cfg, const std::string& workdir) const override {
    EXPECT_TRUE(std::filesystem::is_directory(workdir));
    EXPECT_TRUE(std::filesystem::is_empty(workdir));
    ++calls;
    const double x = cfg.positions[1].x;
    if (x == 2.5) throw Error("SCF did not converge");
    if (x == 3.0 && !failed_once.exchange(true)) throw Error("node crashed");
    cfg.energy = 1.0 / x;
    cfg.forces = {{-1.0 / (x * x), 0, 0}, {1.0 / (x * x), 0, 0}};
    cfg.features["EFS_by"] = name();
  }
  mutable std::atomic<int> calls{0};
  mutable std::atomic<bool> failed_once{false};
};

TEST(LearnCompute, RetriesOnceRecordsFailuresAndKeepsTheRest) {
  const std::string dir = test::scratch_dir("learn-compute");
  const std::vector<Configuration> inputs = {atoms(2.0), atoms(2.5), atoms(3.0), atoms(3.5)};
  FlakyOracle oracle;
  const ComputeOutcome r = compute_all(oracle, inputs, dir, 3);
  ASSERT_EQ(r.results.size(), 4u);
  EXPECT_TRUE(r.results[0] && r.results[2] && r.results[3]);
  EXPECT_FALSE(r.results[1]);
  EXPECT_DOUBLE_EQ(*r.results[3]->energy, 1.0 / 3.5);
  EXPECT_DOUBLE_EQ(r.results[2]->forces[1].x, 1.0 / 9.0);
  // 4 first tries + a retry of x = 2.5 and of x = 3.0.
  EXPECT_EQ(oracle.calls.load(), 6);
  EXPECT_EQ(r.calls, 6u);
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_NE(r.failures[0].find("calc_0001"), std::string::npos);
  EXPECT_NE(load_text(dir + "/calc_0001/failed.txt").find("SCF did not converge"), std::string::npos);
  EXPECT_TRUE(exists(dir + "/calc_0002/try2"));
  EXPECT_TRUE(exists(dir + "/calc_0000/result.cfg"));

  // Again over the same folder: nothing is recomputed, the same results and the recorded failure come back.
  FlakyOracle again;
  const ComputeOutcome s = compute_all(again, inputs, dir, 2);
  EXPECT_EQ(again.calls.load(), 0);
  EXPECT_EQ(s.reused, 4u);
  ASSERT_TRUE(s.results[3]);
  EXPECT_EQ(*s.results[3]->energy, *r.results[3]->energy);
  EXPECT_FALSE(s.results[1]);
  EXPECT_EQ(s.failures.size(), 1u);
}

// An error that is not the oracle's (here: a non-std exception, as an interrupt would be) ends the stage; the
// results stored before it survive for the next run.
TEST(LearnCompute, AnInterruptionKeepsStoredResults) {
  struct Stop {};
  class StoppingOracle : public oracle::Oracle {
   public:
    std::string name() const override { return "stopping"; }
    void compute(Configuration& cfg, const std::string&) const override {
      if (n++ == 2) throw Stop{};
      cfg.energy = 1.0;
      cfg.forces.assign(cfg.size(), Vec3{0, 0, 0});
    }
    mutable std::atomic<int> n{0};
  };
  const std::string dir = test::scratch_dir("learn-compute-stop");
  std::vector<Configuration> inputs;
  for (int k = 0; k < 6; ++k) inputs.push_back(atoms(2.0 + 0.05 * k));  // none of them fails in FlakyOracle
  StoppingOracle oracle;
  EXPECT_THROW(compute_all(oracle, inputs, dir, 1), Stop);
  EXPECT_TRUE(exists(dir + "/calc_0000/result.cfg"));
  EXPECT_TRUE(exists(dir + "/calc_0001/result.cfg"));
  EXPECT_FALSE(exists(dir + "/calc_0002/result.cfg"));
  FlakyOracle rest;
  const ComputeOutcome r = compute_all(rest, inputs, dir, 2);
  EXPECT_EQ(rest.calls.load(), 4);
  EXPECT_EQ(r.reused, 2u);
  EXPECT_DOUBLE_EQ(*r.results[0]->energy, 1.0);       // from the first run
  EXPECT_DOUBLE_EQ(*r.results[2]->energy, 1.0 / 2.1);  // computed now
}

}  // namespace
}  // namespace mtp::learn
