/* OpenMTP LAMMPS styles: LAMMPS ML-MTP's `pair_style mtp/extrapolation [mlip3_style out.cfg select break]
   [every N]` with `pair_coeff * * pot.almtp <species of each type>`. */
#ifdef PAIR_CLASS
// clang-format off
PairStyle(mtp/extrapolation,PairMTPExtrapolationOpenMTP);
// clang-format on
#else

#ifndef LMP_PAIR_MTP_EXTRAPOLATION_OPENMTP_H
#define LMP_PAIR_MTP_EXTRAPOLATION_OPENMTP_H

#include "pair_openmtp.h"

namespace LAMMPS_NS {

class PairMTPExtrapolationOpenMTP : public PairOpenMTP {
 public:
  PairMTPExtrapolationOpenMTP(class LAMMPS *lmp) : PairOpenMTP(lmp) {}
  void settings(int, char **) override;
};

}  // namespace LAMMPS_NS

#endif
#endif
