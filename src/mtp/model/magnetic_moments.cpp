#include "mtp/model/magnetic_moments.hpp"

#include <string>

#include "mtp/core/error.hpp"

namespace mtp {

std::vector<double> collinear_magnetic_moments(const Configuration& cfg, const Potential& potential) {
  if (!potential.is_magnetic()) return {};
  if (!cfg.has_magnetic_moments())
    throw Error("the potential is magnetic (magnetic_basis_type) but the configuration has no magnetic moments "
                "(AtomData columns magmom_x magmom_y magmom_z)");
  if (cfg.magnetic_moments.size() != cfg.size()) throw Error("configuration has no magnetic moment for every atom");
  std::vector<double> out(cfg.size());
  for (std::size_t i = 0; i < cfg.size(); ++i) {
    const Vec3& m = cfg.magnetic_moments[i];
    if (m.y != 0.0 || m.z != 0.0)
      throw Error("atom " + std::to_string(i + 1) +
                  " has a magnetic moment with a y or z component; a magnetic MTP takes collinear moments "
                  "(magmom_x, with magmom_y = magmom_z = 0)");
    out[i] = m.x;
  }
  return out;
}

}  // namespace mtp
