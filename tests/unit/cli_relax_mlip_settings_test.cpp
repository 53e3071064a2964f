// `mlp relax` settings from mlip.ini (MLIP-2's write-cfgs) and from MLIP-3's --relaxation_settings file (its
// doc/relax.ini keys: relax:log acted on, the keys this driver does not have refused unless "off"). Reads MLIP-2's
// example 06.relax and MLIP-3's example 07.relax from ../shared (skipped with a message where absent).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/model/evaluator.hpp"
#include "support/files.hpp"
#include "support/paths.hpp"
#include "support/run_command.hpp"

namespace {

namespace fs = std::filesystem;
using mtp::test::read_cfg_file;
using mtp::test::read_file;
using mtp::test::run_command;

// The first `count` configurations of MLIP-2's example 06.relax in a scratch folder with its pot.mtp and an
// mlip.ini naming it plus `extra` lines.
std::string stage_mlip2(const std::string& name, const std::string& extra, std::size_t count) {
  const std::string dir = mtp::test::scratch_dir(name);
  const std::string example = mtp::test::shared_path("reference/mlip2/test/examples/06.relax/");
  fs::copy_file(example + "pot.mtp", dir + "/pot.mtp");
  auto cfgs = read_cfg_file(example + "to-relax.cfg");
  cfgs.resize(std::min(count, cfgs.size()));
  auto writer = mtp::io::make_cfg_text_writer(dir + "/to-relax.cfg", false, mtp::io::CfgTextStyle::Lossless);
  for (const auto& c : cfgs) writer->write(c);
  writer->close();
  std::ofstream(dir + "/mlip.ini") << "mtp-filename pot.mtp\n" << extra;
  return dir;
}

// write-cfgs: every evaluation of the relaxations (in input order, whatever the thread count), each with the
// potential's energy, forces and stress at its positions; write-cfgs:skip 2 keeps every third.
TEST(CliRelaxSettings, Mlip2WriteCfgsWritesEveryEvaluation) {
  REQUIRE_SHARED();
  std::vector<mtp::Configuration> all;
  std::string first_text;
  for (int threads : {1, 3}) {
    const std::string dir = stage_mlip2("relax-write-" + std::to_string(threads), "write-cfgs evaluated.cfg\n", 3);
    const auto r = run_command("cd " + dir + " && " + mtp::test::mlp_binary() +
                               " relax mlip.ini --cfg-filename=to-relax.cfg --save-relaxed=relaxed.cfg --threads=" +
                               std::to_string(threads));
    ASSERT_EQ(r.status, 0) << r.output;
    const auto written = read_cfg_file(dir + "/evaluated.cfg_0");  // MLIP-2's rank suffix, as its other outputs
    if (first_text.empty()) {
      all = written;
      first_text = read_file(dir + "/evaluated.cfg_0");
    } else {
      EXPECT_TRUE(read_file(dir + "/evaluated.cfg_0") == first_text) << "the thread count changed the file";
    }
  }
  ASSERT_GT(all.size(), 6u);  // three relaxations of several steps each
  const mtp::Evaluator evaluator(mtp::io::load_potential(mtp::test::shared_path("reference/mlip2/test/examples/06.relax/pot.mtp")));
  for (const auto& c : all) {
    ASSERT_TRUE(c.has_energy());
    ASSERT_TRUE(c.has_forces());
    ASSERT_TRUE(c.has_virial());
    mtp::Configuration again = c;
    evaluator.compute_into(again);
    // The positions are printed with 6 decimals: the energy at the printed positions may differ by up to
    // sum_i |F_i|_1 * 5e-7; forces by the Hessian times 5e-7 A.
    double bound = 1e-9;
    for (const auto& f : c.forces) bound += 5e-7 * (std::abs(f.x) + std::abs(f.y) + std::abs(f.z));
    EXPECT_NEAR(*c.energy, *again.energy, bound);
    for (std::size_t i = 0; i < c.size(); ++i)
      for (int a = 0; a < 3; ++a) EXPECT_NEAR(c.forces[i][a], again.forces[i][a], 1e-4);
  }
  const std::string dir = stage_mlip2("relax-write-skip", "write-cfgs evaluated.cfg\nwrite-cfgs:skip 2\n", 3);
  const auto r = run_command("cd " + dir + " && " + mtp::test::mlp_binary() + " relax mlip.ini --cfg-filename=to-relax.cfg");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto every_third = read_cfg_file(dir + "/evaluated.cfg_0");
  ASSERT_EQ(every_third.size(), (all.size() + 2) / 3);
  for (std::size_t k = 0; k < every_third.size(); ++k) EXPECT_EQ(*every_third[k].energy, *all[3 * k].energy);
}

// MLIP-3's relax.ini keys: relax:log is where the log goes; its doc/relax.ini as written (freeze_small_grads,
// use_gd_method, correct_cell FALSE, init_mindist, energy_tolerance -9.9e99) is accepted; switching on what this
// driver does not do is an error naming the key, with no output written.
TEST(CliRelaxSettings, Mlip3RelaxIniKeys) {
  REQUIRE_SHARED();
  const std::string example = mtp::test::shared_path("reference/mlip3/mlip3-extract/test/examples/07.relax/");
  const std::string dir = mtp::test::scratch_dir("relax-m3ini");
  fs::create_directories(dir + "/out");
  auto cfgs = read_cfg_file(example + "to-relax.cfg");
  cfgs.resize(std::min<std::size_t>(2, cfgs.size()));
  {
    auto writer = mtp::io::make_cfg_text_writer(dir + "/to-relax.cfg", false, mtp::io::CfgTextStyle::Lossless);
    for (const auto& c : cfgs) writer->write(c);
    writer->close();
  }
  const std::string ini = read_file(example + "relax.ini");
  std::ofstream(dir + "/relax.ini") << ini << "relax:energy_tolerance -9.9e99\n";
  const std::string head = "cd " + dir + " && " + mtp::test::mlp_binary() + " relax " + example +
                           "pot.almtp to-relax.cfg out/relaxed.cfg --relaxation_settings=";
  auto r = run_command(head + "relax.ini");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("relax:init_mindist"), std::string::npos) << r.output;  // the note says what is not done
  EXPECT_GT(read_file(dir + "/out/relaxation.log").size(), 0u);                  // relax:log out/relaxation.log
  EXPECT_EQ(read_cfg_file(dir + "/out/relaxed.cfg").size(), cfgs.size());
  for (const char* line : {"relax:use_gd_method TRUE", "relax:freeze_small_grads TRUE", "relax:correct_cell TRUE",
                           "relax:energy_tolerance -5"}) {
    std::ofstream(dir + "/bad.ini") << "relax:iteration_limit 10\n" << line << "\n";
    fs::remove(dir + "/out/bad.cfg");
    r = run_command("cd " + dir + " && " + mtp::test::mlp_binary() + " relax " + example +
                    "pot.almtp to-relax.cfg out/bad.cfg --relaxation_settings=bad.ini");
    EXPECT_NE(r.status, 0) << line;
    const std::string key = std::string(line).substr(0, std::string(line).find(' '));
    EXPECT_NE(r.output.find(key), std::string::npos) << line << ": " << r.output;
    EXPECT_NE(r.output.find("not supported"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(dir + "/out/bad.cfg")) << line;
  }
}

}  // namespace
