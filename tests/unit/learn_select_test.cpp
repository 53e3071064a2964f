// The select stage: the configurations that enlarge the active set, at most `limit` of them, unchanged or cut
// down to their most extrapolative neighbourhood.
#include <gtest/gtest.h>

#include "mtp/core/error.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/learn/loop.hpp"
#include "mtp/learn/retrain.hpp"
#include "mtp/learn/select.hpp"
#include "mtp/learn/settings.hpp"
#include "support/pair_potential.hpp"
#include "support/paths.hpp"

namespace mtp::learn {
namespace {

bool same_geometry(const Configuration& a, const Configuration& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    for (int k = 0; k < 3; ++k)
      if (a.positions[i][k] != b.positions[i][k]) return false;
  return true;
}

class LearnSelectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_SHARED();
    potential_ = io::load_potential(test::shared_path("data/mlearn/Cu/maml_fitted.mtp"));
    settings_ = parse_settings("masses=[63.546]\n[explore]\nstructures=['x.cfg']\n", "/tmp/s.toml");
    for (int k = 0; k < 3; ++k) train_.push_back(rattle(test::fcc_cell(3.62, 2), 0.05, 0.01, 10 + k));
    for (int k = 0; k < 20; ++k) collected_.push_back(rattle(test::fcc_cell(3.62, 2), 0.25, 0.04, 100 + k));
  }
  Potential potential_;
  LearnSettings settings_;
  std::vector<Configuration> train_, collected_;
};

TEST_F(LearnSelectTest, ConfigurationModeTakesAtMostTheLimitOfTheCollected) {
  settings_.select.limit = 4;
  const active::ActiveSet set = build_active_set(settings_, potential_, train_);
  const auto chosen = select_for_oracle(settings_, set, collected_);
  ASSERT_FALSE(chosen.empty());
  EXPECT_LE(chosen.size(), 4u);
  std::size_t last = 0;
  for (const Configuration& c : chosen) {
    std::size_t where = collected_.size();
    for (std::size_t k = 0; k < collected_.size(); ++k)
      if (same_geometry(c, collected_[k])) where = k;
    ASSERT_LT(where, collected_.size());
    EXPECT_GE(where, last);  // in the order they were collected
    last = where;
  }
  // Selection does not change the caller's set, and everything it chose was extrapolative for it.
  for (const Configuration& c : chosen) EXPECT_GT(set.grade(c), settings_.select.threshold);
  // The selected configurations enlarge the set: once added, none of them extrapolates any more.
  std::vector<Configuration> grown = train_;
  grown.insert(grown.end(), chosen.begin(), chosen.end());
  const active::ActiveSet after = build_active_set(settings_, potential_, grown);
  for (const Configuration& c : chosen) EXPECT_LE(after.grade(c), 1.0 + 1e-6);
}

TEST_F(LearnSelectTest, NeighborhoodModeCutsClusters) {
  settings_.select.mode = SelectMode::Neighborhood;
  settings_.select.cut_neighborhoods = true;
  settings_.select.limit = 3;
  const active::ActiveSet set = build_active_set(settings_, potential_, {train_[0]});
  const auto chosen = select_for_oracle(settings_, set, collected_);
  ASSERT_FALSE(chosen.empty());
  EXPECT_LE(chosen.size(), 3u);
  for (const Configuration& c : chosen) {
    EXPECT_EQ(c.lattice.periodic_dims, 0);           // a cluster
    EXPECT_LT(c.size(), collected_[0].size() * 2);    // the neighbourhood, not a replicated cell
    EXPECT_GE(c.size(), 12u);                         // at least the first shell of fcc within the cutoff
    EXPECT_DOUBLE_EQ(c.positions[0].x, 0.0);          // centred on the extrapolative atom
  }
}

// The loop's settings refuse what would make a run silently wrong or unbounded, naming the key.
TEST(LearnSettings, RefusesNonPhysicalAndUnboundedValues) {
  auto message = [](const std::string& extra, const std::string& masses = "63.546",
                    const std::string& temperatures = "300") -> std::string {
    try {
      parse_settings("masses=[" + masses + "]\n" + extra + "[explore]\nstructures=['x.cfg']\ntemperatures=[" +
                         temperatures + "]\n",
                     "/tmp/s.toml");
    } catch (const mtp::Error& e) {
      return e.what();
    }
    return "accepted";
  };
  EXPECT_EQ(message(""), "accepted");
  EXPECT_NE(message("", "-63.5").find("key masses: every mass must be positive, got -63.5"), std::string::npos);
  EXPECT_NE(message("", "0").find("key masses: every mass must be positive"), std::string::npos);
  EXPECT_NE(message("", "nan").find("key masses: expected a finite number, got nan"), std::string::npos);
  EXPECT_NE(message("", "63.5", "-5").find("a temperature must not be negative, got -5"), std::string::npos);
  EXPECT_NE(message("", "63.5", "inf").find("key explore.temperatures: expected a finite number, got inf"), std::string::npos);
  EXPECT_NE(message("[potential]\nlevel = 99\n").find("key potential.level: must be between 2 and 36, got 99"),
            std::string::npos);
  EXPECT_NE(message("[potential]\nmax_dist = 1e6\n").find("max_dist <= 20 Angstrom"), std::string::npos);
}

}  // namespace
}  // namespace mtp::learn
