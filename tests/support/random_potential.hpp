#pragma once
// An MLIP-2 template (../shared/reference/mlip2/untrained_mtps) with random coefficients of moderate size, for
// tests of the evaluator that need a potential whose every part matters. Callers check REQUIRE_SHARED().
#include <cstdio>
#include <random>
#include <vector>

#include "mtp/io/mtp_file.hpp"
#include "mtp/model/potential.hpp"
#include "support/paths.hpp"

namespace mtp::test {

inline Potential random_potential(int level, int species, unsigned seed, double min_dist = 1.6,
                                  double max_dist = 4.6) {
  char name[64];
  std::snprintf(name, sizeof name, "reference/mlip2/untrained_mtps/%02d.mtp", level);
  Potential p = io::load_potential(shared_path(name));
  p.species_count = species;
  p.radial.min_dist = min_dist;
  p.radial.max_dist = max_dist;
  p.scaling = 0.02;
  p.set_untrained_defaults();
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<double> theta = p.parameters();
  for (double& t : theta) t = 0.4 * u(rng);
  p.set_parameters(theta);
  return p;
}

}  // namespace mtp::test
