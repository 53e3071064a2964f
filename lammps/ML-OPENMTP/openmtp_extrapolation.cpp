#include "openmtp_extrapolation.h"

#include <algorithm>
#include <stdexcept>

#include "mtp/active/active_set.hpp"
#include "mtp/active/selection_weights.hpp"
#include "mtp/core/neighbor_list.hpp"
#include "mtp/io/almtp_file.hpp"
#include "mtp/io/als_file.hpp"
#include "mtp/model/evaluator.hpp"

namespace openmtp_lammps {
namespace {

mtp::active::ActiveSet load_active_set(const std::string& path) {
  if (mtp::io::has_mlip3_state(path)) {
    mtp::io::AlmtpContents contents = mtp::io::load_almtp(path);
    if (!contents.active_set) throw std::runtime_error(path + ": no selection state found");
    return std::move(*contents.active_set);
  }
  return mtp::io::load_als(path);
}

}  // namespace

ExtrapolationControl::ExtrapolationControl(const ExtrapolationSettings& settings, MPI_Comm comm)
    : settings_(settings), set_(std::make_unique<mtp::active::ActiveSet>(load_active_set(settings.state_path))),
      comm_(comm) {
  mtp::active::SelectionWeights w = set_->weights();
  if (w.force != 0.0 || w.stress != 0.0)
    throw std::runtime_error(settings.state_path +
                             ": force or stress selection rows cannot be graded during MD (use energy or "
                             "site-energy selection)");
  if (!settings.weighting.empty()) {
    w.weighting = mtp::active::parse_weighting(settings.weighting);
    set_->set_weights(w);
  }
}

ExtrapolationControl::~ExtrapolationControl() = default;

const mtp::Evaluator& ExtrapolationControl::evaluator() const { return set_->evaluator(); }

bool ExtrapolationControl::per_neighborhood() const { return set_->weights().neighborhood_mode(); }

double ExtrapolationControl::grade(const mtp::NeighborList& nl, const int* types, long long atom_count,
                                   std::vector<double>& centre_grades) const {
  double global = 0.0;
  if (per_neighborhood()) {
    const double local = set_->neighborhood_grades(nl, types, centre_grades);
    MPI_Allreduce(&local, &global, 1, MPI_DOUBLE, MPI_MAX, comm_);
    return global;
  }
  // The energy row is a sum over sites: add the ranks' parts, then scale and grade it once.
  const std::vector<double> local = set_->evaluator().energy_parameter_gradient(nl, types);
  mtp::active::RowMatrix row(1, Eigen::Index(local.size()));
  MPI_Allreduce(local.data(), row.data(), int(local.size()), MPI_DOUBLE, MPI_SUM, comm_);
  row *= set_->weights().energy_factor(double(atom_count));
  global = set_->maxvol().grade(row);
  centre_grades.assign(nl.centers(), global);
  return global;
}

}  // namespace openmtp_lammps
