#include "mtp/fit/training_report.hpp"

#include <algorithm>
#include <ostream>

#include "mtp/fit/error_report.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/model/batch_evaluation.hpp"
#include "mtp/model/evaluator.hpp"

namespace mtp::fit {

void report_errors(const Potential& potential, const std::string& cfg_path, std::ostream& out, int threads) {
  const Evaluator evaluator(potential);
  const int nthreads = std::max(1, threads);
  auto reader = io::make_cfg_reader(cfg_path);
  ErrorReport report;
  std::vector<Configuration> batch;
  std::size_t done = 0;
  for (bool more = true; more;) {
    batch.clear();
    Configuration cfg;
    while (batch.size() < 32 * std::size_t(nthreads) && (more = reader->next(cfg))) batch.push_back(std::move(cfg));
    if (batch.empty()) break;
    const std::vector<EfsResults> results = evaluate_batch(evaluator, batch, nthreads, done + 1);
    for (std::size_t k = 0; k < batch.size(); ++k) {  // in input order, so the sums do not depend on threads
      Configuration computed = batch[k];
      store_efs(computed, results[k]);
      report.add(batch[k], computed);
    }
    done += batch.size();
  }
  out << report.text();
}

}  // namespace mtp::fit
