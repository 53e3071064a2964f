// mlp run mlip.ini --filename=db.cfg [--limit=N] [--log=]: MLIP-2's configuration-stream driver. Every
// configuration of the file goes through the potential as mlip.ini configures it (EFS; grading; saving
// extrapolative configurations; stopping above the break threshold), as `mlp relax` and LAMMPS would.
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mtp/active/active_set.hpp"
#include "mtp/cli/command.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/als_file.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mlip_ini.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/relax/extrapolation_control.hpp"

namespace mtp::cli {
namespace {

const char kUsage[] = "mlp run mlip.ini --filename=db.cfg [--limit=N] [--log=file]";

int run(const CommandLine& cl) {
  cl.require_args(1, 1, kUsage);
  const io::MlipIni ini = io::load_mlip_ini(cl.arg(0));
  for (const std::string& w : ini.unknown_keys) std::cerr << "mlp run: warning: " << w << "\n";
  if (ini.fit) throw Error(cl.arg(0), 0, "fit TRUE needs an ab initio model, which mlp run does not have");
  if (!ini.calculate_efs) throw Error(cl.arg(0), 0, "calculate-efs FALSE needs an ab initio model");
  const std::string input = cl.options().text("filename");
  if (input.empty()) throw Error("mlp run: --filename=<file> is required");
  const long limit = cl.options().integer("limit");
  const std::string log_name = cl.options().text("log");

  std::optional<active::ActiveSet> set;
  std::optional<Evaluator> evaluator;
  ExtrapolationControl control;
  if (ini.select) {
    if (ini.load_state.empty()) throw Error(cl.arg(0), 0, "select TRUE needs select:load-state");
    set.emplace(io::load_als(ini.load_state, ini.threshold_init));
    active::SelectionWeights w;
    w.site_energy = ini.site_en_weight;
    w.energy = ini.energy_weight;
    w.force = ini.force_weight;
    w.stress = ini.stress_weight;
    w.weighting = active::parse_weighting(ini.weighting);
    set->set_weights(w);
    control.set = &*set;
    if (ini.breaks()) {
      control.save_threshold = ini.save_selected.empty() ? 0.0 : ini.threshold;
      control.break_threshold = ini.threshold_break;
    }
  } else {
    if (ini.mtp_filename.empty()) throw Error(cl.arg(0), 0, "mtp-filename is not set");
    evaluator.emplace(io::load_potential(ini.mtp_filename));
  }

  auto reader = io::make_cfg_reader(input);
  std::unique_ptr<io::ConfigurationWriter> written, selected;
  if (!ini.write_cfgs.empty()) written = io::make_cfg_text_writer(ini.write_cfgs, false);
  if (control.saves()) selected = io::make_cfg_text_writer(ini.save_selected, true);  // MLIP-2 appends
  std::unique_ptr<std::ostream> log_file;
  std::ostream* log = nullptr;
  if (log_name == "stdout") log = &std::cout;
  else if (!log_name.empty()) {
    log_file = std::make_unique<std::ofstream>(log_name);
    if (!*log_file) throw Error("mlp run: cannot open log file " + log_name);
    log = log_file.get();
  }

  Configuration cfg;
  long count = 0, saved = 0;
  std::string stop;
  std::vector<Configuration> extrapolative;
  while ((limit <= 0 || count < limit) && reader->next(cfg)) {
    cfg.features["from"] = "database:" + input;
    extrapolative.clear();
    try {
      if (set)
        control.evaluate(cfg, &extrapolative);
      else {
        evaluator->compute_into(cfg);
        cfg.site_energies.clear();
      }
    } catch (const ExtrapolationBreak& e) {
      stop = e.what();
    }
    for (const Configuration& c : extrapolative) selected->write(c), ++saved;
    if (!stop.empty()) break;
    if (written && count % (ini.write_cfgs_skip + 1) == 0) written->write(cfg);
    ++count;
    if (log) *log << "MLIP: processed " << count << "\tMTP_calcs " << count << '\n';
  }
  if (written) written->close();
  if (selected) selected->close();
  if (log) log->flush();
  std::cout << "Processed " << count << " configurations";
  if (selected) std::cout << "; " << saved << " saved to " << ini.save_selected;
  std::cout << std::endl;
  if (!stop.empty()) throw Error("mlp run: " + stop + " at configuration " + std::to_string(count + 1));
  return 0;
}

const RegisterCommand command({"run",
                               {},
                               kUsage,
                               "reads configurations from a database and processes them as mlip.ini says",
                               "mlp run mlip.ini --filename=db.cfg [--limit=N] [--log=file|stdout]\n"
                               "Evaluates every configuration with the potential of mlip.ini; with select TRUE\n"
                               "grades it (Feature MV_grade), appends those above select:threshold to\n"
                               "select:save-selected and stops with an error above select:threshold-break (> 1).\n"
                               "write-cfgs <file> writes the evaluated configurations (every write-cfgs:skip+1-th).",
                               run,
                               false},
                              {
                                  OptionSpec("filename", OptionType::Text, "", "the configurations to process; required")
                                      .mlip2("filename"),
                                  OptionSpec("limit", OptionType::Integer, "0",
                                             "process at most this many configurations (0: all)")
                                      .mlip2("limit"),
                                  OptionSpec("log", OptionType::Text, "", "per-configuration log: a file or stdout")
                                      .mlip2("log"),
                              });

}  // namespace
}  // namespace mtp::cli
