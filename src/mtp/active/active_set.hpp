#pragma once
#include <cstddef>
#include <vector>

#include "mtp/active/equation_rows.hpp"
#include "mtp/active/maxvol.hpp"
#include "mtp/active/selection_weights.hpp"
#include "mtp/core/configuration.hpp"
#include "mtp/core/neighbor_list.hpp"
#include "mtp/model/evaluator.hpp"
#include "mtp/model/potential.hpp"

namespace mtp::active {

// Which configuration and which of its equations a row of the active-set matrix came from.
// cfg = -1: the row still holds its initial value (init_value * e_r); equation = -1: not known (MLIP-2's
// .als files do not record it).
struct RowOwner {
  int cfg = -1;
  int equation = -1;
};
inline bool operator==(const RowOwner& a, const RowOwner& b) { return a.cfg == b.cfg && a.equation == b.equation; }

// What one batch selection did.
struct SelectionReport {
  double grade = 0.0;          // max grade over the batch before any swap
  std::size_t swaps = 0;
  std::size_t rows = 0;        // rows in the batch
  // Indices (in the order they were queued) of the queued configurations that now own rows of A.
  std::vector<std::size_t> selected;
};

// An active set: a potential, the MaxVol matrix of selected equation rows, and the configurations those rows
// came from. It grades configurations (rows times the stored inverse: no matrix is inverted) and selects
// batches of candidates into the set, as MLIP-2's and MLIP-3's active learning do (spec 4; MLIP-3 spec 3).
//
// Configurations of the set are listed in order of first appearance over the rows of A (the order state
// files use); owners()[r].cfg indexes that list.
class ActiveSet {
 public:
  ActiveSet(const Potential& potential, SelectionWeights weights, double init_value);

  const Potential& potential() const { return evaluator_.potential(); }
  const Evaluator& evaluator() const { return evaluator_; }
  const SelectionWeights& weights() const { return weights_; }
  // Changes the row definition; the matrix is kept (its rows were built under the old weights).
  void set_weights(const SelectionWeights& weights) { weights_ = weights; }
  const MaxVol& maxvol() const { return maxvol_; }
  std::size_t parameter_count() const { return maxvol_.size(); }
  const std::vector<RowOwner>& owners() const { return owners_; }
  const std::vector<Configuration>& configurations() const { return cfgs_; }
  std::vector<Configuration>& configurations() { return cfgs_; }
  // The configuration MLIP-2 files attach to rows never filled: no atoms, unit cell. Commands may set
  // features on it (MLIP-2's select-add marks every row owner, this one included).
  const Configuration& placeholder() const { return placeholder_; }
  Configuration& placeholder() { return placeholder_; }
  // Number of rows owned by a configuration (not still at their initial value).
  std::size_t filled_rows() const;

  // Replaces the whole state (used by the state-file readers). Throws mtp::Error on inconsistent sizes or
  // owners pointing outside `cfgs`.
  void assign(MaxVol maxvol, std::vector<RowOwner> owners, std::vector<Configuration> cfgs);

  // The rows a configuration contributes under the current weights.
  EquationRows rows(const Configuration& cfg) const { return equation_rows(evaluator_, cfg, weights_); }

  // Extrapolation grade of a configuration: max |rows * A^-1| (0 for an empty configuration). With
  // `atom_grades` and site-energy rows present, each atom's grade (max over its row; 0 for an atom without
  // neighbours, as MLIP-3 writes it) is stored there.
  double grade(const Configuration& cfg, std::vector<double>* atom_grades = nullptr) const;
  // Per-neighbourhood grades over a neighbour list from anywhere (LAMMPS, Python): one per centre, 0 for a
  // centre without neighbours; returns their maximum. Needs the site-energy weight to be the row definition
  // only in the sense that neighbourhood rows are always unscaled site-energy gradients.
  double neighborhood_grades(const NeighborList& nl, const int* types, std::vector<double>& grades) const;
  // Configuration-mode grade from a neighbour list: the energy row dE/dtheta scaled as the weights say.
  double configuration_grade(const NeighborList& nl, const int* types) const;

  // Batch selection. Candidates are queued with their rows; select() grades the whole batch and, when its
  // grade exceeds `select_threshold`, swaps rows in while some candidate row has a coefficient above
  // `swap_threshold` (at most `swap_limit` swaps; negative = no limit). The queue is emptied either way.
  void queue(const Configuration& cfg);  // an empty configuration is ignored, as in MLIP-2
  void queue(const Configuration& cfg, EquationRows rows);
  std::size_t queued() const { return queue_cfgs_.size(); }
  const std::vector<Configuration>& queued_configurations() const { return queue_cfgs_; }
  SelectionReport select(double select_threshold, double swap_threshold, long swap_limit = -1);

 private:
  Evaluator evaluator_;
  SelectionWeights weights_;
  MaxVol maxvol_;
  std::vector<RowOwner> owners_;
  std::vector<Configuration> cfgs_;
  Configuration placeholder_;
  std::vector<Configuration> queue_cfgs_;
  std::vector<EquationRows> queue_rows_;
};

}  // namespace mtp::active
