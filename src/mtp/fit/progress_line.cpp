#include "mtp/fit/progress_line.hpp"

#include <cmath>
#include <cstdio>

namespace mtp::fit {

std::string format_duration(double seconds) {
  char buf[32];
  const long s = std::lround(std::max(0.0, seconds));
  if (s < 60) std::snprintf(buf, sizeof buf, "%lds", s);
  else if (s < 3600) std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
  return buf;
}

std::string progress_line(const TrainingProgress& p, double stage_seconds) {
  char buf[160];
  std::string line = p.stage;
  std::snprintf(buf, sizeof buf, " %d/%d  f %.6g", p.iteration + 1, p.max_iterations, p.loss);
  line += buf;
  if (std::isfinite(p.energy_rmse)) {
    std::snprintf(buf, sizeof buf, "  E %.3g meV/atom", 1e3 * p.energy_rmse);
    line += buf;
  }
  if (std::isfinite(p.force_rmse)) {
    std::snprintf(buf, sizeof buf, "  F %.3g eV/A", p.force_rmse);
    line += buf;
  }
  line += "  " + format_duration(stage_seconds);
  const int done = p.iteration + 1;
  if (done > 0 && p.max_iterations > done)
    line += ", at most " + format_duration(stage_seconds / done * (p.max_iterations - done)) + " left";
  return line;
}

}  // namespace mtp::fit
