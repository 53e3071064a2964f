// Neighbour-list build time and memory for fcc Cu supercells of 10^3 .. 10^6 atoms (issue 2).
//   build/bench/neighbor_list_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cmath>

#include "mtp/core/configuration.hpp"
#include "mtp/core/neighbor_list.hpp"

namespace {

// An fcc cell of at least `atoms` atoms (n^3 conventional cells), lightly rattled so bins are not perfectly
// regular.
mtp::Configuration fcc_supercell(long atoms) {
  const int n = static_cast<int>(std::ceil(std::cbrt(atoms / 4.0)));
  const double a = 3.615;
  mtp::Configuration cfg;
  cfg.lattice = mtp::Lattice::periodic(mtp::Mat3::identity() * (a * n));
  const mtp::Vec3 basis[4] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  unsigned seed = 12345;
  auto noise = [&seed]() {
    seed = seed * 1103515245u + 12345u;
    return ((seed >> 8) & 0xffff) / 65535.0 * 0.1 - 0.05;
  };
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      for (int k = 0; k < n; ++k)
        for (const mtp::Vec3& b : basis) {
          cfg.positions.push_back((mtp::Vec3{double(i), double(j), double(k)} + b) * a +
                                  mtp::Vec3{noise(), noise(), noise()});
          cfg.types.push_back(0);
        }
  return cfg;
}

void BM_NeighborListBuild(benchmark::State& state) {
  const mtp::Configuration cfg = fcc_supercell(state.range(0));
  const double cutoff = 5.0;
  std::size_t pairs = 0;
  for (auto _ : state) {
    const mtp::NeighborList nl = mtp::NeighborList::build(cfg, cutoff);
    pairs = nl.total();
    benchmark::DoNotOptimize(nl.neighbors.data());
  }
  state.counters["atoms"] = double(cfg.size());
  state.counters["neighbours_per_atom"] = double(pairs) / double(cfg.size());
  // Bytes held by the list itself: index and displacement per pair, one offset per atom.
  state.counters["MB"] = (pairs * (sizeof(int) + sizeof(mtp::Vec3)) + (cfg.size() + 1) * sizeof(std::size_t)) / 1e6;
}
BENCHMARK(BM_NeighborListBuild)->Arg(1000)->Arg(10000)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

}  // namespace
