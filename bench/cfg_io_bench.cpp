// Throughput of .cfg reading and writing (text fixed, text lossless, binary) on a generated file of
// 2000 configurations x 64 atoms with forces, energy and virial (about 13 MB as fixed text).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <unistd.h>

#include "mtp/io/cfg_binary.hpp"
#include "mtp/io/cfg_text.hpp"

namespace {

using mtp::Configuration;
namespace io = mtp::io;

const std::vector<Configuration>& sample() {
  static const std::vector<Configuration> cfgs = [] {
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    std::vector<Configuration> out;
    for (int k = 0; k < 2000; ++k) {
      Configuration c;
      c.lattice = mtp::Lattice::periodic(mtp::Mat3::identity() * 10.0);
      c.resize(64);
      c.forces.resize(64);
      for (std::size_t i = 0; i < 64; ++i) {
        c.positions[i] = {5 + 5 * u(rng), 5 + 5 * u(rng), 5 + 5 * u(rng)};
        c.types[i] = static_cast<int>(rng() % 3);
        c.forces[i] = {u(rng), u(rng), u(rng)};
      }
      c.energy = -300 + u(rng);
      mtp::Mat3 v;
      for (int a = 0; a < 3; ++a)
        for (int b = a; b < 3; ++b) v(a, b) = v(b, a) = u(rng);
      c.virial = v;
      c.features["EFS_by"] = "VASP";
      out.push_back(c);
    }
    return out;
  }();
  return cfgs;
}

std::string temp_path(const char* tag) {
  return (std::filesystem::temp_directory_path() / ("openmtp-cfg-bench-" + std::to_string(::getpid()) + "-" + tag)).string();
}

enum class Kind { Fixed, Lossless, Binary };

std::unique_ptr<io::ConfigurationWriter> writer_for(Kind kind, const std::string& path) {
  if (kind == Kind::Binary) return io::make_cfg_binary_writer(path, false);
  return io::make_cfg_text_writer(path, false, kind == Kind::Fixed ? io::CfgTextStyle::Fixed : io::CfgTextStyle::Lossless);
}

void write_file(Kind kind, const std::string& path) {
  auto w = writer_for(kind, path);
  for (const auto& c : sample()) w->write(c);
  w->close();
}

void BM_Write(benchmark::State& state, Kind kind) {
  const std::string path = temp_path("w");
  std::size_t bytes = 0;
  for (auto _ : state) {
    write_file(kind, path);
    bytes = std::filesystem::file_size(path);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes) * state.iterations());
  state.counters["file_MB"] = bytes / 1e6;
  std::remove(path.c_str());
}

void BM_Read(benchmark::State& state, Kind kind) {
  const std::string path = temp_path("r");
  write_file(kind, path);
  const std::size_t bytes = std::filesystem::file_size(path);
  for (auto _ : state) {
    auto reader = io::make_cfg_reader(path);
    Configuration c;
    std::size_t n = 0;
    while (reader->next(c)) ++n;
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes) * state.iterations());
  state.counters["file_MB"] = bytes / 1e6;
  std::remove(path.c_str());
}

BENCHMARK_CAPTURE(BM_Read, text_fixed, Kind::Fixed)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Read, text_lossless, Kind::Lossless)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Read, binary, Kind::Binary)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Write, text_fixed, Kind::Fixed)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Write, text_lossless, Kind::Lossless)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Write, binary, Kind::Binary)->Unit(benchmark::kMillisecond);

}  // namespace
