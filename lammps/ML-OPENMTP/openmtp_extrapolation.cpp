#include "openmtp_extrapolation.h"

#include <algorithm>
#include <stdexcept>

#include "openmtp/files.hpp"
#include "openmtp/selection.hpp"

namespace openmtp_lammps {
ExtrapolationControl::ExtrapolationControl(const ExtrapolationSettings& settings, MPI_Comm comm)
    : settings_(settings), set_(std::make_unique<openmtp::ActiveSet>(openmtp::load_active_set(settings.state_path))),
      comm_(comm) {
  openmtp::SelectionWeights w = set_->weights();
  if (w.force != 0.0 || w.stress != 0.0)
    throw std::runtime_error(settings.state_path +
                             ": force or stress selection rows cannot be graded during MD (use energy or "
                             "site-energy selection)");
  if (!settings.weighting.empty()) {
    w.weighting = openmtp::parse_weighting(settings.weighting);
    set_->set_weights(w);
  }
}

ExtrapolationControl::~ExtrapolationControl() = default;

const openmtp::Evaluator& ExtrapolationControl::evaluator() const { return set_->evaluator(); }

bool ExtrapolationControl::per_neighborhood() const { return set_->weights().neighborhood_mode(); }

double ExtrapolationControl::grade(const openmtp::NeighborList& nl, const int* types, long long atom_count,
                                   std::vector<double>& centre_grades) const {
  double global = 0.0;
  if (per_neighborhood()) {
    const double local = set_->neighborhood_grades(nl, types, centre_grades);
    MPI_Allreduce(&local, &global, 1, MPI_DOUBLE, MPI_MAX, comm_);
    return global;
  }
  // The energy row is a sum over sites: add the ranks' parts, then scale and grade it once.
  const std::vector<double> local = set_->evaluator().energy_parameter_gradient(nl, types);
  openmtp::RowMatrix row(1, Eigen::Index(local.size()));
  MPI_Allreduce(local.data(), row.data(), int(local.size()), MPI_DOUBLE, MPI_SUM, comm_);
  row *= set_->weights().energy_factor(double(atom_count));
  global = set_->maxvol().grade(row);
  centre_grades.assign(nl.centers(), global);
  return global;
}

}  // namespace openmtp_lammps
