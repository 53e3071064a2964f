/* OpenMTP LAMMPS styles: `compute ID group mtp/grade` - per-atom extrapolation grades (neighbourhood mode;
   in configuration mode every atom carries the configuration's grade) and, as the global scalar, the grade
   of the configuration, from the OpenMTP pair style's extrapolation control. Valid on steps the pair style
   grades (multiples of its `every`). */
#ifdef COMPUTE_CLASS
// clang-format off
ComputeStyle(mtp/grade,ComputeMTPGradeOpenMTP);
// clang-format on
#else

#ifndef LMP_COMPUTE_MTP_GRADE_OPENMTP_H
#define LMP_COMPUTE_MTP_GRADE_OPENMTP_H

#include "compute.h"

namespace LAMMPS_NS {

class ComputeMTPGradeOpenMTP : public Compute {
 public:
  ComputeMTPGradeOpenMTP(class LAMMPS *, int, char **);
  ~ComputeMTPGradeOpenMTP() override;
  void init() override;
  double compute_scalar() override;
  void compute_peratom() override;
  double memory_usage() override;

 private:
  class PairOpenMTP *pair_ = nullptr;
  int nmax_ = 0;
  double *grades_ = nullptr;
  void check_current();
};

}  // namespace LAMMPS_NS

#endif
#endif
