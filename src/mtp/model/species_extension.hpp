#pragma once
#include <string>
#include <vector>

#include "mtp/model/potential.hpp"

namespace mtp {

// MLIP-3's add_species (and what its `train` does before fitting): grows a potential to `species_count`
// species. Coefficients of the existing species pairs and species are kept, so configurations of the old
// species get the same energies; a new pair's radial coefficients are 1e-6 with [mu][mu] (mu < R) set to
// 1e-3 * (pair + 1), pair = ci * C + cj in the new count C (MLIP-3's untrained pattern, which keeps species
// apart); a new species' coefficient is 0. A count not larger than the current one changes nothing.
// A potential that records species names must grow by name (below): growing it by count is an error, as
// the new species would have no name.
void add_species(Potential& potential, int species_count);
// The same by name: each name the potential does not have yet becomes a new species, in the order given.
// A potential without recorded names can grow by name only when it has none yet to lose, i.e. never: it is
// an error, since the names of its existing species are unknown.
void add_species(Potential& potential, const std::vector<std::string>& names);

}  // namespace mtp
