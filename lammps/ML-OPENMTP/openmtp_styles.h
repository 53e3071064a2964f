/* OpenMTP LAMMPS styles: registering them in a running LAMMPS whose build did not compile them in
   (Debian's LAMMPS has no PLUGIN package). */
#ifndef OPENMTP_STYLES_H
#define OPENMTP_STYLES_H

namespace LAMMPS_NS {
class LAMMPS;
}

namespace openmtp_lammps {

// Adds pair styles mlip, mtp, mtp/extrapolation, openmtp and compute mtp/grade to the style maps of `lmp`,
// through the public Force::pair_map and Modify::compute_map of the 2021 API.
void register_styles(LAMMPS_NS::LAMMPS* lmp);

}  // namespace openmtp_lammps

#endif
