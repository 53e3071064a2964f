#include <cstdio>
#include <cstdlib>
#include <string>

#include "mtp/cli/command.hpp"
#include "mtp/core/error.hpp"
#include "mtp/core/option_table.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/model/moment_basis_generator.hpp"
#include "mtp/model/potential.hpp"

namespace mtp::cli {
namespace {

const char* const kUsage =
    "mlp make-template out.mtp --level=16 [--species-count=1] [--min-dist=2] [--max-dist=5] "
    "[--radial-basis-size=8] [--radial-funcs-count=K]";

int run_make_template(const CommandLine& cl) {
  cl.require_args(1, 1, kUsage);
  const OptionValues& o = cl.options();
  if (!o.given("level")) throw Error("--level is required (MLIP-2's templates have levels 2, 4, ..., 28); usage: " + std::string(kUsage));
  MomentBasisSpec spec = mlip2_moment_basis_spec(int(o.integer("level")));
  if (o.given("radial-funcs-count")) spec.radial_funcs_count = int(o.integer("radial-funcs-count"));

  Potential p;
  p.species_count = int(o.integer("species-count"));
  p.radial.min_dist = o.number("min-dist");
  p.radial.max_dist = o.number("max-dist");
  p.radial.size = int(o.integer("radial-basis-size"));
  if (!(p.radial.min_dist >= 0.0 && p.radial.min_dist < p.radial.max_dist))
    throw Error("need 0 <= --min-dist < --max-dist, got min-dist = " + std::to_string(p.radial.min_dist) +
                ", max-dist = " + std::to_string(p.radial.max_dist));
  if (p.radial.size < 2) throw Error("--radial-basis-size must be at least 2, got " + std::to_string(p.radial.size));
  const MomentBasis basis = generate_moment_basis(spec);
  p.radial_funcs_count = basis.radial_funcs_count;
  p.moments = basis.tables;
  p.set_untrained_defaults();  // what a reader of the file will assume; not written
  // MLIP-2's template layout: no coefficients, distances as written by hand ("2", not %.15e), a final newline
  io::MtpFileLayout untrained;
  untrained.without_coefficients = true;
  untrained.final_newline = true;
  untrained.values = {p.scaling, p.radial.min_dist, p.radial.max_dist};
  untrained.texts = {"", shortest_number_text(p.radial.min_dist), shortest_number_text(p.radial.max_dist)};
  io::save_potential(cl.arg(0), p, &untrained);
  return 0;
}

const RegisterCommand make_template_command(
    {"make-template",
     {"make_template"},
     kUsage,
     "writes an untrained MTP of a given level (the moment basis of MLIP-2's untrained_mtps/<level>.mtp)",
     "Builds the moment tables of level L: every scalar contraction of at most four moment tensors M_{mu,nu}\n"
     "whose levels 2 + 4 mu + nu add up to at most L (nu <= 10); the moment tables are exactly those of\n"
     "MLIP-2's untrained_mtps/L.mtp (docs/TEMPLATES.md). The file is untrained (no coefficients); train it with `mlp train`.",
     run_make_template},
    {
        OptionSpec("level", OptionType::Integer, "",
                   "level of the basis, 2..28 as MLIP-2's templates (higher levels work too); required")
            .at_least(1).at_most(1000000),
        OptionSpec("species-count", OptionType::Integer, "1", "number of species").at_least(1).at_most(1000000),
        OptionSpec("min-dist", OptionType::Number, "2", "minimal distance of the radial basis, Angstrom"),
        OptionSpec("max-dist", OptionType::Number, "5", "cutoff, Angstrom"),
        OptionSpec("radial-basis-size", OptionType::Integer, "8", "Chebyshev polynomials per radial function")
            .at_least(1).at_most(1000000),
        OptionSpec("radial-funcs-count", OptionType::Integer, "",
                   "radial functions; default MLIP-2's for the level: 1,1,2,2,3,3,4,4,5,5,6,6,6,6 for levels 2..28 "
                   "(fewer is allowed, more than the level can use is an error)")
            .at_least(1).at_most(1000000),
    });

}  // namespace
}  // namespace mtp::cli
