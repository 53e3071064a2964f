#include "pair_mtp_openmtp.h"

#include <cstring>

using namespace LAMMPS_NS;

void PairMTPOpenMTP::settings(int narg, char **arg) {
  // ML-MTP ignores extra words; its early branch took the potential file here.
  openmtp_lammps::PairSettings s;
  if (narg >= 1 && std::strchr(arg[0], '.') != nullptr) s.potential_path = arg[0];
  apply_settings(s);
}
