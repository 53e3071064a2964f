#include "mtp/relax/relaxation_batch.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

namespace mtp {

EfsFactory plain_efs(const Evaluator& evaluator) {
  return [&evaluator](std::vector<Configuration>*) -> EfsFunction {
    return [&evaluator](Configuration& cfg) {
      evaluator.compute_into(cfg);
      cfg.site_energies.clear();
    };
  };
}

void relax_all(std::vector<RelaxationJob>& jobs, const EfsFactory& efs, const RelaxationSettings& settings,
               int threads, bool keep_log, bool keep_evaluated) {
  check_relaxation_settings(settings);
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(threads), jobs.size()));
  std::atomic<std::size_t> next{0};
  auto worker = [&]() {
    for (std::size_t k = next++; k < jobs.size(); k = next++) {
      RelaxationJob& job = jobs[k];
      job.extrapolative.clear();
      job.evaluated.clear();
      EfsFunction f = efs(&job.extrapolative);
      if (keep_evaluated)
        f = [&job, inner = std::move(f)](Configuration& cfg) {
          inner(cfg);
          job.evaluated.push_back(cfg);
        };
      job.result = relax_configuration(job.input, f, settings, keep_log, job.index);
    }
  };
  if (threads <= 1) {
    worker();
    return;
  }
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (std::thread& t : pool) t.join();
}

}  // namespace mtp
