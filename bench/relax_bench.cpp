// Relaxation: MLIP-2's examples 06.relax (25 configurations of 53-54 atoms, level-4 one-species MTP; EFS only)
// and 07.relax-active-learning (the same with grading against state.als, saving above 3, breaking above 10),
// through the library as `mlp relax` does it (reading the .cfg file included, writing excluded), on one
// thread and on all cores. No MLIP-2 relax timing exists (reference/mlip2/PERF.md has none, and no MLIP-2
// binary is available here to measure one); see docs/PERFORMANCE.md.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "mtp/io/als_file.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/relax/extrapolation_control.hpp"
#include "mtp/relax/relaxation_batch.hpp"

namespace {

const std::string kExamples = std::string(OPENMTP_SHARED_DIR) + "/reference/mlip2/test/examples/";

std::vector<mtp::RelaxationJob> read_jobs(const std::string& path) {
  std::vector<mtp::RelaxationJob> jobs;
  auto reader = mtp::io::make_cfg_reader(path);
  mtp::Configuration cfg;
  long index = 0;
  while (reader->next(cfg)) {
    mtp::RelaxationJob job;
    job.input = cfg;
    job.index = ++index;
    jobs.push_back(std::move(job));
  }
  return jobs;
}

void example06(benchmark::State& state) {
  const mtp::Evaluator ev(mtp::io::load_potential(kExamples + "06.relax/pot.mtp"));
  long evaluations = 0;
  for (auto _ : state) {
    auto jobs = read_jobs(kExamples + "06.relax/to-relax.cfg");
    mtp::relax_all(jobs, mtp::plain_efs(ev), mtp::RelaxationSettings{}, static_cast<int>(state.range(0)));
    for (const auto& j : jobs) evaluations += j.result.evaluations;
  }
  state.counters["evaluations"] = benchmark::Counter(static_cast<double>(evaluations), benchmark::Counter::kAvgIterations);
}

void example07(benchmark::State& state) {
  const std::string dir = kExamples + "07.relax-active-learning/";
  const mtp::active::ActiveSet set = mtp::io::load_als(dir + "state.als", 1e-7);
  mtp::ExtrapolationControl control;
  control.set = &set;
  control.save_threshold = 3.0;
  control.break_threshold = 10.0;
  for (auto _ : state) {
    auto jobs = read_jobs(dir + "to-relax.cfg");
    mtp::relax_all(
        jobs, [&](std::vector<mtp::Configuration>* out) { return control.efs_function(out); },
        mtp::RelaxationSettings{}, static_cast<int>(state.range(0)));
    benchmark::DoNotOptimize(jobs.data());
  }
}

BENCHMARK(example06)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK(example07)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

}  // namespace
