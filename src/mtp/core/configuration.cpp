#include "mtp/core/configuration.hpp"

#include <cmath>
#include <limits>

#include "mtp/core/error.hpp"
#include "mtp/core/neighbor_list.hpp"

namespace mtp {

void Configuration::resize(std::size_t n) {
  positions.resize(n);
  types.resize(n, 0);
  if (!forces.empty()) forces.resize(n);
  if (!site_energies.empty()) site_energies.resize(n);
  if (!charges.empty()) charges.resize(n);
  if (!nbh_grades.empty()) nbh_grades.resize(n);
  if (!magnetic_moments.empty()) magnetic_moments.resize(n);
  if (!magnetic_moment_energy_derivatives.empty()) magnetic_moment_energy_derivatives.resize(n);
  if (!ghost.empty()) ghost.resize(n, false);
}

std::size_t Configuration::ghost_count() const {
  std::size_t n = 0;
  for (bool g : ghost) n += g ? 1 : 0;
  return n;
}

void Configuration::validate() const {
  const std::size_t n = size();
  auto check_len = [n](std::size_t len, const char* what) {
    if (len != 0 && len != n)
      throw Error(std::string("configuration has ") + std::to_string(n) + " atoms but " +
                  std::to_string(len) + " " + what);
  };
  if (types.size() != n) check_len(types.size(), "types");
  check_len(forces.size(), "forces");
  check_len(site_energies.size(), "site energies");
  check_len(charges.size(), "charges");
  check_len(nbh_grades.size(), "nbh_grades");
  check_len(magnetic_moments.size(), "magnetic moments");
  check_len(magnetic_moment_energy_derivatives.size(), "magnetic moment energy derivatives");
  check_len(ghost.size(), "ghost flags");
  for (const Vec3& p : positions)
    if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(p.z))
      throw Error("configuration has a non-finite position");
  for (int t : types)
    if (t < 0) throw Error("configuration has a negative species type " + std::to_string(t));
  if (energy && !std::isfinite(*energy)) throw Error("configuration has a non-finite energy");
}

double Configuration::min_distance(double search_radius) const {
  double best = std::numeric_limits<double>::infinity();
  if (size() == 0) return best;
  const NeighborList nl = NeighborList::build(*this, search_radius);
  for (std::size_t k = 0; k < nl.displacements.size(); ++k) best = std::min(best, norm(nl.displacements[k]));
  return best;
}

void Configuration::clear_efs() {
  energy.reset();
  forces.clear();
  virial.reset();
  site_energies.clear();
}

}  // namespace mtp
