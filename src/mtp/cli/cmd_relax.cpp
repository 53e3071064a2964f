// mlp relax mlip.ini --cfg-filename=in.cfg --save-relaxed=out.cfg ... (MLIP-2) and
// mlp relax pot.almtp in.cfg out.cfg ... (MLIP-3): relaxation of configurations with extrapolation control.
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "mtp/cli/command.hpp"
#include "mtp/core/error.hpp"
#include "mtp/fit/communicator.hpp"
#include "mtp/io/almtp_file.hpp"
#include "mtp/io/als_file.hpp"
#include "mtp/io/atomic_output_file.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mlip_ini.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/relax/extrapolation_control.hpp"
#include "mtp/relax/relaxation_batch.hpp"

namespace mtp::cli {
namespace {

const char kUsage[] =
    "mlp relax mlip.ini --cfg-filename=in.cfg --save-relaxed=out.cfg [options]\n"
    "       mlp relax pot.almtp in.cfg out.cfg [options]";

// Configurations are relaxed in chunks so a large input is never held whole; a chunk is written in input
// order before the next is read.
constexpr std::size_t kChunk = 256;

// Everything one run needs, from either spelling.
struct RelaxRun {
  RelaxationSettings settings;
  std::string input, relaxed, unrelaxed, extrapolative, log;
  bool append_extrapolative = true;  // MLIP-2 appends to select:save-selected; MLIP-3 too (sampler)
  bool mark_failed = false;          // MLIP-3 writes Feature from=relaxation_FAILED into the unrelaxed file
  std::string write_cfgs;            // MLIP-2's mlip.ini write-cfgs: every (skip+1)-th EFS evaluation
  int write_cfgs_skip = 0;
  long evaluations = 0;              // EFS evaluations of this rank's relaxations so far, in input order
  int threads = 0;
  std::optional<Evaluator> evaluator;              // EFS only
  std::optional<active::ActiveSet> active_set;     // with extrapolation control
  ExtrapolationControl control;
};

void print_settings(const RelaxationSettings& s) {
  std::printf("MLIP: Using internal relaxation driver\n");
  std::printf("MLIP: \titeration-limit = %ld\n", s.iteration_limit);
  std::printf("MLIP: \tbfgs-wolfe-c1 = %f\n", s.wolfe_c1);
  std::printf("MLIP: \tbfgs-wolfe-c2 = %f\n", s.wolfe_c2);
  std::printf("MLIP: \tforce-tolerance = %f\n", s.force_tolerance);
  std::printf("MLIP: \tmax-step = %f\n", s.max_step);
  std::printf("MLIP: \tmin-dist = %f\n", s.min_dist);
  std::printf("MLIP: \tmin-step = %f\n", s.min_step);
  std::printf("MLIP: \tpressure = %f\n", s.pressure_gpa);
  std::printf("MLIP: \tstress-tolerance = %f\n", s.stress_tolerance);
  std::fflush(stdout);
}

// Command-line relaxation options (MLIP-2 spelling; MLIP-3's underscores are the same options).
void read_settings(const CommandLine& cl, RelaxationSettings& s) {
  s.pressure_gpa = cl.number({"pressure"}, s.pressure_gpa);
  s.iteration_limit = cl.integer({"iteration-limit"}, s.iteration_limit);
  s.min_dist = cl.number({"min-dist", "mindist"}, s.min_dist);
  s.force_tolerance = cl.number({"force-tolerance"}, s.force_tolerance);
  s.stress_tolerance = cl.number({"stress-tolerance"}, s.stress_tolerance);
  s.max_step = cl.number({"max-step"}, s.max_step);
  s.min_step = cl.number({"min-step"}, s.min_step);
  s.wolfe_c1 = cl.number({"bfgs-wolfe-c1"}, s.wolfe_c1);
  s.wolfe_c2 = cl.number({"bfgs-wolfe-c2"}, s.wolfe_c2);
}

// MLIP-3's --relaxation_settings file: `relax:<key> value` lines. Its `log` goes to `log` (the caller decides
// whether --log overrides it). Settings of MLIP-3's doc/relax.ini this driver does not have are accepted at
// their "off" values and refused otherwise, naming the setting.
void read_settings_file(const std::string& path, RelaxationSettings& s, std::string& log) {
  const io::MlipIni ini = io::load_mlip_ini(path);
  for (const auto& [key, value] : ini.entries) {
    std::string k = key.rfind("relax:", 0) == 0 ? key.substr(6) : key;
    for (char& c : k)
      if (c == '-') c = '_';
    auto number = [&]() {
      try {
        std::size_t used = 0;
        const double v = std::stod(value, &used);
        if (used != value.size()) throw std::invalid_argument(value);
        return v;
      } catch (const std::exception&) {
        throw Error(path, 0, "relax:" + k + ": expected a number, got '" + value + "'");
      }
    };
    auto refuse = [&](const std::string& why) {
      throw Error(path, 0, "relax:" + k + " " + value + " is not supported: " + why);
    };
    auto is_false = [&] { return value == "FALSE" || value == "False" || value == "false"; };
    if (k == "log") log = value;
    else if (k == "freeze_small_grads") { if (!is_false()) refuse("every atom moves (only FALSE is accepted)"); }
    else if (k == "use_gd_method") { if (!is_false()) refuse("the relaxation is BFGS only (only FALSE is accepted)"); }
    else if (k == "correct_cell") {
      if (!is_false()) refuse("the cell is not re-shaped before relaxing (only FALSE is accepted; mlp fix_lattice does it)");
    } else if (k == "energy_tolerance") {
      if (number() > -1e99) refuse("no stop on an energy value (only -9.9e99, off, is accepted)");
    } else if (k == "init_mindist") {
      // MLIP-3 pushes close atoms apart with a pair potential before relaxing; this driver does not, so a start
      // closer than relax:mindist fails as "too close" instead of being repaired.
      if (number() > 0.0)
        std::cerr << "mlp relax: note: " << path << ": relax:init_mindist: atoms are not pushed apart before "
                  << "relaxing; a configuration starting closer than relax:mindist fails\n";
    } else if (k == "energy_der_wrt_magmom") {
      std::cerr << "mlp relax: note: " << path << ": relax:energy_der_wrt_magmom: magnetic moments are not relaxed\n";
    } else if (k == "pressure") s.pressure_gpa = number();
    else if (k == "iteration_limit") s.iteration_limit = static_cast<long>(number());
    else if (k == "mindist" || k == "min_dist") s.min_dist = number();
    else if (k == "force_tolerance") s.force_tolerance = number();
    else if (k == "stress_tolerance") s.stress_tolerance = number();
    else if (k == "max_step") s.max_step = number();
    else if (k == "min_step") s.min_step = number();
    else if (k == "bfgs_wolfe_c1") s.wolfe_c1 = number();
    else if (k == "bfgs_wolfe_c2") s.wolfe_c2 = number();
    else if (k == "forces_elasticity_scale") s.force_constant_guess = number();
    else if (k == "stress_elasticity_scale") s.elastic_constant_guess = number();
    else std::cerr << "mlp relax: warning: " << path << ": setting '" << key << "' is not supported, ignored\n";
  }
}

// MLIP-2: everything about the potential comes from mlip.ini, relaxation settings from the command line.
void setup_mlip2(const CommandLine& cl, RelaxRun& run) {
  const io::MlipIni ini = io::load_mlip_ini(cl.arg(0));
  for (const std::string& w : ini.unknown_keys) std::cerr << "mlp relax: warning: " << w << "\n";
  if (ini.fit) throw Error(cl.arg(0), 0, "fit TRUE needs an ab initio model, which mlp relax does not have");
  if (!ini.calculate_efs) throw Error(cl.arg(0), 0, "calculate-efs FALSE: relaxation needs the potential's EFS");
  run.input = cl.text({"cfg-filename"}, "");
  if (run.input.empty()) throw Error("mlp relax: --cfg-filename=<file> is required");
  // MLIP-2 appends _<rank> to its outputs even in a serial run (relaxed.cfg_0); kept by default so
  // scripts written for it find their files, --no-rank-suffix writes the names as given.
  const std::string suffix = cl.flag({"no-rank-suffix"}) ? "" : "_0";
  auto named = [&](const std::string& name) { return name.empty() ? name : name + suffix; };
  run.relaxed = named(cl.text({"save-relaxed"}, ""));
  run.unrelaxed = named(cl.text({"save-unrelaxed"}, ""));
  run.log = cl.text({"log"}, "");
  run.write_cfgs = named(ini.write_cfgs);
  run.write_cfgs_skip = ini.write_cfgs_skip;
  if (run.write_cfgs_skip < 0) throw Error(cl.arg(0), 0, "write-cfgs:skip must be 0 or positive");
  read_settings(cl, run.settings);
  if (ini.select) {
    if (ini.load_state.empty())
      throw Error(cl.arg(0), 0, "select TRUE needs select:load-state (an .als file from mlp calc-grade or train)");
    run.active_set.emplace(io::load_als(ini.load_state, ini.threshold_init));
    active::SelectionWeights w;
    w.site_energy = ini.site_en_weight;
    w.energy = ini.energy_weight;
    w.force = ini.force_weight;
    w.stress = ini.stress_weight;
    w.weighting = active::parse_weighting(ini.weighting);
    run.active_set->set_weights(w);
    run.control.set = &*run.active_set;
    if (ini.breaks()) {  // selection by generation: save above threshold, stop above threshold-break
      run.control.save_threshold = ini.save_selected.empty() ? 0.0 : ini.threshold;
      run.control.break_threshold = ini.threshold_break;
      run.extrapolative = named(ini.save_selected);
    }
  } else {
    if (ini.mtp_filename.empty()) throw Error(cl.arg(0), 0, "mtp-filename is not set");
    run.evaluator.emplace(io::load_potential(ini.mtp_filename));
  }
}

// MLIP-3: potential (with its selection state) as an argument, relax.ini-style settings file.
void setup_mlip3(const CommandLine& cl, RelaxRun& run) {
  RelaxationSettings& s = run.settings;  // MLIP-3's doc/relax.ini defaults
  s.iteration_limit = 500;
  s.max_step = 0.5;
  s.wolfe_c1 = 1e-3;
  s.wolfe_c2 = 0.7;
  s.elastic_constant_guess = 50.0;
  const std::string settings_file = cl.text({"relaxation_settings"}, "");
  std::string settings_log;
  if (!settings_file.empty()) read_settings_file(settings_file, s, settings_log);
  read_settings(cl, s);
  run.input = cl.arg(1);
  run.relaxed = cl.arg(2);
  run.unrelaxed = cl.text({"save_unrelaxed"}, "");
  run.log = cl.text({"log"}, settings_log);
  run.mark_failed = true;
  io::AlmtpContents contents = io::load_almtp(cl.arg(0));
  if (cl.flag({"extrapolation_control"})) {
    if (!contents.active_set)
      throw Error(cl.arg(0), 0, "--extrapolation_control needs a selection state (#MVS_v1.1) in the potential");
    run.active_set.emplace(std::move(*contents.active_set));
    run.control.set = &*run.active_set;
    run.control.mlip2_grade_text = false;
    run.control.save_threshold = cl.number({"threshold_save"}, 2.1);
    run.control.break_threshold = cl.number({"threshold_break"}, 10.0);
    check_extrapolation_thresholds(run.control.save_threshold, run.control.break_threshold, "mlp relax");
    run.extrapolative = cl.text({"save_extrapolative_to"}, "preselected.cfg");
  } else {
    run.evaluator.emplace(contents.potential);
  }
}

const char* status_word(RelaxationStatus s) {
  switch (s) {
    case RelaxationStatus::Converged: return "relaxed";
    case RelaxationStatus::NotConverged: return "not converged";
    case RelaxationStatus::NotStarted: return "not started";
    case RelaxationStatus::Failed: return "failed";
  }
  return "";
}

// What one relaxation leaves for the output files, as text, so a rank can hand it to rank 0.
struct JobText {
  enum Field { Status, Message, Relaxed, Unrelaxed, Extrapolative, Saved, Log, Evaluated, Count };
};

std::vector<std::string> job_text(RelaxationJob& job, RelaxRun& run, bool keep_log) {
  std::vector<std::string> f(JobText::Count);
  const RelaxationResult& r = job.result;
  f[JobText::Status] = std::to_string(static_cast<int>(r.status));
  std::ostringstream message, relaxed, unrelaxed, extrapolative, log;
  if (r.status == RelaxationStatus::Failed) {
    message << "MLIP WARNING: Relaxation of cfg#" << job.index << " failed: " << r.failure << "\n";
    if (!run.unrelaxed.empty()) {
      if (run.mark_failed) job.input.features["from"] = "relaxation_FAILED";
      io::write_cfg_text(unrelaxed, job.input);
    }
  } else {
    if (r.small_steps > 0)
      message << "MLIP WARNING: Relaxation of cfg#" << job.index << ": too small steps detected " << r.small_steps
              << " times, line search restarted\n";
    if (r.status == RelaxationStatus::NotConverged)
      message << "MLIP WARNING: Relaxation of cfg#" << job.index << ": convergence has not been achieved\n";
    else if (r.status == RelaxationStatus::NotStarted)
      message << "MLIP WARNING: Relaxation: unable to start relaxation of cfg#" << job.index << "\n";
    else
      message << "MLIP: Relaxation of cfg#" << job.index << " complete (" << r.iterations << " iterations)\n";
    if (!run.relaxed.empty()) io::write_cfg_text(relaxed, r.configuration);
  }
  for (const Configuration& c : job.extrapolative) io::write_cfg_text(extrapolative, c);
  if (keep_log) {
    for (const std::string& line : r.log) log << line << '\n';
    log << '\n';
  }
  f[JobText::Message] = message.str();
  f[JobText::Relaxed] = relaxed.str();
  f[JobText::Unrelaxed] = unrelaxed.str();
  f[JobText::Extrapolative] = extrapolative.str();
  f[JobText::Saved] = std::to_string(job.extrapolative.size());
  f[JobText::Log] = log.str();
  std::ostringstream evaluated;
  for (const Configuration& c : job.evaluated)
    if (run.evaluations++ % (long(run.write_cfgs_skip) + 1) == 0) io::write_cfg_text(evaluated, c);
  f[JobText::Evaluated] = evaluated.str();
  return f;
}

// Relaxes the input chunk by chunk. With MPI (mpirun -np N), every rank reads the input, relaxes every N-th
// configuration of each chunk, and sends its outputs to rank 0, which writes ONE set of files in input order.
int execute(RelaxRun& run) {
  const fit::Communicator comm;
  const int rank = comm.rank(), ranks = comm.size();
  const bool root = rank == 0;
  if (root) {
    print_settings(run.settings);
    if (ranks > 1) std::cout << "MLIP: " << ranks << " MPI ranks share the configurations" << std::endl;
  }
  check_relaxation_settings(run.settings);
  if (root) std::cout << "MLIP: Relaxation initialization complete" << std::endl;
  const EfsFactory efs = run.active_set ? EfsFactory([&run](std::vector<Configuration>* out) {
    return run.control.efs_function(out);
  })
                                        : plain_efs(*run.evaluator);

  auto reader = io::make_cfg_reader(run.input);
  std::unique_ptr<io::AtomicOutputFile> relaxed, unrelaxed, extrapolative, log, written;
  const bool log_to_stdout = run.log == "stdout", log_to_stderr = run.log == "stderr";  // MLIP-3's names
  const bool keep_log = !run.log.empty() && run.log != "none";
  if (root) {
    if (!run.relaxed.empty()) relaxed = std::make_unique<io::AtomicOutputFile>(run.relaxed);
    if (!run.unrelaxed.empty()) unrelaxed = std::make_unique<io::AtomicOutputFile>(run.unrelaxed);
    if (!run.extrapolative.empty() && run.control.saves())
      extrapolative = std::make_unique<io::AtomicOutputFile>(run.extrapolative, run.append_extrapolative);
    if (!run.write_cfgs.empty()) written = std::make_unique<io::AtomicOutputFile>(run.write_cfgs);
    if (keep_log && !log_to_stdout && !log_to_stderr) log = std::make_unique<io::AtomicOutputFile>(run.log);
  }

  long index = 0, counts[4] = {0, 0, 0, 0}, saved = 0;
  bool more = true;
  while (more) {
    std::vector<RelaxationJob> mine;
    std::size_t in_chunk = 0;
    Configuration cfg;
    while (in_chunk < kChunk * static_cast<std::size_t>(ranks) && (more = reader->next(cfg))) {
      ++index;
      if (static_cast<int>(in_chunk++ % static_cast<std::size_t>(ranks)) != rank) continue;
      RelaxationJob job;
      job.input = std::move(cfg);
      job.index = index;
      mine.push_back(std::move(job));
      cfg = Configuration{};
    }
    relax_all(mine, efs, run.settings, run.threads, keep_log, !run.write_cfgs.empty());
    std::vector<std::string> texts;
    for (RelaxationJob& job : mine)
      for (std::string& field : job_text(job, run, keep_log)) texts.push_back(std::move(field));
    const std::vector<std::vector<std::string>> all = comm.gather_on_root(texts);
    if (!root) continue;
    for (std::size_t p = 0; p < in_chunk; ++p) {
      const std::vector<std::string>& from = all[p % static_cast<std::size_t>(ranks)];
      const std::string* f = &from[(p / static_cast<std::size_t>(ranks)) * JobText::Count];
      ++counts[std::stoi(f[JobText::Status])];
      std::cout << f[JobText::Message];
      if (relaxed) relaxed->stream() << f[JobText::Relaxed];
      if (unrelaxed) unrelaxed->stream() << f[JobText::Unrelaxed];
      if (extrapolative) {
        extrapolative->stream() << f[JobText::Extrapolative];
        saved += std::stol(f[JobText::Saved]);
      }
      if (keep_log) (log ? log->stream() : log_to_stderr ? std::cerr : std::cout) << f[JobText::Log];
      if (written) written->stream() << f[JobText::Evaluated];
    }
    std::cout.flush();
  }
  if (!root) return 0;
  if (relaxed) relaxed->commit();
  if (unrelaxed) unrelaxed->commit();
  if (extrapolative) extrapolative->commit();
  if (log) log->commit();
  if (written) written->commit();
  std::cout << "Total " << index << " configurations: " << counts[0] << " " << status_word(RelaxationStatus::Converged)
            << ", " << counts[1] << " " << status_word(RelaxationStatus::NotConverged) << ", " << counts[3] << " "
            << status_word(RelaxationStatus::Failed);
  if (counts[2]) std::cout << ", " << counts[2] << " " << status_word(RelaxationStatus::NotStarted);
  if (extrapolative) std::cout << "; " << saved << " extrapolative configurations saved to " << run.extrapolative;
  std::cout << std::endl;
  return 0;
}

int run(const CommandLine& cl) {
  cl.require_args(1, 3, kUsage);
  if (cl.arg_count() == 2) throw Error(std::string("mlp relax: expected 1 or 3 arguments\nusage: ") + kUsage);
  // Under mpirun every rank takes a share (MPI is optional in the build).
  std::optional<fit::MpiSession> mpi;
  if (fit::launched_by_mpi()) mpi.emplace(nullptr, nullptr);
  RelaxRun r;
  // Under MPI each rank already has a core: threads only when asked for.
  const fit::Communicator comm;
  r.threads = static_cast<int>(cl.integer({"threads"}, comm.size() > 1 ? 1 : 0));
  if (cl.arg_count() == 1) {
    std::cout << "MLIP: Driver: internal relaxation" << std::endl;
    setup_mlip2(cl, r);
  } else {
    setup_mlip3(cl, r);
  }
  if (comm.size() <= 1) return execute(r);
  try {
    return execute(r);
  } catch (const std::exception& e) {
    // The other ranks would wait in the next gather: end them all.
    std::cerr << "mlp relax: error on rank " << comm.rank() << ": " << e.what() << std::endl;
    comm.abort(1);
    return 1;
  }
}

// Both forms' options; the relaxation settings' defaults are RelaxationSettings' (MLIP-2's), shown for help.
std::vector<OptionSpec> relax_options() {
  using T = OptionType;
  return {
      OptionSpec("cfg-filename", T::Text, "", "MLIP-2 form: configurations to relax").mlip2("cfg-filename"),
      OptionSpec("save-relaxed", T::Text, "", "MLIP-2 form: relaxed configurations (Feature from=relaxation_OK, min_dist)")
          .mlip2("save-relaxed"),
      OptionSpec("save-unrelaxed", T::Text, "",
                 "inputs whose relaxation failed (extrapolation break, atoms too close)")
          .mlip2("save-unrelaxed").mlip3("save_unrelaxed"),
      OptionSpec("no-rank-suffix", T::Flag, "false",
                 "MLIP-2 form: write the names as given (default: MLIP-2's \"_0\" suffix, relaxed.cfg_0; it is also "
                 "added to select:save-selected)"),
      OptionSpec("log", T::Text, "", "per-iteration log: a file, stdout or stderr (MLIP-3 form: overrides relax:log)").mlip2("log").mlip3("log"),
      OptionSpec("pressure", T::Number, "", "GPa: minimises E + P V (default 0)").mlip2("pressure"),
      OptionSpec("iteration-limit", T::Integer, "", "default 999999999 (MLIP-3 form: 500)")
          .mlip2("iteration-limit").at_least(0),
      OptionSpec("min-dist", T::Number, "",
                 "Angstrom (default 1.0): steps bringing atoms closer are shortened; a start closer fails")
          .mlip2("min-dist").alias("mindist"),
      OptionSpec("force-tolerance", T::Number, "", "eV/A (default 1e-4): 0 holds the fractional coordinates")
          .mlip2("force-tolerance"),
      OptionSpec("stress-tolerance", T::Number, "", "GPa (default 1e-3): 0 holds the cell").mlip2("stress-tolerance"),
      OptionSpec("max-step", T::Number, "", "largest move per step, Angstrom (default 0.05; MLIP-3 form 0.5)")
          .mlip2("max-step"),
      OptionSpec("min-step", T::Number, "", "smallest move per step, Angstrom (default 1e-8)").mlip2("min-step"),
      OptionSpec("bfgs-wolfe-c1", T::Number, "", "default 0.1 (MLIP-3 form 1e-3)").mlip2("bfgs-wolfe-c1"),
      OptionSpec("bfgs-wolfe-c2", T::Number, "", "default 0.5 (MLIP-3 form 0.7)").mlip2("bfgs-wolfe-c2"),
      OptionSpec("threads", T::Integer, "",
                 "configurations relaxed in parallel (default 0 = all cores; 1 under mpirun); results do not "
                 "depend on it")
          .at_least(0),
      OptionSpec("relaxation-settings", T::Text, "", "MLIP-3 form: relax.ini with relax:<name> keys")
          .mlip3("relaxation_settings"),
      OptionSpec("extrapolation-control", T::Flag, "false",
                 "MLIP-3 form: grade with the potential's selection state")
          .mlip3("extrapolation_control"),
      OptionSpec("threshold-save", T::Number, "2.1", "MLIP-3 form: save configurations graded above this")
          .mlip3("threshold_save"),
      OptionSpec("threshold-break", T::Number, "10", "MLIP-3 form: stop a relaxation graded above this")
          .mlip3("threshold_break"),
      OptionSpec("save-extrapolative-to", T::Text, "preselected.cfg", "MLIP-3 form: where saved configurations go")
          .mlip3("save_extrapolative_to"),
  };
}

const RegisterCommand command(
    {"relax",
     {},
     kUsage,
     "relaxes configurations (positions and cell) with extrapolation control",
     "MLIP-2 form: mlp relax mlip.ini --cfg-filename=in.cfg [options]. mlip.ini names the potential\n"
     "(mtp-filename) and extrapolation control (select, select:load-state, select:threshold,\n"
     "select:threshold-break, select:save-selected); write-cfgs <file> writes every (write-cfgs:skip + 1)-th\n"
     "configuration the relaxations evaluate, with its energy, forces and stress (rank suffix as below). The\n"
     "defaults below are MLIP-2's.\n"
     "MLIP-3 form: mlp relax pot.almtp in.cfg out.cfg [--relaxation_settings=relax.ini]\n"
     "  [--save_unrelaxed=<file>] [--extrapolation_control --threshold_save=2.1 --threshold_break=10\n"
     "  --save_extrapolative_to=preselected.cfg]; relax.ini keys relax:<name> (iteration_limit 500,\n"
     "  max_step 0.5, bfgs_wolfe_c1 1e-3, bfgs_wolfe_c2 0.7, ...); no rank suffix. relax:log sets the log\n"
     "  (stdout, stderr or a file) unless --log is given; relax:freeze_small_grads, use_gd_method and\n"
     "  correct_cell are accepted only as FALSE and relax:energy_tolerance only as -9.9e99 (off);\n"
     "  relax:init_mindist and relax:energy_der_wrt_magmom are accepted with a note (no repair of close atoms,\n"
     "  no moment relaxation).",
     run},
    relax_options());

}  // namespace
}  // namespace mtp::cli
