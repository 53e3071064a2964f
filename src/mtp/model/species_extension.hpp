#pragma once
#include "mtp/model/potential.hpp"

namespace mtp {

// MLIP-3's add_species (and what its `train` does before fitting): grows a potential to `species_count`
// species. Coefficients of the existing species pairs and species are kept, so configurations of the old
// species get the same energies; a new pair's radial coefficients are 1e-6 with [mu][mu] (mu < R) set to
// 1e-3 * (pair + 1), pair = ci * C + cj in the new count C (MLIP-3's untrained pattern, which keeps species
// apart); a new species' coefficient is 0. A count not larger than the current one changes nothing.
void add_species(Potential& potential, int species_count);

}  // namespace mtp
