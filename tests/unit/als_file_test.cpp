// State files: MLIP-2 .als read and written back byte for byte, grades from a loaded state equal the
// original's, and MLIP-3 .almtp read, written and read again.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "mtp/active/grade_text.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/almtp_file.hpp"
#include "mtp/io/als_file.hpp"
#include "mtp/io/cfg_text.hpp"
#include "support/files.hpp"
#include "support/paths.hpp"

namespace {

using mtp::test::read_file;
using mtp::test::shared_path;

const char kEx04[] = "reference/mlip2/test/examples/04.calc-grade/";

TEST(AlsFile, Example04LoadsAndWritesBackByteForByte) {
  REQUIRE_SHARED();
  const std::string path = shared_path(std::string(kEx04) + "sample_out/state.als");
  const auto set = mtp::io::load_als(path);
  ASSERT_EQ(set.parameter_count(), 11u);
  EXPECT_EQ(set.weights().site_energy, 0.0);
  EXPECT_EQ(set.weights().energy, 1.0);
  // Rows 0 and 5 hold the two training configurations; the rest are still 1e-5 e_r.
  ASSERT_EQ(set.configurations().size(), 2u);
  for (std::size_t r = 0; r < 11; ++r) {
    const int want = r == 0 ? 0 : (r == 5 ? 1 : -1);
    EXPECT_EQ(set.owners()[r].cfg, want) << r;
    if (want < 0) {
      EXPECT_EQ(set.maxvol().matrix()(Eigen::Index(r), Eigen::Index(r)), 1e-5);
    }
  }
  std::ostringstream out;
  mtp::io::write_als(out, set);
  EXPECT_TRUE(out.str() == read_file(path)) << "written .als differs from MLIP-2's";
}

TEST(AlsFile, Example05AndReferenceStatesRoundTrip) {
  REQUIRE_SHARED();
  for (const std::string rel : {"reference/mlip2/test/examples/05.select-add/sample_out/state.als",
                                "reference/mlip2/expected/d_active_learning_LiTi2O4_L16/select-add_limit5_state.als",
                                "reference/mlip2/expected/d2_active_learning_LiTi2O4_L16_train500/calc-grade_state.als"}) {
    const std::string path = shared_path(rel);
    const auto set = mtp::io::load_als(path);
    std::ostringstream out;
    mtp::io::write_als(out, set);
    EXPECT_TRUE(out.str() == read_file(path)) << rel;
  }
}

TEST(AlsFile, GradesFromALoadedStateEqualTheOriginals) {
  REQUIRE_SHARED();
  const auto set = mtp::io::load_als(shared_path(std::string(kEx04) + "sample_out/state.als"));
  auto input = mtp::io::make_cfg_reader(shared_path(std::string(kEx04) + "test.cfg"));
  auto graded = mtp::io::make_cfg_reader(shared_path(std::string(kEx04) + "sample_out/graded.cfg"));
  mtp::Configuration cfg, want;
  int count = 0;
  while (input->next(cfg)) {
    ASSERT_TRUE(graded->next(want));
    const double g = set.grade(cfg);
    const double w = std::stod(want.features.at("MV_grade"));
    EXPECT_NEAR(std::stod(mtp::active::grade_text(g)), w, 1.01e-6) << "configuration " << count;
    ++count;
  }
  EXPECT_EQ(count, 25);
}

TEST(AlsFile, TruncatedOrForeignFilesAreErrors) {
  REQUIRE_SHARED();
  const std::string bytes = read_file(shared_path(std::string(kEx04) + "sample_out/state.als"));
  {
    std::istringstream in(bytes.substr(0, bytes.find("\n#") + 100));
    EXPECT_THROW(mtp::io::read_als(in, "cut.als"), mtp::Error);
  }
  {
    std::istringstream in(read_file(shared_path(std::string(kEx04) + "pot.mtp")));
    EXPECT_THROW(mtp::io::read_als(in, "pot.mtp"), mtp::Error);
  }
}

TEST(AlmtpFile, Mlip3StateReadsWritesAndReadsAgain) {
  REQUIRE_SHARED();
  const std::string path = shared_path("reference/mlip3/mlip3-extract/test/examples/04.calculate_grade/pot.almtp");
  const auto contents = mtp::io::load_almtp(path);
  ASSERT_TRUE(contents.active_set.has_value());
  const auto& set = *contents.active_set;
  ASSERT_EQ(set.parameter_count(), 22u);
  EXPECT_TRUE(set.weights().neighborhood_mode());
  EXPECT_EQ(set.weights().weight_scaling, 2);
  EXPECT_EQ(set.configurations().size(), 2u);
  // Rows 8, 9 and 21 were never filled; row 0 belongs to equation 499 (site energy of atom 499 - 394).
  EXPECT_EQ(set.owners()[8].cfg, -1);
  EXPECT_EQ(set.owners()[21].cfg, -1);
  EXPECT_EQ(set.owners()[0].equation, 499);
  EXPECT_EQ(set.filled_rows(), 19u);

  std::ostringstream out;
  mtp::io::write_almtp(out, set);
  std::istringstream again(out.str());
  const auto reread = mtp::io::read_almtp(again, "rewritten.almtp");
  ASSERT_TRUE(reread.active_set.has_value());
  EXPECT_EQ(reread.active_set->maxvol().matrix(), set.maxvol().matrix());
  EXPECT_EQ(reread.active_set->maxvol().inverse(), set.maxvol().inverse());
  EXPECT_EQ(reread.active_set->owners(), set.owners());
  ASSERT_EQ(reread.active_set->configurations().size(), 2u);
  EXPECT_EQ(reread.active_set->configurations()[1].positions, set.configurations()[1].positions);
  // Same bytes the second time round.
  std::ostringstream out2;
  mtp::io::write_almtp(out2, *reread.active_set);
  EXPECT_TRUE(out2.str() == out.str());
}

TEST(AlmtpFile, Mlip3GradesMatchTheFixture) {
  REQUIRE_SHARED();
  const std::string base = "reference/mlip3/mlip3-extract/test/examples/04.calculate_grade/";
  const auto contents = mtp::io::load_almtp(shared_path(base + "pot.almtp"));
  ASSERT_TRUE(contents.active_set.has_value());
  auto input = mtp::io::make_cfg_reader(shared_path(base + "train.cfg"));
  auto graded = mtp::io::make_cfg_reader(shared_path(base + "sample_out/graded.cfg.0"));
  mtp::Configuration cfg, want;
  while (input->next(cfg)) {
    ASSERT_TRUE(graded->next(want));
    std::vector<double> atoms;
    const double g = contents.active_set->grade(cfg, &atoms);
    EXPECT_NEAR(g, std::stod(want.features.at("MV_grade")), 1.01e-6 + 1e-9 * g);
    ASSERT_EQ(atoms.size(), want.nbh_grades.size());
    for (std::size_t i = 0; i < atoms.size(); ++i)
      EXPECT_NEAR(atoms[i], want.nbh_grades[i], 1.01e-5 + 1e-9 * atoms[i]) << "atom " << i;
  }
}

TEST(AlmtpFile, SpeciesNamesTravelWithThePotentialInStateFiles) {
  REQUIRE_SHARED();
  const auto contents = mtp::io::load_almtp(
      shared_path("reference/mlip3/mlip3-extract/test/examples/04.calculate_grade/pot.almtp"));
  ASSERT_TRUE(contents.active_set.has_value());
  mtp::Potential named = contents.potential;
  ASSERT_TRUE(named.species_names.empty());
  for (int t = 0; t < named.species_count; ++t) named.species_names.push_back(t == 0 ? "Li" : "Ti" + std::to_string(t));
  const mtp::active::ActiveSet set(named, contents.active_set->weights(), 1e-6);
  std::ostringstream almtp, als;
  mtp::io::write_almtp(almtp, set);
  mtp::io::write_als(als, set);
  // MLIP-3 finds its state at the first '#': the names must not bring one in.
  EXPECT_EQ(almtp.str().find('#'), almtp.str().find("#MVS_v1.1"));
  std::istringstream almtp_in(almtp.str()), als_in(als.str());
  EXPECT_EQ(mtp::io::read_almtp(almtp_in, "named.almtp").potential.species_names, named.species_names);
  EXPECT_EQ(mtp::io::read_als(als_in, "named.als").potential().species_names, named.species_names);
}

TEST(AlmtpFile, PlainPotentialHasNoState) {
  REQUIRE_SHARED();
  const auto contents = mtp::io::load_almtp(shared_path("reference/mlip3/mlip3-extract/MTP_templates/06.almtp"));
  EXPECT_FALSE(contents.active_set.has_value());
  EXPECT_FALSE(mtp::io::has_mlip3_state(shared_path("reference/mlip3/mlip3-extract/MTP_templates/06.almtp")));
}

}  // namespace
