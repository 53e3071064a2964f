/* OpenMTP LAMMPS styles: extrapolation grades during MD (MaxVol active learning) over the library's
   active set. Independent of LAMMPS except for MPI, so it can be tested on its own. */
#ifndef OPENMTP_EXTRAPOLATION_H
#define OPENMTP_EXTRAPOLATION_H

#include <mpi.h>

#include <memory>
#include <string>
#include <vector>

#include "openmtp_pair_settings.h"

#include "openmtp/types.hpp"

namespace openmtp_lammps {

class ExtrapolationControl {
 public:
  // Loads the active set from settings.state_path: an MLIP-2 .als or an .almtp with MLIP-3's selection state.
  // Throws when the file has no state or its rows are force or stress rows (not gradeable from a
  // neighbourhood list).
  ExtrapolationControl(const ExtrapolationSettings& settings, MPI_Comm comm);
  ~ExtrapolationControl();
  const ExtrapolationSettings& settings() const { return settings_; }
  const openmtp::ActiveSet& active_set() const { return *set_; }
  // The state's own potential (MLIP-2 evaluates with the potential inside the .als, as this does).
  const openmtp::Evaluator& evaluator() const;
  bool per_neighborhood() const;

  // Grades the centres of this rank's list. Fills `centre_grades` (per neighbourhood; in configuration mode
  // every entry is the configuration's grade) and returns the configuration's grade: the largest
  // neighbourhood grade over all ranks, or the grade of the energy row of the whole configuration (summed
  // over ranks, `atom_count` atoms in all). Collective over the communicator.
  double grade(const openmtp::NeighborList& nl, const int* types, long long atom_count,
               std::vector<double>& centre_grades) const;

  bool should_save(double grade) const { return !settings_.save_path.empty() && grade > settings_.threshold_save; }
  bool should_break(double grade) const { return settings_.threshold_break > 0 && grade > settings_.threshold_break; }

 private:
  ExtrapolationSettings settings_;
  std::unique_ptr<openmtp::ActiveSet> set_;
  MPI_Comm comm_;
};

}  // namespace openmtp_lammps

#endif
