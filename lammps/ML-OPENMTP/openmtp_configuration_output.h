/* OpenMTP LAMMPS styles: writing the running configuration as a .cfg (extrapolative configurations). */
#ifndef OPENMTP_CONFIGURATION_OUTPUT_H
#define OPENMTP_CONFIGURATION_OUTPUT_H

#include <string>
#include <vector>

namespace LAMMPS_NS {
class LAMMPS;
}

#include "openmtp/types.hpp"

namespace openmtp_lammps {

// Gathers the whole cell (all ranks' owned atoms, ordered by atom ID) to rank 0 and appends it to `path`
// as one text .cfg with its species, the lattice of the run, Feature MV_grade and, in neighbourhood mode,
// the per-atom grades (nbh_grades column). Collective; `atom_grades` is indexed by owned atom.
void append_configuration(LAMMPS_NS::LAMMPS* lmp, const std::string& path, const std::vector<int>& species_of_type,
                          const std::vector<double>& atom_grades, bool with_atom_grades, double grade);

// MLIP-2's write-cfgs: gathers the whole cell to rank 0 as above, evaluates it there with `evaluator` (as
// MLIP-2's whole-configuration mode does) and writes it to `path` with its energy, forces and stress, appended
// or (the run's first) replacing the file. Collective.
void write_evaluated_configuration(LAMMPS_NS::LAMMPS* lmp, const std::string& path,
                                   const std::vector<int>& species_of_type, const openmtp::Evaluator& evaluator,
                                   bool append);

}  // namespace openmtp_lammps

#endif
