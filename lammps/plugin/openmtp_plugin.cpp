/* The OpenMTP styles as a LAMMPS plugin, for LAMMPS builds with the PLUGIN package:
   `plugin load openmtp_plugin.so`. */
#include "lammpsplugin.h"
#include "version.h"

#include "compute_mtp_grade_openmtp.h"
#include "pair_mlip_openmtp.h"
#include "pair_mtp_extrapolation_openmtp.h"
#include "pair_mtp_openmtp.h"
#include "pair_openmtp.h"

using namespace LAMMPS_NS;

namespace {

template <typename T>
void *make_pair(void *lmp) {
  return new T(static_cast<LAMMPS *>(lmp));
}
void *make_grade_compute(void *lmp, int narg, char **arg) {
  return new ComputeMTPGradeOpenMTP(static_cast<LAMMPS *>(lmp), narg, arg);
}

void add_pair(lammpsplugin_regfunc reg, void *lmp, void *handle, const char *name, lammpsplugin_factory1 *make) {
  lammpsplugin_t plugin;
  plugin.version = LAMMPS_VERSION;
  plugin.style = "pair";
  plugin.name = name;
  plugin.info = "OpenMTP Moment Tensor Potential pair style";
  plugin.author = "OpenMTP developers";
  plugin.creator.v1 = make;
  plugin.handle = handle;
  reg(&plugin, lmp);
}

}  // namespace

extern "C" void lammpsplugin_init(void *lmp, void *handle, void *regfunc) {
  auto reg = reinterpret_cast<lammpsplugin_regfunc>(regfunc);
  add_pair(reg, lmp, handle, "mlip", &make_pair<PairMLIPOpenMTP>);
  add_pair(reg, lmp, handle, "mtp", &make_pair<PairMTPOpenMTP>);
  add_pair(reg, lmp, handle, "mtp/extrapolation", &make_pair<PairMTPExtrapolationOpenMTP>);
  add_pair(reg, lmp, handle, "openmtp", &make_pair<PairOpenMTP>);

  lammpsplugin_t plugin;
  plugin.version = LAMMPS_VERSION;
  plugin.style = "compute";
  plugin.name = "mtp/grade";
  plugin.info = "OpenMTP per-atom extrapolation grades";
  plugin.author = "OpenMTP developers";
  plugin.creator.v2 = &make_grade_compute;
  plugin.handle = handle;
  reg(&plugin, lmp);
}
