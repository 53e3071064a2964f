#include "mtp/model/batch_evaluation.hpp"

#include <algorithm>
#include <exception>
#include <string>

#include "mtp/core/error.hpp"
#include "mtp/core/parallel_for.hpp"

namespace mtp {

namespace {
// Above this many atoms a configuration has enough centres to keep every thread busy on its own.
constexpr std::size_t kLargeConfiguration = 512;
}  // namespace

std::vector<EfsResults> evaluate_batch(const Evaluator& evaluator, const std::vector<Configuration>& cfgs,
                                       int threads, std::size_t first_number) {
  threads = resolve_threads(threads);
  std::vector<EfsResults> out(cfgs.size());
  std::vector<std::exception_ptr> failures(cfgs.size());
  std::vector<std::size_t> small, large;
  for (std::size_t k = 0; k < cfgs.size(); ++k)
    (cfgs[k].size() >= kLargeConfiguration && threads > 1 ? large : small).push_back(k);

  auto run = [&](const Evaluator& ev, std::size_t k) {
    try {
      out[k] = ev.compute(cfgs[k]);
    } catch (...) {
      failures[k] = std::current_exception();
    }
  };
  if (!large.empty()) {
    Evaluator wide = evaluator;
    wide.set_threads(threads);
    for (std::size_t k : large) run(wide, k);
  }
  Evaluator single = evaluator;
  single.set_threads(1);
  parallel_for(small.size(), threads, [&](std::size_t s, std::size_t) { run(single, small[s]); });
  // The first failing configuration in input order decides the message, whatever the thread timing.
  for (std::size_t k = 0; k < cfgs.size(); ++k) {
    if (!failures[k]) continue;
    try {
      std::rethrow_exception(failures[k]);
    } catch (const Error& e) {
      throw Error("configuration " + std::to_string(first_number + k) + ": " + e.what());
    }
  }
  return out;
}

void store_efs(Configuration& cfg, const EfsResults& results) {
  cfg.energy = results.energy;
  cfg.forces = results.forces;
  cfg.virial = results.virial;
  if (!results.moment_derivatives.empty()) {  // a magnetic potential: en_der_mx = dE/dm, y and z 0
    cfg.magnetic_moment_energy_derivatives.assign(cfg.size(), Vec3{});
    for (std::size_t i = 0; i < cfg.size(); ++i) cfg.magnetic_moment_energy_derivatives[i].x = results.moment_derivatives[i];
  }
}

void evaluate_stream(const Evaluator& evaluator, const std::function<bool(Configuration&)>& next, int threads,
                     const std::function<void(Configuration&, const EfsResults&)>& consume) {
  threads = resolve_threads(threads);
  const std::size_t batch_size = 32 * std::size_t(threads);
  std::vector<Configuration> batch;
  std::size_t done = 0;
  bool more = true;
  while (more) {
    batch.clear();
    Configuration cfg;
    while (batch.size() < batch_size && (more = next(cfg))) batch.push_back(std::move(cfg));
    if (batch.empty()) break;
    const std::vector<EfsResults> results = evaluate_batch(evaluator, batch, threads, done + 1);
    for (std::size_t k = 0; k < batch.size(); ++k) consume(batch[k], results[k]);
    done += batch.size();
  }
}

}  // namespace mtp
