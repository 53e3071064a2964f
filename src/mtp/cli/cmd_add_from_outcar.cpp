// add-from-outcar, add-from-outcar-dyn, add-from-outcar-last (MLIP-3: add_from_outcar...): append VASP
// results to a database. One concept, three spellings of how many ionic steps to take.
#include <iostream>
#include <optional>

#include "mtp/cli/command.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/vasp_outcar.hpp"

namespace mtp::cli {
namespace {

// Appends to db the last ionic step of each OUTCAR, or every step (`all_steps`). The database is
// published only when every OUTCAR was read: a bad OUTCAR leaves db as it was.
int run_add_from_outcar(const CommandLine& cl, bool all_steps) {
  cl.require_args(2, 100000, "mlp add-from-outcar db.cfg OUTCAR [OUTCAR...]");
  auto writer = io::make_cfg_text_writer(cl.arg(0), true);
  long added = 0;
  for (std::size_t k = 1; k < cl.arg_count(); ++k) {
    auto reader = io::make_vasp_outcar_reader(cl.arg(k));
    Configuration cfg;
    std::optional<Configuration> last;
    while (reader->next(cfg)) {
      if (all_steps) writer->write(cfg), ++added;
      else last = cfg;
    }
    if (last) writer->write(*last), ++added;
  }
  writer->close();
  std::cout << "Added " << added << " configurations to " << cl.arg(0) << std::endl;
  return 0;
}

const RegisterCommand add_from_outcar_command({
    "add-from-outcar",
    {"add_from_outcar"},
    "mlp add-from-outcar db.cfg OUTCAR [OUTCAR...]",
    "appends the last ionic step of each OUTCAR to db.cfg",
    "Reads each OUTCAR as convert-cfg --input-format=vasp-outcar does and appends its last ionic step to\n"
    "db.cfg (text .cfg; created when absent). db.cfg is left as it was when any OUTCAR cannot be read.",
    [](const CommandLine& cl) { return run_add_from_outcar(cl, false); },
    false});

const RegisterCommand add_from_outcar_last_command({
    "add-from-outcar-last",
    {"add_from_outcar_last"},
    "mlp add-from-outcar-last db.cfg OUTCAR [OUTCAR...]",
    "appends the last ionic step of each OUTCAR to db.cfg",
    "The same as add-from-outcar: the last ionic step of each OUTCAR is appended to db.cfg.",
    [](const CommandLine& cl) { return run_add_from_outcar(cl, false); },
    false});

const RegisterCommand add_from_outcar_dyn_command({
    "add-from-outcar-dyn",
    {"add_from_outcar_dyn"},
    "mlp add-from-outcar-dyn db.cfg OUTCAR [OUTCAR...]",
    "appends every ionic step of each OUTCAR to db.cfg",
    "Appends every ionic step of each OUTCAR (a relaxation or molecular dynamics run) to db.cfg; steps whose\n"
    "electronic loop did not converge are kept with Feature EFS_by = VASP_not_converged.",
    [](const CommandLine& cl) { return run_add_from_outcar(cl, true); },
    false});

}  // namespace
}  // namespace mtp::cli
