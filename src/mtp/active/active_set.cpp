#include "mtp/active/active_set.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "mtp/core/error.hpp"
#include "mtp/model/magnetic_moments.hpp"

namespace mtp::active {
namespace {

Configuration make_placeholder() {
  Configuration c;
  c.lattice = Lattice::periodic(Mat3::identity());
  return c;
}

}  // namespace

ActiveSet::ActiveSet(const Potential& potential, SelectionWeights weights, double init_value)
    : evaluator_(potential),
      weights_(weights),
      maxvol_(potential.parameter_count(), init_value),
      owners_(potential.parameter_count()),
      placeholder_(make_placeholder()) {}

std::size_t ActiveSet::filled_rows() const {
  return std::size_t(std::count_if(owners_.begin(), owners_.end(), [](const RowOwner& o) { return o.cfg >= 0; }));
}

void ActiveSet::assign(MaxVol maxvol, std::vector<RowOwner> owners, std::vector<Configuration> cfgs) {
  const std::size_t n = potential().parameter_count();
  if (maxvol.size() != n)
    throw Error("active set: the matrix has " + std::to_string(maxvol.size()) + " rows but the potential has " +
                std::to_string(n) + " parameters");
  if (owners.size() != n) throw Error("active set: expected " + std::to_string(n) + " row owners");
  for (const RowOwner& o : owners)
    if (o.cfg < -1 || o.cfg >= int(cfgs.size()))
      throw Error("active set: a row refers to configuration " + std::to_string(o.cfg) + " of " +
                  std::to_string(cfgs.size()));
  maxvol_ = std::move(maxvol);
  owners_ = std::move(owners);
  cfgs_ = std::move(cfgs);
}

double ActiveSet::grade(const Configuration& cfg, std::vector<double>* atom_grades) const {
  if (atom_grades) atom_grades->clear();
  if (cfg.size() == 0) return 0.0;
  if (weights_.force != 0.0 || weights_.stress != 0.0) {
    const EquationRows r = rows(cfg);
    const Eigen::VectorXd g = maxvol_.row_grades(r.values);
    if (atom_grades && weights_.site_energy != 0.0) {
      const NeighborList nl = NeighborList::build(cfg, evaluator_.cutoff());
      atom_grades->assign(cfg.size(), 0.0);
      for (std::size_t i = 0; i < nl.centers(); ++i) (*atom_grades)[i] = nl.count(i) > 0 ? g(Eigen::Index(i)) : 0.0;
    }
    return g.size() ? g.maxCoeff() : 0.0;
  }
  // Energy and site-energy rows need one neighbour list only.
  const NeighborList nl = NeighborList::build(cfg, evaluator_.cutoff());
  const std::vector<double> moments = collinear_magnetic_moments(cfg, evaluator_.potential());
  const EquationRows r =
      equation_rows(evaluator_, nl, {cfg.types.data(), moments.empty() ? nullptr : moments.data()}, weights_);
  const Eigen::VectorXd g = maxvol_.row_grades(r.values);
  if (atom_grades && weights_.site_energy != 0.0) {
    // Site-energy rows come first, one per atom; an atom without neighbours gets 0, as MLIP-3 writes it.
    atom_grades->assign(cfg.size(), 0.0);  // ghost atoms (not centres) keep 0, as MLIP-3 writes them
    for (std::size_t i = 0; i < nl.centers(); ++i) (*atom_grades)[i] = nl.count(i) > 0 ? g(Eigen::Index(i)) : 0.0;
  }
  return g.size() ? g.maxCoeff() : 0.0;
}

double ActiveSet::neighborhood_grades(const NeighborList& nl, const int* types, std::vector<double>& grades) const {
  SelectionWeights w;
  w.energy = 0.0;
  w.site_energy = 1.0;
  const EquationRows r = equation_rows(evaluator_, nl, types, w);
  grades.assign(nl.centers(), 0.0);
  if (r.size() == 0) return 0.0;
  const Eigen::VectorXd g = maxvol_.row_grades(r.values);
  double best = 0.0;
  for (std::size_t i = 0; i < nl.centers(); ++i)
    if (nl.count(i) > 0) {
      grades[i] = g(Eigen::Index(i));
      best = std::max(best, grades[i]);
    }
  return best;
}

double ActiveSet::configuration_grade(const NeighborList& nl, const int* types) const {
  SelectionWeights w = weights_;
  w.site_energy = 0.0;
  w.force = 0.0;
  w.stress = 0.0;
  if (w.energy == 0.0) w.energy = 1.0;
  const EquationRows r = equation_rows(evaluator_, nl, types, w);
  return maxvol_.grade(r.values);
}

void ActiveSet::queue(const Configuration& cfg) {
  if (cfg.size() == 0) return;
  queue(cfg, rows(cfg));
}

void ActiveSet::queue(const Configuration& cfg, EquationRows rows) {
  if (cfg.size() == 0) return;
  if (rows.size() > 0 && rows.values.cols() != Eigen::Index(parameter_count()))
    throw Error("active set: rows have " + std::to_string(rows.values.cols()) + " columns, expected " +
                std::to_string(parameter_count()));
  queue_cfgs_.push_back(cfg);
  queue_rows_.push_back(std::move(rows));
}

SelectionReport ActiveSet::select(double select_threshold, double swap_threshold, long swap_limit) {
  SelectionReport report;
  const std::size_t n = parameter_count();
  std::size_t m = 0;
  for (const EquationRows& r : queue_rows_) m += r.size();
  report.rows = m;

  RowMatrix batch(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(n));
  // Owners of the batch rows: cfg indexes the pool (current set first, then the queue).
  std::vector<RowOwner> batch_owners(m);
  {
    std::size_t row = 0;
    for (std::size_t q = 0; q < queue_rows_.size(); ++q) {
      const EquationRows& r = queue_rows_[q];
      if (r.size() == 0) continue;
      batch.middleRows(Eigen::Index(row), Eigen::Index(r.size())) = r.values;
      for (std::size_t k = 0; k < r.size(); ++k) batch_owners[row + k] = {int(cfgs_.size() + q), r.equations[k]};
      row += r.size();
    }
  }
  queue_rows_.clear();
  std::vector<Configuration> queued = std::move(queue_cfgs_);
  queue_cfgs_.clear();

  report.grade = maxvol_.grade(batch);
  if (!(report.grade > select_threshold)) return report;

  const auto swaps = maxvol_.maximize(batch, swap_threshold, swap_limit);
  report.swaps = swaps.size();
  if (swaps.empty()) return report;
  for (const MaxVol::Swap& s : swaps) std::swap(batch_owners[s.candidate], owners_[s.active]);

  // Rebuild the configuration list in order of first appearance over the rows.
  const std::size_t old_count = cfgs_.size();
  std::vector<int> remap(old_count + queued.size(), -1);
  std::vector<Configuration> cfgs;
  for (RowOwner& o : owners_) {
    if (o.cfg < 0) continue;
    const std::size_t pool = std::size_t(o.cfg);
    if (remap[pool] < 0) {
      remap[pool] = int(cfgs.size());
      if (pool < old_count) {
        cfgs.push_back(std::move(cfgs_[pool]));
      } else {
        report.selected.push_back(pool - old_count);
        cfgs.push_back(std::move(queued[pool - old_count]));
      }
    }
    o.cfg = remap[pool];
  }
  std::sort(report.selected.begin(), report.selected.end());
  cfgs_ = std::move(cfgs);
  return report;
}

}  // namespace mtp::active
