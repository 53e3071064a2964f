/* OpenMTP LAMMPS styles: the pair style over the OpenMTP library, shared by `mlip` (MLIP-2 and MLIP-3
   syntax), `mtp` and `mtp/extrapolation` (LAMMPS ML-MTP syntax). The subclasses only parse arguments. */
#ifdef PAIR_CLASS
// clang-format off
PairStyle(openmtp,PairOpenMTP);
// clang-format on
#else

#ifndef LMP_PAIR_OPENMTP_H
#define LMP_PAIR_OPENMTP_H

#include <memory>
#include <string>
#include <vector>

#include "openmtp/md_host.hpp"
#include "openmtp_pair_settings.h"
#include "pair.h"

namespace openmtp_lammps {
class ExtrapolationControl;
}

namespace LAMMPS_NS {

class PairOpenMTP : public Pair {
 public:
  PairOpenMTP(class LAMMPS *);
  ~PairOpenMTP() override;
  void compute(int, int) override;
  // `pair_style openmtp pot.mtp [mlip.ini keywords as MLIP-3 key=value]`: same as `mlip`.
  void settings(int, char **) override;
  // `pair_coeff * * [pot.mtp] [species of type 1..N: element name, 0-based index or NULL]`.
  void coeff(int, char **) override;
  void init_style() override;
  double init_one(int, int) override;
  void *extract(const char *, int &) override;
  int pack_reverse_comm(int, int, double *) override;
  void unpack_reverse_comm(int, int *, double *) override;
  double memory_usage() override;

  // Per-atom grades of the last graded step (neighbourhood mode; the configuration's grade in cfg mode),
  // for compute mtp/grade. Valid only at the step graded_step() and only for the owned atoms.
  const double *atom_grades() const { return atom_grades_.data(); }
  bigint graded_step() const { return graded_step_; }
  double last_grade() const { return last_grade_; }
  bool grades_enabled() const;

 protected:
  void apply_settings(const openmtp_lammps::PairSettings &);
  void load_potential(const std::string &path);
  void allocate();
  std::vector<std::string> words(int narg, char **arg) const;

  openmtp_lammps::PairSettings settings_;
  std::unique_ptr<openmtp::Evaluator> evaluator_;
  std::unique_ptr<openmtp_lammps::ExtrapolationControl> extrapolation_;
  double cutoff_ = 0.0;

 private:
  void grade_step();
  void write_configuration();

  // The neighbour list, evaluation and force assembly (the library's bridge for hosts with ghost atoms).
  openmtp::HostEvaluation host_;
  std::vector<double> atom_grades_;
  bigint graded_step_ = -1;
  long evaluations_ = 0;  // calls of compute(), for write-cfgs:skip
  double last_grade_ = 0.0;
};

}  // namespace LAMMPS_NS

#endif
#endif
