// calc-efs: energies, forces and stresses of every configuration of a file by an MTP.
#include "mtp/cli/command.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/model/batch_evaluation.hpp"

namespace mtp::cli {
namespace {

int run_calc_efs(const CommandLine& cl) {
  const std::string usage = "mlp calc-efs pot.mtp in.cfg out.cfg [--threads=N]";
  cl.require_args(2, 3, usage);
  const std::string pot_path = cl.arg(0), in_path = cl.arg(1);
  // MLIP-3's calculate_efs pot in [--output_filename=out]: without an output, in.cfg is overwritten.
  const std::string output = cl.options().text("output-filename");
  std::string out_path = cl.arg_count() == 3 ? cl.arg(2) : output.empty() ? in_path : output;
  const long threads = cl.options().integer("threads");

  const Evaluator evaluator(io::load_potential(pot_path));
  auto reader = io::make_cfg_reader(in_path);
  // The output is published by rename when complete, so out.cfg may be in.cfg.
  auto writer = io::make_cfg_text_writer(out_path, false);
  evaluate_stream(
      evaluator, [&](Configuration& cfg) { return reader->next(cfg); }, int(threads),
      [&](Configuration& cfg, const EfsResults& results) {
        store_efs(cfg, results);
        writer->write(cfg);
      });
  writer->close();
  return 0;
}

const RegisterCommand calc_efs_command({
    "calc-efs",
    {"calculate_efs"},
    "mlp calc-efs pot.mtp in.cfg out.cfg [--threads=N]",
    "computes energy, forces and stresses of the configurations in in.cfg by pot.mtp and writes them to out.cfg",
    "Every configuration of in.cfg (text or binary .cfg) is written to out.cfg (text .cfg, MLIP-2's layout)\n"
    "with Energy, forces and PlusStress replaced by the potential's; everything else (features) is kept.\n"
    "An untrained potential is evaluated with its default coefficients.\n"
    "MLIP-3 form: mlp calculate_efs pot.mtp in.cfg [--output_filename=out.cfg] (in.cfg is overwritten when\n"
    "no output is given).",
    run_calc_efs},
    {
        OptionSpec("threads", OptionType::Integer, "0", "threads to use (0 = all cores); results do not depend on it")
            .at_least(0),
        OptionSpec("output-filename", OptionType::Text, "",
                   "MLIP-3's form: where the results go when out.cfg is not given (default: in.cfg)")
            .mlip3("output_filename"),
    });

}  // namespace
}  // namespace mtp::cli
