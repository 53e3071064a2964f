/* OpenMTP LAMMPS styles: `pair_style mlip mlip.ini` (MLIP-2) and
   `pair_style mlip load_from=pot.almtp [extrapolation_control=true ...]` (MLIP-3), then `pair_coeff * *`. */
#ifdef PAIR_CLASS
// clang-format off
PairStyle(mlip,PairMLIPOpenMTP);
// clang-format on
#else

#ifndef LMP_PAIR_MLIP_OPENMTP_H
#define LMP_PAIR_MLIP_OPENMTP_H

#include "pair_openmtp.h"

namespace LAMMPS_NS {

class PairMLIPOpenMTP : public PairOpenMTP {
 public:
  PairMLIPOpenMTP(class LAMMPS *lmp) : PairOpenMTP(lmp) {}
  void settings(int, char **) override;
};

}  // namespace LAMMPS_NS

#endif
#endif
