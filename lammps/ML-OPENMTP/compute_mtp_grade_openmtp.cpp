#include "compute_mtp_grade_openmtp.h"

#include "atom.h"
#include "error.h"
#include "force.h"
#include "memory.h"
#include "pair_openmtp.h"
#include "update.h"

using namespace LAMMPS_NS;

ComputeMTPGradeOpenMTP::ComputeMTPGradeOpenMTP(LAMMPS *lmp, int narg, char **arg) : Compute(lmp, narg, arg) {
  if (narg != 3) error->all(FLERR, "Illegal compute mtp/grade command: compute ID group mtp/grade");
  peratom_flag = 1;
  size_peratom_cols = 0;
  scalar_flag = 1;
  extscalar = 0;
}

ComputeMTPGradeOpenMTP::~ComputeMTPGradeOpenMTP() { memory->destroy(grades_); }

void ComputeMTPGradeOpenMTP::init() {
  pair_ = dynamic_cast<PairOpenMTP *>(force->pair);
  // Under pair_style hybrid: the one OpenMTP sub-style.
  for (const char *name : {"mlip", "mtp/extrapolation", "openmtp", "mtp"})
    if (!pair_) pair_ = dynamic_cast<PairOpenMTP *>(force->pair_match(name, 1));
  if (!pair_ || !pair_->grades_enabled())
    error->all(FLERR, "compute mtp/grade needs an OpenMTP pair style (mlip, mtp/extrapolation) with extrapolation "
                      "control");
}

void ComputeMTPGradeOpenMTP::check_current() {
  if (pair_->graded_step() != update->ntimestep)
    error->all(FLERR, "compute mtp/grade used on step {} but the pair style last graded step {}: use it on "
                      "multiples of the grading interval", update->ntimestep, pair_->graded_step());
}

double ComputeMTPGradeOpenMTP::compute_scalar() {
  invoked_scalar = update->ntimestep;
  check_current();
  scalar = pair_->last_grade();
  return scalar;
}

void ComputeMTPGradeOpenMTP::compute_peratom() {
  invoked_peratom = update->ntimestep;
  check_current();
  if (atom->nmax > nmax_) {
    memory->destroy(grades_);
    nmax_ = atom->nmax;
    memory->create(grades_, nmax_, "mtp/grade:grades");
    vector_atom = grades_;
  }
  const double *g = pair_->atom_grades();
  const int *mask = atom->mask;
  for (int i = 0; i < atom->nlocal; ++i) grades_[i] = (mask[i] & groupbit) ? g[i] : 0.0;
}

double ComputeMTPGradeOpenMTP::memory_usage() { return double(nmax_) * sizeof(double); }
