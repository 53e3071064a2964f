// mlp calc-grade pot.mtp train.cfg in.cfg out.cfg (MLIP-2) and mlp calculate_grade pot.almtp in.cfg out.cfg
// (MLIP-3): extrapolation grades of configurations against an active set.
#include <iostream>
#include <string>

#include "mtp/active/active_set.hpp"
#include "mtp/active/grade_text.hpp"
#include "mtp/cli/active_options.hpp"
#include "mtp/cli/command.hpp"
#include "mtp/cli/log_destination.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/almtp_file.hpp"
#include "mtp/io/als_file.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mtp_file.hpp"

namespace mtp::cli {
namespace {

const char kUsage[] =
    "mlp calc-grade pot.mtp train.cfg in.cfg out.cfg [options]\n"
    "       mlp calculate_grade pot.almtp in.cfg out.cfg";

// MLIP-3's sampler settings of calculate_grade: configurations graded above `threshold_save` are written; a grade
// above `threshold_break` (when that exceeds threshold_save) stops the command with an error.
struct GradeFileOptions {
  bool mlip3 = false;
  double threshold_save = 0.0;
  double threshold_break = 0.0;
  bool add_grade_feature = true;
  std::ostream* log = nullptr;  // MLIP-3's "Sampling: cfg# k grade: g" lines
};

// Writes the configurations of `input` with their grade to `output` (and per-atom grades in neighbourhood mode).
void grade_file(const active::ActiveSet& set, const std::string& input, const std::string& output,
                const GradeFileOptions& o) {
  auto reader = io::make_cfg_reader(input);
  auto writer = io::make_cfg_text_writer(output, false);
  const bool per_atom = set.weights().neighborhood_mode();
  Configuration cfg;
  long index = 0;
  std::vector<double> atom_grades;
  for (; reader->next(cfg); ++index) {
    if (o.mlip3) cfg.features["ID"] = std::to_string(index);
    const double g = set.grade(cfg, per_atom ? &atom_grades : nullptr);
    if (o.log) *o.log << "Sampling: cfg# " << index + 1 << "\tgrade: " << g << "\n";
    if (o.mlip3 && o.threshold_break > o.threshold_save && g > o.threshold_break)
      throw Error(input + ": configuration " + std::to_string(index + 1) + ": breaking threshold exceeded (MV-grade: " +
                  active::grade_text(g, false) + " > --threshold_break=" + active::grade_text(o.threshold_break, false) +
                  "); no output written");
    if (o.mlip3 && !(g > o.threshold_save)) continue;  // MLIP-3 saves configurations graded above threshold_save
    if (o.add_grade_feature) cfg.features["MV_grade"] = active::grade_text(g, !o.mlip3);
    if (per_atom) cfg.nbh_grades = atom_grades;
    writer->write(cfg);
  }
  writer->close();
}

int run_mlip2(const CommandLine& cl) {
  const std::string pot = cl.arg(0), train = cl.arg(1), input = cl.arg(2), output = cl.arg(3);
  const Mlip2SelectionOptions options = mlip2_selection_options_from(cl);
  const active::SelectionWeights weights = selection_weights_from(cl, active::SelectionWeights{});

  std::cout << "MTPR from " << pot << ", train: " << train << ", input: " << input << std::endl;
  active::ActiveSet set(io::load_potential(pot), weights, options.init_threshold);
  {
    auto reader = io::make_cfg_reader(train);
    Configuration cfg;
    while (reader->next(cfg)) set.queue(cfg);
  }
  set.select(options.select_threshold, options.swap_threshold);
  io::save_als(options.als_path, set);
  std::cout << "MLIP: Selection: state saved to \"" << options.als_path << "\"" << std::endl;
  grade_file(set, input, output, GradeFileOptions{});
  return 0;
}

int run_mlip3(const CommandLine& cl) {
  const std::string pot = cl.arg(0), input = cl.arg(1), output = cl.arg(2);
  GradeFileOptions options;
  options.mlip3 = true;
  const OptionValues& v = cl.options();
  options.threshold_save = v.number("threshold-save");
  options.threshold_break = v.number("threshold-break");
  options.add_grade_feature = v.flag("add-grade-feature");
  LogDestination log(v.text("log"));
  options.log = log.stream();
  std::cout << "MTPR from " << pot << ", input: " << input << std::endl;
  io::AlmtpContents contents = io::load_almtp(pot);
  if (!contents.active_set)
    throw Error(pot, 0, "no selection state (#MVS_v1.1) in the potential: train it first (mlp train " + pot +
                        " train.cfg --save_to=" + pot + ")");
  grade_file(*contents.active_set, input, output, options);
  return 0;
}

int run(const CommandLine& cl) {
  cl.require_args(3, 4, kUsage);
  return cl.arg_count() == 4 ? run_mlip2(cl) : run_mlip3(cl);
}

const RegisterCommand command(
    {"calc-grade",
     {"calculate_grade"},
     kUsage,
     "calculates extrapolation (MaxVol) grades of configurations",
     "MLIP-2 form (4 arguments): selects an active set from train.cfg, saves it to the state file, and writes\n"
     "every configuration of in.cfg to out.cfg with Feature MV_grade. The weights select equations (default\n"
     "energy 1, others 0; weighting vibrations); with --nbh-weight (neighbourhood mode) out.cfg also gets an\n"
     "nbh_grades column.\n"
     "MLIP-3 form (3 arguments): grades against the selection state stored in pot.almtp; writes the\n"
     "configurations with Feature ID (0-based) and MV_grade, and nbh_grades in neighbourhood mode.",
     run},
    joined_options(joined_options(mlip2_selection_options(), selection_weight_options()),
                   {
                       OptionSpec("threshold-save", OptionType::Number, "0",
                                  "MLIP-3 form: write only configurations graded above it (0: all)")
                           .mlip3("threshold_save"),
                       OptionSpec("threshold-break", OptionType::Number, "0",
                                  "MLIP-3 form: when above threshold_save, a grade above it stops with an error "
                                  "(0: off)")
                           .mlip3("threshold_break"),
                       OptionSpec("add-grade-feature", OptionType::Flag, "true",
                                  "MLIP-3 form: write Feature MV_grade")
                           .mlip3("add_grade_feature"),
                       OptionSpec("log", OptionType::Text, "stdout",
                                  "MLIP-3 form: the grade of each configuration (\"Sampling: cfg# k grade: g\"): "
                                  "stdout, none or a file name")
                           .mlip3("log"),
                   }));

}  // namespace
}  // namespace mtp::cli
