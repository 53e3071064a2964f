// mlp cut_extrapolative_nbh in.cfg out.cfg [--cutoff=7]: MLIP-3's command (spec mlip3 3.4).
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>

#include "mtp/active/neighborhood_cut.hpp"
#include "mtp/cli/command.hpp"
#include "mtp/io/cfg_text.hpp"

namespace mtp::cli {
namespace {

const char kUsage[] = "mlp cut_extrapolative_nbh in.cfg out.cfg [--cutoff=7.0]";

std::string to_fixed(double v) {  // std::to_string's %f, the way MLIP-3 writes features
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%f", v);
  return buf;
}

int run(const CommandLine& cl) {
  cl.require_args(2, 2, kUsage);
  const double cutoff = cl.options().number("cutoff");
  auto reader = io::make_cfg_reader(cl.arg(0));
  auto writer = io::make_cfg_text_writer(cl.arg(1), false);
  Configuration cfg;
  long written = 0;
  while (reader->next(cfg)) {
    const auto cut = active::cut_extrapolative_neighborhood(cfg, cutoff);
    if (!cut) continue;
    Configuration cluster = cut->cluster;
    cluster.features["cfg#"] = std::to_string(written);
    cluster.features["nbh#"] = std::to_string(cut->atom);
    cluster.features["extrapolation_grade"] = to_fixed(cut->grade);
    writer->write(cluster);
    std::ostringstream grade;
    grade << cut->grade;  // default stream format, as MLIP-3 prints it
    std::cout << "from cfg#" << written + 1 << " cut nbh#" << cut->atom << " with grade=" << grade.str()
              << " (atoms count is " << cluster.size() - 1 << ")\n";
    ++written;
  }
  writer->close();
  return 0;
}

const RegisterCommand command({"cut_extrapolative_nbh",
                               {},
                               kUsage,
                               "cuts the most extrapolative neighbourhood of each configuration into a cluster",
                               "For each configuration of in.cfg that carries per-atom grades (nbh_grades column,\n"
                               "from calc-grade in neighbourhood mode or LAMMPS preselection), takes the atom with\n"
                               "the largest grade (skipped when below 1.1) and writes the atoms within the cut-off\n"
                               "sphere around it, periodic images included, as a non-periodic cluster centred at the\n"
                               "origin, with features cfg#, nbh# and extrapolation_grade.",
                               run},
                              {OptionSpec("cutoff", OptionType::Number, "7.0", "radius of the sphere, Angstrom")
                                   .mlip3("cutoff")
                                   .at_least(0)});

}  // namespace
}  // namespace mtp::cli
