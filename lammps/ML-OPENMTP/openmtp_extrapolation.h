/* OpenMTP LAMMPS styles: extrapolation grades during MD (MaxVol active learning). Independent of LAMMPS
   except for MPI, so it can be tested on its own. */
#ifndef OPENMTP_EXTRAPOLATION_H
#define OPENMTP_EXTRAPOLATION_H

#include <mpi.h>

#include <cstddef>
#include <string>
#include <vector>

#include "openmtp_pair_settings.h"

namespace mtp {
class Evaluator;
struct NeighborList;
}  // namespace mtp

namespace openmtp_lammps {

// What grading needs from an active-learning state file: the mode, the scaling of the configuration row,
// and A^-1 of the selected rows.
struct SelectionState {
  bool per_neighborhood = false;  // rows are site-energy gradients, one per atom
  double energy_row_power = 1.0;  // cfg mode: the row is grad E / N^power
  std::size_t size = 0;           // parameter count n
  std::vector<double> inv_a_transposed;  // (A^-1)^T, n x n row-major, as .als and .almtp store it

  // Reads the state of an MLIP-2 .als or MLIP-3/ML-MTP .almtp file (the MaxVol block; the selected
  // configurations that follow are not needed for grading). `parameter_count` is n of the potential the
  // state belongs to.
  static SelectionState load(const std::string& path, std::size_t parameter_count);
  // max_j |(row A^-1)_j|: how far `row` (length n) lies outside the selected set.
  double grade(const double* row) const;
};

class ExtrapolationControl {
 public:
  ExtrapolationControl(const ExtrapolationSettings& settings, const mtp::Evaluator& evaluator, MPI_Comm comm);
  const ExtrapolationSettings& settings() const { return settings_; }
  const SelectionState& state() const { return state_; }

  // Grades the centres 0..centres-1 of this rank's list. Fills `centre_grades` (per neighbourhood; in cfg
  // mode every entry is the configuration's grade) and returns the configuration's grade: the largest
  // neighbourhood grade over all ranks, or the grade of the whole configuration's energy row (summed over
  // ranks, `atom_count` atoms in all). Collective over the communicator.
  double grade(const mtp::NeighborList& nl, const int* types, long long atom_count,
               std::vector<double>& centre_grades) const;

  bool should_save(double grade) const { return !settings_.save_path.empty() && grade > settings_.threshold_save; }
  bool should_break(double grade) const { return settings_.threshold_break > 0 && grade > settings_.threshold_break; }

 private:
  ExtrapolationSettings settings_;
  const mtp::Evaluator& evaluator_;
  SelectionState state_;
  MPI_Comm comm_;
};

}  // namespace openmtp_lammps

#endif
