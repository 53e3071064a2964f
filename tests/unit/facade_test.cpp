// The facade (include/openmtp): two trainings in one process stop only on their own token; active sets saved
// in either format load back with the same grades; the example's calls give the library's numbers.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "openmtp/openmtp.hpp"
#include "support/paths.hpp"

namespace {

std::vector<openmtp::Configuration> sample_configurations() {
  std::vector<openmtp::Configuration> cfgs;
  auto reader = openmtp::open_configurations(mtp::test::source_path("tests/data/mlearn_Cu_sample.cfg"));
  for (openmtp::Configuration c; reader->next(c);) cfgs.push_back(c);
  return cfgs;
}

openmtp::OptionValues quick_options() {
  openmtp::OptionValues o = openmtp::training_options();
  o.set("max-iter", "12", openmtp::OptionSource::Program);
  o.set("skip-preinit", "true", openmtp::OptionSource::Program);
  o.set("seed", "3", openmtp::OptionSource::Program);
  return o;
}

std::vector<double> coefficients(const openmtp::Potential& p) {
  std::vector<double> v = p.radial_coeffs;
  v.insert(v.end(), p.species_coeffs.begin(), p.species_coeffs.end());
  v.insert(v.end(), p.moment_coeffs.begin(), p.moment_coeffs.end());
  return v;
}

TEST(Facade, TwoTrainingsInOneProcessStopOnlyOnTheirOwnToken) {
  const auto cfgs = sample_configurations();
  ASSERT_EQ(cfgs.size(), 5u);
  const openmtp::Potential start = openmtp::load_potential(mtp::test::source_path("untrained_mtps/02.mtp"));
  const openmtp::OptionValues options = quick_options();

  // Alone: the run to compare with.
  const openmtp::TrainingResult alone = openmtp::train(start, cfgs, options);
  ASSERT_FALSE(alone.interrupted);

  // Together: the first stops itself at iteration 2, while the second runs on; both at the same time.
  openmtp::StopToken first_stop, second_stop;
  int first_last = -1, second_last = -1;
  openmtp::TrainingCallbacks first_cb, second_cb;
  first_cb.progress = [&](const openmtp::TrainingProgress& p) {
    first_last = p.iteration;
    if (p.iteration == 2) first_stop.request_stop();
  };
  second_cb.progress = [&](const openmtp::TrainingProgress& p) { second_last = p.iteration; };
  openmtp::TrainingResult first, second;
  std::thread a([&] { first = openmtp::train(start, cfgs, options, first_cb, first_stop); });
  std::thread b([&] { second = openmtp::train(start, cfgs, options, second_cb, second_stop); });
  a.join();
  b.join();

  EXPECT_TRUE(first.interrupted);
  EXPECT_EQ(first_last, 2);
  EXPECT_FALSE(second.interrupted);
  EXPECT_FALSE(second_stop.stop_requested());
  EXPECT_GT(second_last, 2);
  // The undisturbed run is the lone run, to the last bit (training is deterministic for a seed).
  EXPECT_EQ(coefficients(second.potential), coefficients(alone.potential));
  EXPECT_NE(coefficients(first.potential), coefficients(alone.potential));
}

TEST(Facade, ActiveSetsSavedInEitherFormatLoadBackWithTheSameGrades) {
  const auto cfgs = sample_configurations();
  const openmtp::Potential potential =
      openmtp::load_potential(mtp::test::source_path("examples/data/mlearn-Cu/maml_fitted.mtp"));
  openmtp::ActiveSet set(potential, openmtp::SelectionWeights{}, 1e-5);
  for (const auto& c : cfgs) set.queue(c);
  set.select(1.0 + 1e-9, 1.0 + 1e-9);
  ASSERT_GT(set.filled_rows(), 0u);
  const std::string dir = mtp::test::scratch_dir("facade-active-set");
  for (const std::string name : {"state.als", "state.almtp"}) {
    openmtp::save_active_set(dir + "/" + name, set);
    const openmtp::ActiveSet loaded = openmtp::load_active_set(dir + "/" + name);
    EXPECT_EQ(loaded.filled_rows(), set.filled_rows()) << name;
    for (const auto& c : cfgs) EXPECT_NEAR(loaded.grade(c), set.grade(c), 1e-9 * set.grade(c)) << name;
  }
  EXPECT_THROW(openmtp::save_active_set(dir + "/state.x", set, "xyz"), std::invalid_argument);
}

TEST(Facade, TrainingRefusesAConfigurationWithASpeciesThePotentialLacks) {
  auto cfgs = sample_configurations();
  cfgs[1].types[0] = 1;  // 02.mtp has one species
  const openmtp::Potential start = openmtp::load_potential(mtp::test::source_path("untrained_mtps/02.mtp"));
  EXPECT_THROW(openmtp::train(start, cfgs, quick_options()), std::invalid_argument);
  EXPECT_THROW(openmtp::train(start, {}, quick_options()), std::invalid_argument);
}

TEST(Facade, RelaxationLowersTheEnergyAndConverges) {
  const auto cfgs = sample_configurations();
  const openmtp::Evaluator evaluator(
      openmtp::load_potential(mtp::test::source_path("examples/data/mlearn-Cu/maml_fitted.mtp")));
  openmtp::RelaxationSettings settings;
  settings.stress_tolerance = 0.0;
  openmtp::Configuration start = cfgs.front();
  evaluator.compute_into(start);
  const openmtp::RelaxationResult r = openmtp::relax(evaluator, cfgs.front(), settings);
  ASSERT_EQ(r.status, openmtp::RelaxationStatus::Converged) << r.failure;
  EXPECT_LT(*r.configuration.energy, *start.energy);
  for (const auto& f : r.configuration.forces)
    for (int k = 0; k < 3; ++k) EXPECT_LT(std::abs(f[k]), settings.force_tolerance * 1.0001);
}

}  // namespace
