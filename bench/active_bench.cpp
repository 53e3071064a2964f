// Active learning: the calc-grade and select-add work of the PERF.md cases (LiTi2O4, level-16 3-species MTP,
// 383 parameters; train 100 + grade 100, train 500 + grade 100) done through the library as the commands do
// it (reading the .cfg files included, writing outputs excluded), and the cost of one grade against one
// energy-and-forces evaluation of the same configuration.
// MLIP-2 on this machine kind (reference/mlip2/PERF.md, CPU user s): calc-grade 1.23 (100+100), 4.26
// (500+100); select-add 1.25 (100+100), 4.21 (500+100).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "mtp/active/active_set.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mtp_file.hpp"

namespace {

const std::string kShared = OPENMTP_SHARED_DIR;
const std::string kD = kShared + "/reference/mlip2/expected/d_active_learning_LiTi2O4_L16/";
const std::string kD2 = kShared + "/reference/mlip2/expected/d2_active_learning_LiTi2O4_L16_train500/";

std::vector<mtp::Configuration> read_all(const std::string& path) {
  std::vector<mtp::Configuration> out;
  auto reader = mtp::io::make_cfg_reader(path);
  mtp::Configuration cfg;
  while (reader->next(cfg)) out.push_back(cfg);
  return out;
}

void calc_grade(benchmark::State& state, const std::string& base, const std::string& train, const std::string& input) {
  for (auto _ : state) {
    mtp::active::ActiveSet set(mtp::io::load_potential(base + "pot.mtp"), mtp::active::SelectionWeights{}, 1e-5);
    for (const auto& c : read_all(base + train)) set.queue(c);
    set.select(1.1, 1.0000001);
    double sum = 0.0;
    for (const auto& c : read_all(base + input)) sum += set.grade(c);
    benchmark::DoNotOptimize(sum);
  }
}

void select_add(benchmark::State& state, const std::string& base, const std::string& train, const std::string& input) {
  for (auto _ : state) {
    mtp::active::ActiveSet set(mtp::io::load_potential(base + "pot.mtp"), mtp::active::SelectionWeights{}, 1e-5);
    for (const auto& c : read_all(base + train)) set.queue(c);
    set.select(1.0000001, 1.0000001);
    for (const auto& c : read_all(base + input)) set.queue(c);
    const auto report = set.select(1.1, 1.0000001);
    benchmark::DoNotOptimize(report.swaps);
  }
}

void BM_CalcGrade_LiTi100plus100(benchmark::State& s) { calc_grade(s, kD, "train.cfg", "next100.cfg"); }
void BM_SelectAdd_LiTi100plus100(benchmark::State& s) { select_add(s, kD, "train.cfg", "next100.cfg"); }
void BM_CalcGrade_LiTi500plus100(benchmark::State& s) { calc_grade(s, kD2, "train500.cfg", "new100.cfg"); }
void BM_SelectAdd_LiTi500plus100(benchmark::State& s) { select_add(s, kD2, "train500.cfg", "new100.cfg"); }
BENCHMARK(BM_CalcGrade_LiTi100plus100)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_SelectAdd_LiTi100plus100)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_CalcGrade_LiTi500plus100)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_SelectAdd_LiTi500plus100)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

// One configuration of new100.cfg against the train-500 active set: energy + forces vs a grade.
struct GradeFixture {
  GradeFixture()
      : set(mtp::io::load_potential(kD2 + "pot.mtp"), mtp::active::SelectionWeights{}, 1e-5),
        probe(read_all(kD2 + "new100.cfg").front()) {
    for (const auto& c : read_all(kD2 + "train500.cfg")) set.queue(c);
    set.select(1.1, 1.0000001);
  }
  mtp::active::ActiveSet set;
  mtp::Configuration probe;
};
GradeFixture& fixture() {
  static GradeFixture f;
  return f;
}

void BM_EnergyForces_OneCfg(benchmark::State& state) {
  auto& f = fixture();
  for (auto _ : state) benchmark::DoNotOptimize(f.set.evaluator().compute(f.probe).energy);
}
void BM_Grade_OneCfg(benchmark::State& state) {
  auto& f = fixture();
  for (auto _ : state) benchmark::DoNotOptimize(f.set.grade(f.probe));
}
void BM_GradeNeighborList_OneCfg(benchmark::State& state) {
  // The LAMMPS path: the neighbour list is given, only the energy row and the product with A^-1 remain.
  auto& f = fixture();
  const mtp::NeighborList nl = mtp::NeighborList::build(f.probe, f.set.evaluator().cutoff());
  for (auto _ : state) benchmark::DoNotOptimize(f.set.configuration_grade(nl, f.probe.types.data()));
}
BENCHMARK(BM_EnergyForces_OneCfg)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Grade_OneCfg)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_GradeNeighborList_OneCfg)->Unit(benchmark::kMicrosecond);

}  // namespace
