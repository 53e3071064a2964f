#include "mtp/fit/parity_table.hpp"

#include <cstdio>

#include "mtp/model/batch_evaluation.hpp"
#include "mtp/model/evaluator.hpp"

namespace mtp::fit {

namespace {

constexpr double kEvPerA3ToGPa = 160.2176487;

}  // namespace

std::string parity_csv_header() { return "set,kind,configuration,reference,predicted\n"; }

std::string parity_csv_rows(const Potential& potential, const std::vector<Configuration>& cfgs,
                            const std::string& set_name, int threads) {
  const Evaluator evaluator(potential);
  const std::vector<EfsResults> results = evaluate_batch(evaluator, cfgs, std::max(1, threads), 1);
  std::string out;
  char buf[160];
  auto row = [&](const char* kind, std::size_t c, double ref, double pred) {
    std::snprintf(buf, sizeof buf, "%s,%s,%zu,%.10g,%.10g\n", set_name.c_str(), kind, c + 1, ref, pred);
    out += buf;
  };
  for (std::size_t c = 0; c < cfgs.size(); ++c) {
    const Configuration& ref = cfgs[c];
    if (ref.size() == 0) continue;
    Configuration pred = ref;
    store_efs(pred, results[c]);
    const double n = double(ref.size());
    if (ref.has_energy()) row("energy_per_atom", c, *ref.energy / n, *pred.energy / n);
    if (ref.has_forces())
      for (std::size_t i = 0; i < ref.size(); ++i)
        for (int k = 0; k < 3; ++k) row("force", c, ref.forces[i][k], pred.forces[i][k]);
    if (ref.has_virial() && ref.lattice.periodic_dims == 3) {
      const double to_gpa = kEvPerA3ToGPa / ref.lattice.volume();
      for (int a = 0; a < 3; ++a)
        for (int b = a; b < 3; ++b) row("stress", c, to_gpa * ref.virial->m[a][b], to_gpa * pred.virial->m[a][b]);
    }
  }
  return out;
}

}  // namespace mtp::fit
