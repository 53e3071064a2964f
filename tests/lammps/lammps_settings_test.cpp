// Argument parsing of the LAMMPS styles (no LAMMPS needed): MLIP-2's mlip.ini, MLIP-3's key=value words,
// LAMMPS ML-MTP's mtp/extrapolation words.
#include <gtest/gtest.h>

#include <fstream>
#include <stdexcept>

#include "openmtp_pair_settings.h"
#include "support/paths.hpp"

namespace openmtp_lammps {
namespace {

std::string write_file(const std::string& name, const std::string& text) {
  const std::string path = mtp::test::scratch_dir("settings-" + name) + "/mlip.ini";
  std::ofstream(path) << text;
  return path;
}

TEST(LammpsSettings, MlipIniWithoutSelectionHasNoExtrapolation) {
  const auto s = read_mlip_ini(write_file("plain", "mtp-filename pot.mtp\n"));
  EXPECT_EQ(s.potential_path, "pot.mtp");
  EXPECT_FALSE(s.extrapolation.enabled);
}

TEST(LammpsSettings, MlipIniSelectionKeys) {
  const auto s = read_mlip_ini(write_file("select",
                                          "mtp-filename pot.mtp   # the potential\n"
                                          "select TRUE\n"
                                          "  select:threshold 2.5\n"
                                          "  select:threshold-break 10.0\n"
                                          "  select:save-selected out/preselected.cfg\n"
                                          "  select:load-state state.als\n"
                                          "  select:every 5\n"));
  const ExtrapolationSettings& x = s.extrapolation;
  EXPECT_TRUE(x.enabled);
  EXPECT_EQ(x.state_path, "state.als");
  EXPECT_EQ(x.save_path, "out/preselected.cfg");
  EXPECT_DOUBLE_EQ(x.threshold_save, 2.5);
  EXPECT_DOUBLE_EQ(x.threshold_break, 10.0);
  EXPECT_EQ(x.every, 5);
  EXPECT_TRUE(s.warnings.empty());
}

TEST(LammpsSettings, MlipIniUnknownKeysAreReported) {
  const auto s = read_mlip_ini(write_file("unknown", "mtp-filename pot.mtp\nselct TRUE\n"));
  ASSERT_EQ(s.warnings.size(), 1u);
  EXPECT_NE(s.warnings[0].find("selct"), std::string::npos);
}

TEST(LammpsSettings, MlipIniBreakMustBeAboveTheSaveThreshold) {
  // 0 (the default) is no break; a break at or below select:threshold (1.001 by default) would silently never
  // or always stop, and is refused with the file and line, as are NaN and inf.
  const std::string head = "mtp-filename pot.mtp\nselect TRUE\nselect:load-state s.als\n";
  const auto s = read_mlip_ini(write_file("nobreak", head + "select:threshold-break 0\n"));
  EXPECT_DOUBLE_EQ(s.extrapolation.threshold_break, 0.0);
  EXPECT_DOUBLE_EQ(s.extrapolation.threshold_save, 1.001);  // MLIP-2's default select:threshold
  for (const std::string& bad : {std::string("select:threshold-break 0.9\n"),
                                 std::string("select:threshold 3\nselect:threshold-break 3\n"),
                                 std::string("select:threshold-break nan\n"), std::string("select:threshold inf\n")}) {
    try {
      read_mlip_ini(write_file("badbreak", head + bad));
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const std::exception& e) {
      const std::string what = e.what();
      EXPECT_TRUE(what.find("must be above select:threshold") != std::string::npos ||
                  what.find("expects a finite number") != std::string::npos)
          << what;
      EXPECT_NE(what.find("badbreak"), std::string::npos) << what;
    }
  }
}

TEST(LammpsSettings, MlipIniWriteCfgs) {
  const auto off = read_mlip_ini(write_file("nowrite", "mtp-filename pot.mtp\n"));
  EXPECT_TRUE(off.write_cfgs_path.empty());
  const auto s = read_mlip_ini(write_file("write", "mtp-filename pot.mtp\nwrite-cfgs out.cfg\nwrite-cfgs:skip 9\n"));
  EXPECT_EQ(s.write_cfgs_path, "out.cfg");
  EXPECT_EQ(s.write_cfgs_skip, 9);
  EXPECT_TRUE(s.warnings.empty());
  EXPECT_THROW(read_mlip_ini(write_file("badskip", "mtp-filename pot.mtp\nwrite-cfgs out.cfg\nwrite-cfgs:skip -1\n")),
               std::exception);
  // MLIP-3's spelling of the same settings.
  const auto m3 = parse_mlip3_words({"load_from=pot.almtp", "write_cfgs=true", "write_cfgs:to=run.cfg", "write_cfgs:skip=4"});
  EXPECT_EQ(m3.write_cfgs_path, "run.cfg");
  EXPECT_EQ(m3.write_cfgs_skip, 4);
  EXPECT_TRUE(parse_mlip3_words({"load_from=pot.almtp", "write_cfgs=false", "write_cfgs:to=run.cfg"}).write_cfgs_path.empty());
  EXPECT_THROW(parse_mlip3_words({"load_from=pot.almtp", "write_cfgs=true"}), std::exception);
}

TEST(LammpsSettings, MlipIniRejectsWhatMdCannotDo) {
  EXPECT_THROW(read_mlip_ini(write_file("nostate", "mtp-filename pot.mtp\nselect TRUE\n")), std::exception);
  EXPECT_THROW(read_mlip_ini(write_file("fit", "mtp-filename pot.mtp\nfit TRUE\n")), std::exception);
  EXPECT_THROW(read_mlip_ini(write_file("nopot", "select FALSE\n")), std::exception);
  EXPECT_THROW(read_mlip_ini(write_file("badevery", "mtp-filename p.mtp\nselect TRUE\nselect:load-state s.als\n"
                                                    "select:every 0\n")),
               std::exception);
}

TEST(LammpsSettings, Mlip3Words) {
  const std::vector<std::string> w = {"load_from=pot.almtp", "extrapolation_control=true",
                                      "extrapolation_control:threshold_save=3",
                                      "extrapolation_control:threshold_break=12",
                                      "extrapolation_control:save_extrapolative_to=sel.cfg"};
  ASSERT_TRUE(is_mlip3_form(w));
  const auto s = parse_mlip3_words(w);
  EXPECT_EQ(s.potential_path, "pot.almtp");
  EXPECT_TRUE(s.extrapolation.enabled);
  EXPECT_EQ(s.extrapolation.state_path, "pot.almtp");
  EXPECT_EQ(s.extrapolation.save_path, "sel.cfg");
  EXPECT_DOUBLE_EQ(s.extrapolation.threshold_save, 3.0);
  EXPECT_DOUBLE_EQ(s.extrapolation.threshold_break, 12.0);
}

TEST(LammpsSettings, Mlip3DefaultsAndBreakRule) {
  auto s = parse_mlip3_words({"load_from=pot.almtp", "extrapolation_control=True"});
  EXPECT_DOUBLE_EQ(s.extrapolation.threshold_save, 2.1);
  EXPECT_DOUBLE_EQ(s.extrapolation.threshold_break, 10.0);
  EXPECT_EQ(s.extrapolation.save_path, "preselected.cfg");
  // A break not above the save threshold (MLIP-3 then silently never breaks) and NaN are refused; 0 is no break.
  EXPECT_THROW(parse_mlip3_words({"load_from=p.almtp", "extrapolation_control=true", "extrapolation_control:threshold_save=5",
                                  "extrapolation_control:threshold_break=4"}),
               std::exception);
  EXPECT_THROW(parse_mlip3_words({"load_from=p.almtp", "extrapolation_control=true", "extrapolation_control:threshold_break=nan"}),
               std::exception);
  s = parse_mlip3_words({"load_from=p.almtp", "extrapolation_control=true", "extrapolation_control:threshold_break=0"});
  EXPECT_DOUBLE_EQ(s.extrapolation.threshold_break, 0.0);
  s = parse_mlip3_words({"mlip:load_from=p.mtp"});
  EXPECT_EQ(s.potential_path, "p.mtp");
  EXPECT_FALSE(s.extrapolation.enabled);
  EXPECT_FALSE(is_mlip3_form({"mlip.ini"}));
  EXPECT_THROW(parse_mlip3_words({"extrapolation_control=true"}), std::exception);
  EXPECT_THROW(parse_mlip3_words({"load_from=p.almtp", "extrapolation_control:threshhold_save=2"}), std::exception);
  EXPECT_THROW(parse_mlip3_words({"load_from=p.almtp", "extrapolation_control=maybe"}), std::exception);
}

TEST(LammpsSettings, MlMtpExtrapolationWords) {
  auto x = parse_mtp_extrapolation_words({"mlip3_style", "out.cfg", "2", "10", "every", "4"});
  EXPECT_TRUE(x.enabled);
  EXPECT_EQ(x.save_path, "out.cfg");
  EXPECT_DOUBLE_EQ(x.threshold_save, 2.0);
  EXPECT_DOUBLE_EQ(x.threshold_break, 10.0);
  EXPECT_EQ(x.every, 4);
  x = parse_mtp_extrapolation_words({"old.cfg", "3", "11"});  // the older positional form
  EXPECT_EQ(x.save_path, "old.cfg");
  EXPECT_DOUBLE_EQ(x.threshold_save, 3.0);
  x = parse_mtp_extrapolation_words({});  // grades only (for compute mtp/grade)
  EXPECT_TRUE(x.save_path.empty());
  EXPECT_DOUBLE_EQ(x.threshold_break, 0.0);
  EXPECT_THROW(parse_mtp_extrapolation_words({"mlip3_style", "out.cfg", "2"}), std::exception);
  EXPECT_THROW(parse_mtp_extrapolation_words({"out.cfg", "x", "3"}), std::exception);
  EXPECT_THROW(parse_mtp_extrapolation_words({"out.cfg", "3", "2"}), std::exception);    // break below save
  EXPECT_THROW(parse_mtp_extrapolation_words({"out.cfg", "nan", "3"}), std::exception);  // not finite
  EXPECT_THROW(parse_mtp_extrapolation_words({"mlip3_style", "out.cfg", "2", "inf"}), std::exception);
  EXPECT_DOUBLE_EQ(parse_mtp_extrapolation_words({"out.cfg", "3", "0"}).threshold_break, 0.0);  // no break
}

}  // namespace
}  // namespace openmtp_lammps
