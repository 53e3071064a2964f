#include "openmtp_configuration_output.h"

#include <mpi.h>

#include <algorithm>
#include <numeric>
#include <sstream>

#include "atom.h"
#include "comm.h"
#include "domain.h"
#include "lammps.h"

#include "openmtp/files.hpp"
#include "openmtp/selection.hpp"

namespace openmtp_lammps {

namespace {

// The whole cell on rank 0 (atoms ordered by ID, with per-atom grades when asked); false on the other ranks.
bool gather_cell(LAMMPS_NS::LAMMPS* lmp, const std::vector<int>& species_of_type, const std::vector<double>& atom_grades,
                 bool with_atom_grades, openmtp::Configuration& cfg) {
  using LAMMPS_NS::tagint;
  LAMMPS_NS::Atom* atom = lmp->atom;
  LAMMPS_NS::Domain* domain = lmp->domain;
  const MPI_Comm world = lmp->world;
  const int nlocal = atom->nlocal;

  // Per owned atom: id, species, x, y, z, grade (species -1 for atoms of types this style does not handle).
  constexpr int kWidth = 6;
  std::vector<double> mine(std::size_t(nlocal) * kWidth);
  for (int i = 0; i < nlocal; ++i) {
    double* p = mine.data() + std::size_t(i) * kWidth;
    p[0] = double(atom->tag[i]);
    p[1] = species_of_type[atom->type[i]];
    p[2] = atom->x[i][0] - domain->boxlo[0];
    p[3] = atom->x[i][1] - domain->boxlo[1];
    p[4] = atom->x[i][2] - domain->boxlo[2];
    p[5] = i < int(atom_grades.size()) ? atom_grades[i] : 0.0;
  }
  int nprocs = 1, me = 0;
  MPI_Comm_size(world, &nprocs);
  MPI_Comm_rank(world, &me);
  const int count = nlocal * kWidth;
  std::vector<int> counts(nprocs), displs(nprocs);
  MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, world);
  std::vector<double> all;
  if (me == 0) {
    std::partial_sum(counts.begin(), counts.end() - 1, displs.begin() + 1);
    all.resize(std::size_t(displs.back()) + counts.back());
  }
  MPI_Gatherv(mine.data(), count, MPI_DOUBLE, all.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, world);
  if (me != 0) return false;

  const std::size_t n = all.size() / kWidth;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return all[a * kWidth] < all[b * kWidth]; });

  cfg = openmtp::Configuration{};
  for (std::size_t k : order) {
    const double* p = all.data() + k * kWidth;
    if (p[1] < 0) continue;
    cfg.positions.push_back({p[2], p[3], p[4]});
    cfg.types.push_back(int(p[1]));
    if (with_atom_grades) cfg.nbh_grades.push_back(p[5]);
  }
  if (domain->xperiodic && domain->yperiodic && domain->zperiodic) {
    openmtp::Mat3 rows;
    rows.set_row(0, {domain->xprd, 0.0, 0.0});
    rows.set_row(1, {domain->xy, domain->yprd, 0.0});
    rows.set_row(2, {domain->xz, domain->yz, domain->zprd});
    cfg.lattice = openmtp::Lattice::periodic(rows);
  }
  return true;
}

}  // namespace

void append_configuration(LAMMPS_NS::LAMMPS* lmp, const std::string& path, const std::vector<int>& species_of_type,
                          const std::vector<double>& atom_grades, bool with_atom_grades, double grade) {
  openmtp::Configuration cfg;
  if (!gather_cell(lmp, species_of_type, atom_grades, with_atom_grades, cfg)) return;
  cfg.features["MV_grade"] = openmtp::grade_text(grade);
  openmtp::write_cfg_file(path, cfg, /*append=*/true);
}

void write_evaluated_configuration(LAMMPS_NS::LAMMPS* lmp, const std::string& path,
                                   const std::vector<int>& species_of_type, const openmtp::Evaluator& evaluator,
                                   bool append) {
  openmtp::Configuration cfg;
  if (!gather_cell(lmp, species_of_type, {}, false, cfg)) return;
  evaluator.compute_into(cfg);
  cfg.site_energies.clear();  // MLIP-2 writes energy, forces and stress
  openmtp::write_cfg_file(path, cfg, append);
}

}  // namespace openmtp_lammps
