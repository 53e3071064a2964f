// `mlp label`: a .cfg labelled by the oracle of a settings file (the teacher-MTP oracle on Cu, from
// ../shared/data/mlearn; skipped where ../shared is absent). The labels must be the teacher's own energies,
// forces and stresses; a rerun repeats no call; bad input leaves the output untouched.
#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "mtp/io/mtp_file.hpp"
#include "mtp/learn/work_directory.hpp"
#include "mtp/model/evaluator.hpp"
#include "support/paths.hpp"
#include "support/run_command.hpp"

namespace mtp::test {
namespace {

// fcc Cu, 2x2x2 conventional cells (32 atoms), every atom moved by up to `amplitude` A.
Configuration rattled_copper(double amplitude, unsigned seed) {
  Configuration c;
  const double a = 3.62;
  Mat3 rows;
  for (int k = 0; k < 3; ++k) rows(k, k) = 2 * a;
  c.lattice = Lattice::periodic(rows);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-amplitude, amplitude);
  const double b[4][3] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j)
      for (int k = 0; k < 2; ++k)
        for (const auto& p : b) {
          c.positions.push_back(Vec3{(i + p[0]) * a + u(rng), (j + p[1]) * a + u(rng), (k + p[2]) * a + u(rng)});
          c.types.push_back(0);
        }
  return c;
}

TEST(LabelCli, WritesTheOraclesEnergiesForcesAndStresses) {
  REQUIRE_SHARED();
  const std::string dir = scratch_dir("label-cli");
  const std::string teacher = shared_path("data/mlearn/Cu/maml_fitted.mtp");
  std::ofstream(dir + "/settings.toml") << "species = ['Cu']\nmasses = [63.546]\n[explore]\nstructures = ['in.cfg']\n"
                                        << "[oracle]\nkind = 'mtp'\nparallel = 2\npotential = '" << teacher << "'\n";
  const std::vector<Configuration> inputs{rattled_copper(0.1, 1), rattled_copper(0.2, 2), rattled_copper(0.05, 3)};
  learn::save_configurations(dir + "/in.cfg", inputs);

  const CommandResult r = run_mlp("label " + quoted(dir + "/settings.toml") + " " + quoted(dir + "/in.cfg") + " " +
                                  quoted(dir + "/out.cfg"));
  ASSERT_EQ(r.status, 0) << r.output;
  // Progress: one line per finished call, whatever the output is (here a pipe, not a terminal).
  EXPECT_NE(r.output.find("oracle: 1/3 done"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("oracle: 3/3 done"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("left"), std::string::npos) << r.output;

  const std::vector<Configuration> out = learn::load_configurations(dir + "/out.cfg");
  ASSERT_EQ(out.size(), inputs.size());
  const Evaluator teacher_model(io::load_potential(teacher));
  for (std::size_t n = 0; n < inputs.size(); ++n) {
    const EfsResults want = teacher_model.compute(inputs[n]);
    ASSERT_TRUE(out[n].has_energy() && out[n].has_forces() && out[n].has_virial()) << n;
    EXPECT_NEAR(*out[n].energy, want.energy, 1e-6 * std::abs(want.energy)) << n;
    double fmax = 0;
    for (std::size_t i = 0; i < inputs[n].size(); ++i)
      for (int k = 0; k < 3; ++k) {
        EXPECT_NEAR(out[n].positions[i][k], inputs[n].positions[i][k], 1e-9);
        EXPECT_NEAR(out[n].forces[i][k], want.forces[i][k], 1e-6) << n << " " << i;
        fmax = std::max(fmax, std::abs(want.forces[i][k]));
      }
    if (n == 1) {
      EXPECT_GT(fmax, 0.1);  // a rattled crystal: the forces compared are not all zero
    }
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) EXPECT_NEAR((*out[n].virial)(a, b), want.virial(a, b), 1e-5) << n;
  }

  // A rerun reads every result back: no oracle call.
  const CommandResult again = run_mlp("label " + quoted(dir + "/settings.toml") + " " + quoted(dir + "/in.cfg") +
                                      " " + quoted(dir + "/out.cfg"));
  ASSERT_EQ(again.status, 0) << again.output;
  EXPECT_NE(again.output.find("(0 oracle calls, 3 results from an earlier run"), std::string::npos) << again.output;

  // An output named relative to the current folder (no directory part) is written there.
  const CommandResult relative = run_command("cd " + quoted(dir) + " && " + quoted(mlp_binary()) +
                                             " label settings.toml in.cfg relative.cfg --work-dir=out.cfg.calcs");
  ASSERT_EQ(relative.status, 0) << relative.output;
  EXPECT_EQ(learn::load_configurations(dir + "/relative.cfg").size(), inputs.size());

  // Other inputs in the same work folder would read back the wrong results: refused, output untouched.
  learn::save_configurations(dir + "/other.cfg", {rattled_copper(0.1, 9)});
  std::ofstream(dir + "/keep.cfg") << "untouched\n";
  const CommandResult other = run_mlp("label " + quoted(dir + "/settings.toml") + " " + quoted(dir + "/other.cfg") +
                                      " " + quoted(dir + "/keep.cfg") + " --work-dir=" + quoted(dir + "/out.cfg.calcs"));
  EXPECT_EQ(other.status, 1);
  EXPECT_NE(other.output.find("inputs.cfg differs"), std::string::npos) << other.output;
  EXPECT_EQ(learn::load_text(dir + "/keep.cfg"), "untouched\n");

  // A missing input file: named, exit status 1, output untouched.
  const CommandResult missing = run_mlp("label " + quoted(dir + "/settings.toml") + " " + quoted(dir + "/none.cfg") +
                                        " " + quoted(dir + "/keep.cfg"));
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.output.find("none.cfg"), std::string::npos) << missing.output;
  EXPECT_EQ(learn::load_text(dir + "/keep.cfg"), "untouched\n");
}

}  // namespace
}  // namespace mtp::test
