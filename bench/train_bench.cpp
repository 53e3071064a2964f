// Training cost on PERF.md's sets (../shared/reference/mlip2/PERF.md): one loss-and-gradient pass, one energy/
// forces/virial pass (for the ratio), one linear-fit accumulation, and one BFGS iteration from the state after
// the initial linear fit (raw `same` start, as PERF.md's timing runs), at levels 08, 16 and 20.
//   LiTi300:  first 300 configurations of dev_test/LiTi2O4_01_train.cfgs, 3 species, min_dist 1.5, max_dist 5.0
//   Mo-train: data/mlearn/Mo/train.cfg, 1 species, min_dist 1.8, max_dist 5.2
// MLIP-2 (PERF.md, serial, this machine kind): LiTi300 L16 ~50 s per early BFGS iteration, L08 3.5 s, L20 132 s;
// Mo-train L08 3.1 s, L16 55 s, L20 166 s; one TrainLinear Mo L16 1.53 s.
#include <benchmark/benchmark.h>

#include <map>
#include <string>

#include "mtp/fit/bfgs.hpp"
#include "mtp/fit/linear_fit.hpp"
#include "mtp/fit/trainer.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mtp_file.hpp"

namespace {

struct Set {
  std::string name;
  mtp::Potential potential;
  std::vector<mtp::fit::TrainingSample> samples;
  std::size_t atoms = 0;
};

const Set& load(const std::string& set, const std::string& level) {
  static std::map<std::string, Set> cache;
  const std::string key = set + level;
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  const std::string shared = OPENMTP_SHARED_DIR;
  Set s;
  s.name = key;
  s.potential = mtp::io::load_potential(shared + "/reference/mlip2/untrained_mtps/" + level + ".mtp");
  std::string path;
  std::size_t limit = 0;
  if (set == "LiTi300") {
    s.potential.species_count = 3;
    s.potential.radial.min_dist = 1.5;
    s.potential.radial.max_dist = 5.0;
    path = shared + "/reference/mlip2/dev_test/LiTi2O4_01_train.cfgs";
    limit = 300;
  } else {
    s.potential.radial.min_dist = 1.8;
    s.potential.radial.max_dist = 5.2;
    path = shared + "/data/mlearn/Mo/train.cfg";
  }
  s.potential.set_untrained_defaults();
  auto reader = mtp::io::make_cfg_reader(path);
  mtp::Configuration cfg;
  while ((limit == 0 || s.samples.size() < limit) && reader->next(cfg)) {
    s.atoms += cfg.size();
    s.samples.push_back(mtp::fit::make_sample(cfg, s.potential.cutoff()));
  }
  return cache.emplace(key, std::move(s)).first->second;
}

const char* kSets[] = {"LiTi300", "Mo-train"};
const char* kLevels[] = {"08", "16", "20"};

void args(benchmark::internal::Benchmark* b) {
  for (int s = 0; s < 2; ++s)
    for (int l = 0; l < 3; ++l) b->Args({s, l});
  b->Unit(benchmark::kSecond)->Iterations(1);
}

void label(benchmark::State& state, const Set& s) {
  state.SetLabel(s.name + " (" + std::to_string(s.samples.size()) + " cfgs, " + std::to_string(s.atoms) + " atoms, " +
                 std::to_string(s.potential.parameter_count()) + " params)");
}

void BM_EnergyForcesVirial(benchmark::State& state) {
  const Set& s = load(kSets[state.range(0)], kLevels[state.range(1)]);
  const mtp::EfsParameterGradient model(s.potential);
  for (auto _ : state)
    for (const auto& x : s.samples) benchmark::DoNotOptimize(model.compute(x.nl, x.cfg.types.data(), x.cfg.size()));
  label(state, s);
}
BENCHMARK(BM_EnergyForcesVirial)->Apply(args);

void BM_LossAndGradient(benchmark::State& state) {
  const Set& s = load(kSets[state.range(0)], kLevels[state.range(1)]);
  mtp::fit::TrainerOptions o;
  mtp::fit::Trainer t(s.potential, s.samples, o, mtp::fit::Communicator::serial());
  const std::vector<double> theta = s.potential.parameters();
  std::vector<double> g;
  for (auto _ : state) benchmark::DoNotOptimize(t.loss_and_gradient(theta, g));
  label(state, s);
}
BENCHMARK(BM_LossAndGradient)->Apply(args);

void BM_LinearFitAccumulation(benchmark::State& state) {
  const Set& s = load(kSets[state.range(0)], kLevels[state.range(1)]);
  const mtp::EfsParameterGradient model(s.potential);
  for (auto _ : state) benchmark::DoNotOptimize(mtp::fit::linear_normal_equations(model, s.samples, {}, 1));
  label(state, s);
}
BENCHMARK(BM_LinearFitAccumulation)->Apply(args);

void BM_BfgsIteration(benchmark::State& state) {
  const Set& s = load(kSets[state.range(0)], kLevels[state.range(1)]);
  mtp::fit::TrainerOptions o;
  mtp::fit::Trainer t(s.potential, s.samples, o, mtp::fit::Communicator::serial());
  t.train_linear();
  const std::vector<double> start = t.potential().parameters();
  mtp::fit::BfgsOptions bo;
  bo.max_iterations = 1;
  bo.convergence_window = 0;
  int evaluations = 0;
  for (auto _ : state) {
    const auto r = mtp::fit::minimize_bfgs(
        [&](const std::vector<double>& x, std::vector<double>& g) { return t.loss_and_gradient(x, g); }, start, bo);
    evaluations = r.evaluations;
  }
  state.counters["evaluations"] = evaluations;
  label(state, s);
}
BENCHMARK(BM_BfgsIteration)->Apply(args);

}  // namespace
