#include "mtp/relax/efs_function.hpp"

#include <algorithm>
#include <cmath>

namespace mtp {

double max_force(const Configuration& cfg) {
  double m = 0.0;
  for (const Vec3& f : cfg.forces) m = std::max(m, norm(f));
  return m;
}

double max_stress_deviation_gpa(const Configuration& cfg, double pressure_gpa) {
  if (!cfg.virial || cfg.lattice.periodic_dims != 3) return 0.0;
  const double scale = kGpaPerEvPerA3 / cfg.lattice.volume();
  double m = 0.0;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) {
      const double target = a == b ? pressure_gpa : 0.0;
      m = std::max(m, std::fabs((*cfg.virial)(a, b) * scale - target));
    }
  return m;
}

}  // namespace mtp
