// calc-errors: MLIP-2's error report of a potential against the energies, forces and stresses of a database.
#include <iostream>

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
  const std::string report_path = cl.options().text("report");
  const long threads = cl.options().integer("threads");

  // Unlike MLIP-2, an untrained potential is not randomised first: its defaults are evaluated.
  const Evaluator evaluator(io::load_potential(pot_path));
  auto reader = io::make_cfg_reader(db_path);
  fit::ErrorReport report;
  // Results come in input order, so the report's sums do not depend on the thread count.
  evaluate_stream(
      evaluator, [&](Configuration& cfg) { return reader->next(cfg); }, int(threads),
      [&](Configuration& reference, const EfsResults& results) {
        Configuration computed = reference;
        store_efs(computed, results);
        report.add(reference, computed);
      });
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
    "Force errors are per atom, of the vector norm |F - F_ref| (MLIP-2's measure): `mlp active-learn` reports\n"
    "force errors per Cartesian component instead, which are smaller (docs/ACTIVE_LEARNING.md).\n"
    "An untrained potential is evaluated with its default coefficients (MLIP-2 randomised them first).",
    run_calc_errors},
    {
        OptionSpec("report", OptionType::Text, "", "also write the numbers as JSON to this file"),
        OptionSpec("threads", OptionType::Integer, "0", "threads to use (0 = all cores); results do not depend on it")
            .at_least(0),
    });

}  // namespace
}  // namespace mtp::cli
