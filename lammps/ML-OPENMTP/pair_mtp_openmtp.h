/* OpenMTP LAMMPS styles: LAMMPS ML-MTP's syntax, `pair_style mtp` with `pair_coeff * * pot.mtp <species of
   each type>`, or `pair_style mtp pot.mtp` with `pair_coeff * *`. */
#ifdef PAIR_CLASS
// clang-format off
PairStyle(mtp,PairMTPOpenMTP);
// clang-format on
#else

#ifndef LMP_PAIR_MTP_OPENMTP_H
#define LMP_PAIR_MTP_OPENMTP_H

#include "pair_openmtp.h"

namespace LAMMPS_NS {

class PairMTPOpenMTP : public PairOpenMTP {
 public:
  PairMTPOpenMTP(class LAMMPS *lmp) : PairOpenMTP(lmp) {}
  void settings(int, char **) override;
};

}  // namespace LAMMPS_NS

#endif
#endif
