#include "mtp/relax/relaxation_batch.hpp"

#include "mtp/core/parallel_for.hpp"

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
  // A failing relaxation (an exception, not a stop by grade) ends the batch and reaches the caller.
  parallel_for(jobs.size(), threads, [&](std::size_t k, std::size_t) {
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
  });
}

}  // namespace mtp
