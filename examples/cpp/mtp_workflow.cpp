// The OpenMTP C++ API in one program (docs/API.md): load a potential, evaluate it, build an active set and grade
// with it, select, train a small potential, relax a structure. It includes only <openmtp/openmtp.hpp>.
//
//   openmtp_example <trained.mtp> <configurations.cfg> <untrained.mtp> <output folder>
//
// (CMake builds it as build/bin/openmtp_example; the test example.mtp_workflow runs it on
// examples/data/mlearn-Cu and untrained_mtps/02.mtp.)
#include <openmtp/openmtp.hpp>

#include <cmath>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s <trained.mtp> <configurations.cfg> <untrained.mtp> <output folder>\n", argv[0]);
    return 2;
  }
  const std::string trained_path = argv[1], cfg_path = argv[2], untrained_path = argv[3], out = argv[4];
  try {
    // Load and evaluate: energy per atom and the largest force difference to the reference.
    const openmtp::Potential potential = openmtp::load_potential(trained_path);
    const openmtp::Evaluator evaluator(potential);
    std::vector<openmtp::Configuration> cfgs;
    auto reader = openmtp::open_configurations(cfg_path);
    for (openmtp::Configuration c; reader->next(c);) cfgs.push_back(c);
    for (const openmtp::Configuration& reference : cfgs) {
      openmtp::Configuration c = reference;
      evaluator.compute_into(c);
      double worst = 0.0;
      if (reference.has_forces())
        for (std::size_t i = 0; i < c.size(); ++i)
          for (int k = 0; k < 3; ++k) worst = std::fmax(worst, std::fabs(c.forces[i][k] - reference.forces[i][k]));
      std::printf("evaluate: %zu atoms, E/N = %.6f eV (reference %.6f), max |dF| = %.4f eV/A\n", c.size(),
                  *c.energy / double(c.size()), reference.energy.value_or(NAN) / double(c.size()), worst);
    }

    // Grade and select: an active set from the configurations (MaxVol), then the grade of each.
    openmtp::ActiveSet set(potential, openmtp::SelectionWeights{}, 1e-5);
    for (const openmtp::Configuration& c : cfgs) set.queue(c);
    const openmtp::SelectionReport report = set.select(1.0 + 1e-9, 1.0 + 1e-9);
    std::printf("select: %zu of %zu rows filled\n", set.filled_rows(), set.parameter_count());
    for (const openmtp::Configuration& c : cfgs) std::printf("grade: %s\n", openmtp::grade_text(set.grade(c)).c_str());
    openmtp::save_active_set(out + "/state.als", set);
    (void)report;

    // Train: a small potential from the untrained template, stopped after a few iterations through a token.
    openmtp::OptionValues options = openmtp::training_options();
    options.set("max-iter", "20", openmtp::OptionSource::Program);
    openmtp::StopToken stop;
    openmtp::TrainingCallbacks callbacks;
    callbacks.progress = [&](const openmtp::TrainingProgress& p) {
      if (p.iteration == 5) stop.request_stop();
    };
    const openmtp::TrainingResult trained =
        openmtp::train(openmtp::load_potential(untrained_path), cfgs, options, callbacks, stop);
    openmtp::save_potential(out + "/trained.mtp", trained.potential);
    std::printf("train: %s\n", trained.interrupted ? "stopped on request" : "finished");

    // Relax: the first configuration, positions only.
    openmtp::RelaxationSettings settings;
    settings.stress_tolerance = 0.0;
    const openmtp::RelaxationResult relaxed = openmtp::relax(evaluator, cfgs.front(), settings);
    openmtp::Configuration start = cfgs.front();
    evaluator.compute_into(start);
    std::printf("relax: %s after %ld iterations, E %.6f -> %.6f eV\n",
                relaxed.status == openmtp::RelaxationStatus::Converged ? "converged" : "not converged",
                relaxed.iterations, *start.energy, *relaxed.configuration.energy);
    return *relaxed.configuration.energy <= *start.energy ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "openmtp_example: %s\n", e.what());
    return 1;
  }
}
