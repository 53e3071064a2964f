#include "openmtp_styles.h"

#include "compute_mtp_grade_openmtp.h"
#include "force.h"
#include "lammps.h"
#include "modify.h"
#include "pair_mlip_openmtp.h"
#include "pair_mtp_extrapolation_openmtp.h"
#include "pair_mtp_openmtp.h"
#include "pair_openmtp.h"

namespace openmtp_lammps {
namespace {

template <typename T>
LAMMPS_NS::Pair* make_pair(LAMMPS_NS::LAMMPS* lmp) {
  return new T(lmp);
}
LAMMPS_NS::Compute* make_grade_compute(LAMMPS_NS::LAMMPS* lmp, int narg, char** arg) {
  return new LAMMPS_NS::ComputeMTPGradeOpenMTP(lmp, narg, arg);
}

}  // namespace

void register_styles(LAMMPS_NS::LAMMPS* lmp) {
  auto& pairs = *lmp->force->pair_map;
  pairs["mlip"] = &make_pair<LAMMPS_NS::PairMLIPOpenMTP>;
  pairs["mtp"] = &make_pair<LAMMPS_NS::PairMTPOpenMTP>;
  pairs["mtp/extrapolation"] = &make_pair<LAMMPS_NS::PairMTPExtrapolationOpenMTP>;
  pairs["openmtp"] = &make_pair<LAMMPS_NS::PairOpenMTP>;
  (*lmp->modify->compute_map)["mtp/grade"] = &make_grade_compute;
}

}  // namespace openmtp_lammps
