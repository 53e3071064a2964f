// Upfitting: a higher-level start made from a trained lower-level potential gives the lower one's energies,
// forces and stresses before any training (stand-in tables with reordered and added basis functions; MLIP-2's
// level templates 08 -> 12 -> 16 from the trained Mo L08 of ../shared, and the 3-species LiTi2O4 L16 -> 20),
// and bad pairs are refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "mtp/core/error.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/model/evaluator.hpp"
#include "mtp/model/upfit.hpp"
#include "support/paths.hpp"
#include "unit/fit_stand_in_models.hpp"

namespace {

// Energies, forces and virials of `b` equal those of `a` on `cfgs` to `tol` relative.
void expect_same_efs(const mtp::Potential& a, const mtp::Potential& b, const std::vector<mtp::Configuration>& cfgs,
                     double tol) {
  const mtp::Evaluator ea(a), eb(b);
  ASSERT_FALSE(cfgs.empty());
  for (std::size_t c = 0; c < cfgs.size(); ++c) {
    const mtp::EfsResults x = ea.compute(cfgs[c]), y = eb.compute(cfgs[c]);
    EXPECT_NEAR(y.energy, x.energy, tol * (1.0 + std::abs(x.energy))) << "configuration " << c;
    for (std::size_t i = 0; i < x.forces.size(); ++i)
      for (int d = 0; d < 3; ++d) EXPECT_NEAR(y.forces[i][d], x.forces[i][d], tol * (1.0 + std::abs(x.forces[i][d])));
    for (int p = 0; p < 3; ++p)
      for (int q = 0; q < 3; ++q) EXPECT_NEAR(y.virial.m[p][q], x.virial.m[p][q], tol * (1.0 + std::abs(x.virial.m[p][q])));
  }
}

std::vector<mtp::Configuration> first_configurations(const std::string& path, std::size_t count) {
  std::vector<mtp::Configuration> out;
  auto reader = mtp::io::make_cfg_reader(path);
  for (mtp::Configuration cfg; out.size() < count && reader->next(cfg);) out.push_back(cfg);
  return out;
}

TEST(Upfit, StandInWithReorderedAndAddedFunctionsKeepsEnergies) {
  const mtp::Potential lower = mtp::test::stand_in_potential(2, 17);
  // The higher level: a third radial function with its scalar moment (a new basic moment, so every product
  // moves up one index), the basis functions in another order, and a second new one (the mu1 scalar times v0.v0).
  mtp::Potential higher = lower;
  higher.radial_funcs_count = 3;
  auto moved = [](int m) { return m < 14 ? m : m + 1; };
  higher.moments.basic.push_back({2, 0, 0, 0});  // moment 14
  for (auto& t : higher.moments.times) t = {moved(t[0]), moved(t[1]), t[2], moved(t[3])};
  higher.moments.times.push_back({4, 15, 1, 19});
  higher.moments.moments_count = 20;
  higher.moments.scalar_moments = {18, 14, 16, 0, 19, 15, 4, 17};
  higher.trained = false;
  higher.set_untrained_defaults();
  const mtp::Potential up = mtp::upfit(lower, higher);
  EXPECT_TRUE(up.trained);
  EXPECT_EQ(up.radial_funcs_count, 3);
  // The shared functions took their coefficients by what they compute: scalar moment 17 was lower's 6th.
  EXPECT_EQ(up.moment_coeffs[0], lower.moment_coeffs[5]);
  EXPECT_EQ(up.moment_coeffs[3], lower.moment_coeffs[0]);
  EXPECT_EQ(up.moment_coeffs[1], 0.0);
  EXPECT_EQ(up.moment_coeffs[4], 0.0);
  const mtp::UpfitSummary s = mtp::upfit_summary(lower, higher);
  EXPECT_EQ(s.shared, 6u);
  EXPECT_EQ(s.added, 2u);
  EXPECT_EQ(s.new_radial_functions, 1u);
  // The new radial function is not zero (else the new basis functions could never start to learn).
  double new_norm = 0.0;
  for (int pair = 0; pair < 4; ++pair)
    for (int x = 0; x < up.radial.size; ++x) new_norm += std::abs(up.radial_coeffs[std::size_t((pair * 3 + 2) * up.radial.size + x)]);
  EXPECT_GT(new_norm, 0.0);
  std::vector<mtp::Configuration> cfgs;
  for (unsigned k = 0; k < 3; ++k) cfgs.push_back(mtp::test::stand_in_configuration(9, 2, 50 + k));
  expect_same_efs(lower, up, cfgs, 1e-12);
}

TEST(Upfit, RefusesWhatCannotKeepTheEnergies) {
  const mtp::Potential lower = mtp::test::stand_in_potential(1, 3);
  mtp::Potential fewer_radial = lower;
  fewer_radial.radial_funcs_count = 1;
  EXPECT_THROW(mtp::upfit(lower, fewer_radial), mtp::Error);
  mtp::Potential missing = lower;
  missing.moments.scalar_moments = {0, 4, 14};  // drops three functions lower uses
  missing.set_untrained_defaults();
  try {
    mtp::upfit(lower, missing);
    ADD_FAILURE() << "accepted a higher level without the lower level's basis functions";
  } catch (const mtp::Error& e) {
    EXPECT_NE(std::string(e.what()).find("not among the new level's"), std::string::npos) << e.what();
  }
  mtp::Potential untrained = lower;
  untrained.trained = false;
  EXPECT_THROW(mtp::upfit(untrained, lower), mtp::Error);
}

TEST(Upfit, MlipLevelTemplatesKeepTheTrainedMoL08sEnergies) {
  REQUIRE_SHARED();
  const mtp::Potential lower = mtp::io::load_potential(mtp::test::shared_path("reference/mlip2/expected/c_train_Mo_L08/pot.mtp"));
  const auto cfgs = first_configurations(mtp::test::shared_path("data/mlearn/Mo/test.cfg"), 6);
  for (const char* level : {"12", "16"}) {
    const mtp::Potential higher = mtp::io::load_potential(mtp::test::source_path(std::string("untrained_mtps/") + level + ".mtp"));
    const mtp::Potential up = mtp::upfit(lower, higher);
    const mtp::UpfitSummary s = mtp::upfit_summary(lower, higher);
    EXPECT_EQ(s.shared, lower.moment_coeffs.size()) << level;  // every L08 function is in the higher level
    EXPECT_GT(s.added, 0u) << level;
    EXPECT_EQ(up.radial.min_dist, lower.radial.min_dist);
    expect_same_efs(lower, up, cfgs, 1e-11);
  }
}

TEST(Upfit, ThreeSpeciesL16To20KeepsTheEnergies) {
  REQUIRE_SHARED();
  const std::string dir = "reference/mlip2/expected/b_train_LiTi2O4_L16_3sp/";
  const mtp::Potential lower = mtp::io::load_potential(mtp::test::shared_path(dir + "pot.mtp"));
  const mtp::Potential higher = mtp::io::load_potential(mtp::test::source_path("untrained_mtps/20.mtp"));
  const mtp::Potential up = mtp::upfit(lower, higher);
  EXPECT_EQ(up.species_count, 3);
  EXPECT_EQ(mtp::upfit_summary(lower, higher).shared, lower.moment_coeffs.size());
  std::vector<mtp::Configuration> cfgs;
  for (const char* name : {"train.cfg", "next100.cfg"}) {
    if (!std::filesystem::exists(mtp::test::shared_path(dir + name))) continue;
    for (auto& c : first_configurations(mtp::test::shared_path(dir + name), 3)) cfgs.push_back(c);
  }
  if (cfgs.empty()) GTEST_SKIP() << "no configurations beside " << dir;
  expect_same_efs(lower, up, cfgs, 1e-11);
}

}  // namespace
