#include "mtp/fit/configuration_weights.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>

#include "mtp/core/error.hpp"

namespace mtp::fit {

double feature_weight(const Configuration& cfg, const std::string& name) {
  const auto it = cfg.features.find(name);
  if (it == cfg.features.end()) return 1.0;
  // The .cfg parser may keep the blanks around a Feature's value.
  const std::size_t first = it->second.find_first_not_of(" \t\r\n");
  const std::string text =
      first == std::string::npos ? "" : it->second.substr(first, it->second.find_last_not_of(" \t\r\n") - first + 1);
  const char* begin = text.c_str();
  char* end = nullptr;
  const double w = std::strtod(begin, &end);
  if (end == begin || *end != '\0' || !std::isfinite(w) || w < 0.0)
    throw Error("Feature " + name + " = '" + text + "': expected a weight, a finite number >= 0");
  return w;
}

void apply_energy_based_weights(std::vector<TrainingSample>& samples, const ConfigurationWeighting& weighting,
                                const Communicator& comm) {
  if (weighting.energy_scale <= 0.0) return;
  if (!(weighting.floor >= 0.0 && weighting.floor <= 1.0))
    throw Error("the energy-based weights' floor must lie in [0, 1]");
  auto per_atom = [](const TrainingSample& s) {
    return s.cfg.has_energy() && s.cfg.size() > 0 ? *s.cfg.energy / double(s.cfg.size())
                                                   : std::numeric_limits<double>::quiet_NaN();
  };
  double e_min = std::numeric_limits<double>::infinity();
  for (const TrainingSample& s : samples)
    if (std::isfinite(per_atom(s))) e_min = std::min(e_min, per_atom(s));
  e_min = comm.min(e_min);
  std::vector<double> u(samples.size(), 1.0);
  CompensatedSum total(2);
  for (std::size_t k = 0; k < samples.size(); ++k) {
    const double e = per_atom(samples[k]);
    if (std::isfinite(e))
      u[k] = weighting.floor + (1.0 - weighting.floor) * std::exp(-(e - e_min) / weighting.energy_scale);
    total.add(0, u[k]);
    total.add(1, 1.0);
  }
  const CompensatedSum all = comm.all_reduce(total);
  if (all.value(1) < 0.5) return;
  const double mean = all.value(0) / all.value(1);
  for (std::size_t k = 0; k < samples.size(); ++k) samples[k].weight *= u[k] / mean;
}

}  // namespace mtp::fit
