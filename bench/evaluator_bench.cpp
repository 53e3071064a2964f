// calc-efs throughput of the evaluator on the data sets of MLIP-2's PERF.md (single thread), its parts
// (neighbour list, energy only, radial basis) and its thread scaling.
//   LiTi300: first 300 cfgs of reference/mlip2/dev_test/LiTi2O4_01_train.cfgs, template with 3 species,
//            min_dist 1.5, max_dist 5.0.
//   Mo-all:  data/mlearn/Mo test.cfg + train.cfg, 1 species, min_dist 1.8, max_dist 5.2.
// Untrained templates with MLIP-2's defaults are timed: the cost does not depend on coefficient values.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "mtp/core/neighbor_list.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/model/batch_evaluation.hpp"
#include "mtp/model/evaluator.hpp"
#include "mtp/model/radial_basis.hpp"

namespace {

using mtp::Configuration;

std::string shared(const std::string& rel) { return std::string(OPENMTP_SHARED_DIR) + "/" + rel; }

void read_into(const std::string& path, std::vector<Configuration>& out, std::size_t limit) {
  auto reader = mtp::io::make_cfg_reader(path);
  Configuration cfg;
  while (out.size() < limit && reader->next(cfg)) out.push_back(cfg);
}

struct DataSet {
  std::vector<Configuration> cfgs;
  std::size_t atoms = 0, pairs = 0;
  int species;
  double min_dist, max_dist;
};

const DataSet& data_set(int which) {  // 0 LiTi300, 1 Mo-all
  static std::map<int, DataSet> cache;
  auto it = cache.find(which);
  if (it != cache.end()) return it->second;
  DataSet d;
  if (which == 0) {
    read_into(shared("reference/mlip2/dev_test/LiTi2O4_01_train.cfgs"), d.cfgs, 300);
    d.species = 3, d.min_dist = 1.5, d.max_dist = 5.0;
  } else {
    read_into(shared("data/mlearn/Mo/test.cfg"), d.cfgs, 1u << 30);
    read_into(shared("data/mlearn/Mo/train.cfg"), d.cfgs, 1u << 30);
    d.species = 1, d.min_dist = 1.8, d.max_dist = 5.2;
  }
  for (const Configuration& c : d.cfgs) {
    d.atoms += c.size();
    d.pairs += mtp::NeighborList::build(c, d.max_dist).total();
  }
  return cache.emplace(which, std::move(d)).first->second;
}

mtp::Potential potential(int level, const DataSet& d) {
  char name[64];
  std::snprintf(name, sizeof name, "reference/mlip2/untrained_mtps/%02d.mtp", level);
  mtp::Potential p = mtp::io::load_potential(shared(name));
  p.species_count = d.species;
  p.radial.min_dist = d.min_dist;
  p.radial.max_dist = d.max_dist;
  p.set_untrained_defaults();
  return p;
}

void report(benchmark::State& state, const DataSet& d) {
  const double atoms = double(d.atoms) * double(state.iterations());
  state.counters["atoms/s"] = benchmark::Counter(atoms, benchmark::Counter::kIsRate);
  state.counters["us/atom"] = benchmark::Counter(atoms * 1e-6, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["nbrs/atom"] = double(d.pairs) / double(d.atoms);
}

// What calc-efs does per configuration: neighbour list, energy, forces, virial (one thread).
void BM_CalcEfs(benchmark::State& state) {
  const DataSet& d = data_set(int(state.range(0)));
  const mtp::Evaluator ev(potential(int(state.range(1)), d));
  for (auto _ : state)
    for (const Configuration& c : d.cfgs) benchmark::DoNotOptimize(ev.compute(c).energy);
  report(state, d);
}

// Site energies only: radial basis, basic moments and contractions, no reverse pass.
void BM_EnergyOnly(benchmark::State& state) {
  const DataSet& d = data_set(int(state.range(0)));
  const mtp::Evaluator ev(potential(int(state.range(1)), d));
  std::vector<mtp::NeighborList> lists;
  for (const Configuration& c : d.cfgs) lists.push_back(mtp::NeighborList::build(c, ev.cutoff()));
  for (auto _ : state)
    for (std::size_t k = 0; k < lists.size(); ++k)
      benchmark::DoNotOptimize(ev.site_basis_values(lists[k], d.cfgs[k].types.data()).data());
  report(state, d);
}

// Energy, forces and virial from prebuilt neighbour lists (the part a LAMMPS run pays).
void BM_SitesFromList(benchmark::State& state) {
  const DataSet& d = data_set(int(state.range(0)));
  const mtp::Evaluator ev(potential(int(state.range(1)), d));
  std::vector<mtp::NeighborList> lists;
  for (const Configuration& c : d.cfgs) lists.push_back(mtp::NeighborList::build(c, ev.cutoff()));
  mtp::SiteResults out;
  for (auto _ : state)
    for (std::size_t k = 0; k < lists.size(); ++k) {
      ev.compute_sites(lists[k], d.cfgs[k].types.data(), out);
      benchmark::DoNotOptimize(out.site_energies.data());
    }
  report(state, d);
}

void BM_NeighborList(benchmark::State& state) {
  const DataSet& d = data_set(int(state.range(0)));
  for (auto _ : state)
    for (const Configuration& c : d.cfgs) benchmark::DoNotOptimize(mtp::NeighborList::build(c, d.max_dist).total());
  report(state, d);
}

void BM_RadialBasis(benchmark::State& state) {
  const DataSet& d = data_set(int(state.range(0)));
  mtp::RadialBasisSpec spec;
  spec.min_dist = d.min_dist;
  spec.max_dist = d.max_dist;
  const mtp::RadialBasis basis(spec, 1.0);
  std::vector<double> r;
  for (const Configuration& c : d.cfgs) {
    const mtp::NeighborList nl = mtp::NeighborList::build(c, d.max_dist);
    for (const mtp::Vec3& v : nl.displacements) r.push_back(mtp::norm(v));
  }
  double q[8], dq[8];
  for (auto _ : state)
    for (double x : r) {
      basis.evaluate(x, q, dq);
      benchmark::DoNotOptimize(q[7] + dq[7]);
    }
  report(state, d);
}

// Configurations in parallel (evaluate_batch), as calc-efs runs with --threads=N.
void BM_CalcEfsThreads(benchmark::State& state) {
  const DataSet& d = data_set(int(state.range(0)));
  const mtp::Evaluator ev(potential(int(state.range(1)), d));
  const int threads = int(state.range(2));
  for (auto _ : state) benchmark::DoNotOptimize(mtp::evaluate_batch(ev, d.cfgs, threads).size());
  report(state, d);
}

// One large configuration (Mo-all's first cfg replicated 6x6x6), atoms in parallel.
void BM_LargeCfgThreads(benchmark::State& state) {
  const DataSet& d = data_set(1);
  static Configuration big = [&] {
    const Configuration& c = d.cfgs[0];
    Configuration b;
    b.lattice = mtp::Lattice::periodic(c.lattice.rows * 6.0);
    for (int x = 0; x < 6; ++x)
      for (int y = 0; y < 6; ++y)
        for (int z = 0; z < 6; ++z)
          for (std::size_t i = 0; i < c.size(); ++i) {
            b.positions.push_back(c.positions[i] + c.lattice.vector(0) * double(x) + c.lattice.vector(1) * double(y) +
                                  c.lattice.vector(2) * double(z));
            b.types.push_back(c.types[i]);
          }
    return b;
  }();
  mtp::Evaluator ev(potential(int(state.range(0)), d));
  ev.set_threads(int(state.range(1)));
  for (auto _ : state) benchmark::DoNotOptimize(ev.compute(big).energy);
  state.counters["atoms/s"] = benchmark::Counter(double(big.size()) * double(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["atoms"] = double(big.size());
}

void levels(benchmark::internal::Benchmark* b) {
  for (int set : {0, 1})
    for (int level : {8, 16, 20, 24}) b->Args({set, level});
  b->ArgNames({"set(0=LiTi300,1=Mo-all)", "level"});
}

void thread_counts(benchmark::internal::Benchmark* b) {
  const int max_threads = std::max(1, int(std::thread::hardware_concurrency()));
  for (int t = 1; t <= max_threads; t *= 2) b->Args({1, 16, t});
  if ((max_threads & (max_threads - 1)) != 0) b->Args({1, 16, max_threads});
  b->ArgNames({"set", "level", "threads"});
}

BENCHMARK(BM_CalcEfs)->Apply(levels)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_SitesFromList)->Apply(levels)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_EnergyOnly)->Apply(levels)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_NeighborList)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_RadialBasis)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_CalcEfsThreads)->Apply(thread_counts)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_LargeCfgThreads)
    ->ArgsProduct({{16}, {1, 2, 4, 8, 16}})
    ->ArgNames({"level", "threads"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
