// calc-errors: MLIP-2's error report of a potential against the energies, forces and stresses of a database.
#include <iostream>
#include <algorithm>
#include <thread>

#include "mtp/cli/command.hpp"
#include "mtp/core/error.hpp"
#include "mtp/fit/error_report.hpp"
#include "mtp/io/atomic_output_file.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/model/batch_evaluation.hpp"

namespace mtp::cli {
namespace {

int run_calc_errors(const CommandLine& cl) {
  cl.require_args(2, 2, "mlp calc-errors pot.mtp db.cfg [--report=errors.json] [--threads=N]");
  const std::string pot_path = cl.arg(0), db_path = cl.arg(1);
  const std::string report_path = cl.text({"report"}, "");
  const long threads = cl.integer({"threads"}, 0);
  if (threads < 0) throw Error("--threads must be 0 (all cores) or positive");

  // Unlike MLIP-2, an untrained potential is not randomised first: its defaults are evaluated.
  const Evaluator evaluator(io::load_potential(pot_path));
  auto reader = io::make_cfg_reader(db_path);
  const int nthreads = threads == 0 ? std::max(1, int(std::thread::hardware_concurrency())) : int(threads);
  const std::size_t batch_size = 32 * std::size_t(nthreads);
  fit::ErrorReport report;
  std::vector<Configuration> batch;
  std::size_t done = 0;
  bool more = true;
  while (more) {
    batch.clear();
    Configuration cfg;
    while (batch.size() < batch_size && (more = reader->next(cfg))) batch.push_back(std::move(cfg));
    if (batch.empty()) break;
    const std::vector<EfsResults> results = evaluate_batch(evaluator, batch, nthreads, done + 1);
    for (std::size_t k = 0; k < batch.size(); ++k) {  // in input order: sums do not depend on threads
      Configuration computed = batch[k];
      store_efs(computed, results[k]);
      report.add(batch[k], computed);
    }
    done += batch.size();
  }
  if (!report_path.empty()) {
    io::AtomicOutputFile json(report_path);
    json.stream() << report.json();
    if (!json.stream()) throw Error(report_path, 0, "write failed");
    json.commit();
  }
  std::cout << "MTPR from " << pot_path << ", Database: " << db_path << "\n\n\t\t* * * TRAIN ERRORS * * *\n\n"
            << report.text() << std::flush;
  return 0;
}

const RegisterCommand calc_errors_command({
    "calc-errors",
    {"check_errors"},
    "mlp calc-errors pot.mtp db.cfg [--report=errors.json] [--threads=N]",
    "prints the errors of pot.mtp against the energies, forces and stresses in db.cfg",
    "Prints MLIP-2's report: energy, energy per atom, forces, stresses in eV and GPa (maximal, average and RMS\n"
    "absolute differences, and relative ones). Only quantities present in db.cfg are compared.\n"
    "An untrained potential is evaluated with its default coefficients (MLIP-2 randomised them first).\n"
    "  --report=FILE   also write the numbers as JSON\n"
    "  --threads=N     threads to use (default 0 = all cores); results do not depend on it",
    run_calc_errors});

}  // namespace
}  // namespace mtp::cli
