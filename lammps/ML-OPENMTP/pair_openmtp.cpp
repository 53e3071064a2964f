/* OpenMTP LAMMPS styles: the pair style over the OpenMTP library. */
#include "pair_openmtp.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>

#include "atom.h"
#include "comm.h"
#include "domain.h"
#include "error.h"
#include "force.h"
#include "memory.h"
#include "neigh_list.h"
#include "neigh_request.h"
#include "neighbor.h"
#include "update.h"

#include "openmtp_configuration_output.h"
#include "openmtp_extrapolation.h"

#include "mtp/core/error.hpp"
#include "mtp/core/neighbor_list.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/model/evaluator.hpp"

using namespace LAMMPS_NS;

PairOpenMTP::PairOpenMTP(LAMMPS *lmp)
    : Pair(lmp), nl_(new mtp::NeighborList), sites_(new mtp::SiteResults) {
  single_enable = 0;
  restartinfo = 0;
  one_coeff = 1;
  manybody_flag = 1;
  centroidstressflag = CENTROID_NOTAVAIL;
  // The virial is summed from the pair gradients, which is exact with newton on or off.
  no_virial_fdotr_compute = 1;
  comm_reverse = 3;
  comm_reverse_off = 3;
  // pvector[0]: the last extrapolation grade, for `compute ID all pair <style>`.
  nextra = 1;
  pvector = new double[1];
  pvector[0] = 0.0;
}

PairOpenMTP::~PairOpenMTP() {
  delete[] pvector;
  if (allocated) {
    memory->destroy(setflag);
    memory->destroy(cutsq);
  }
}

void PairOpenMTP::allocate() {
  allocated = 1;
  const int n = atom->ntypes;
  memory->create(setflag, n + 1, n + 1, "pair:setflag");
  memory->create(cutsq, n + 1, n + 1, "pair:cutsq");
  for (int i = 1; i <= n; ++i)
    for (int j = i; j <= n; ++j) setflag[i][j] = 0;
}

std::vector<std::string> PairOpenMTP::words(int narg, char **arg) const {
  return std::vector<std::string>(arg, arg + narg);
}

void PairOpenMTP::settings(int narg, char **arg) {
  if (narg < 1) error->all(FLERR, "Illegal pair_style openmtp command: expected a potential file");
  try {
    std::vector<std::string> w = words(narg, arg);
    w[0] = "load_from=" + w[0];
    apply_settings(openmtp_lammps::parse_mlip3_words(w));
  } catch (const std::exception &e) {
    error->all(FLERR, e.what());
  }
}

void PairOpenMTP::apply_settings(const openmtp_lammps::PairSettings &s) {
  settings_ = s;
  evaluations_ = 0;
  if (comm->me == 0)
    for (const std::string &w : s.warnings) error->warning(FLERR, w);
  evaluator_.reset();
  extrapolation_.reset();
  if (!settings_.potential_path.empty()) load_potential(settings_.potential_path);
}

void PairOpenMTP::load_potential(const std::string &path) {
  bool replaced_by_state = false;
  try {
    mtp::Potential potential = mtp::io::load_potential(path);
    extrapolation_.reset();
    if (settings_.extrapolation.enabled) {
      if (settings_.extrapolation.state_path.empty()) settings_.extrapolation.state_path = path;
      extrapolation_ = std::make_unique<openmtp_lammps::ExtrapolationControl>(settings_.extrapolation, world);
      // MLIP-2 evaluates with the potential stored in the .als, whatever mtp-filename says.
      const mtp::Potential &state_potential = extrapolation_->evaluator().potential();
      if (state_potential.parameters() != potential.parameters() ||
          state_potential.species_count != potential.species_count) {
        potential = state_potential;
        replaced_by_state = true;
      }
    }
    // LAMMPS atoms carry no collinear moment the pair style could read (MLIP-3's interface stops here too).
    if (potential.is_magnetic())
      throw mtp::Error(path + ": a magnetic MTP (magnetic_basis_type) needs a moment per atom, which this pair "
                              "style does not read; evaluate it with mlp calc-efs or Python");
    evaluator_ = std::make_unique<mtp::Evaluator>(potential);
    cutoff_ = evaluator_->cutoff();
  } catch (const std::exception &e) {
    error->all(FLERR, e.what());
  }
  if (comm->me == 0) {
    utils::logmesg(lmp, "OpenMTP: potential {} ({} species, {} parameters, cutoff {})\n", path,
                   evaluator_->potential().species_count, evaluator_->potential().parameter_count(), cutoff_);
    if (replaced_by_state)
      error->warning(FLERR, "the potential in {} differs from {}: using the one in the state file, as MLIP-2 does",
                     settings_.extrapolation.state_path, path);
    if (extrapolation_) {
      const auto &x = settings_.extrapolation;
      utils::logmesg(lmp,
                     "OpenMTP: extrapolation control from {} ({} mode), every {} steps; save above {} to {}; "
                     "break above {}\n",
                     x.state_path, extrapolation_->per_neighborhood() ? "neighbourhood" : "configuration", x.every,
                     x.threshold_save, x.save_path.empty() ? "(nowhere)" : x.save_path,
                     x.threshold_break > 0 ? std::to_string(x.threshold_break) : "(never)");
    }
  }
}

void PairOpenMTP::coeff(int narg, char **arg) {
  if (!allocated) allocate();
  if (narg < 2) error->all(FLERR, "Incorrect args for pair coefficients: expected * * ...");
  const int ntypes = atom->ntypes;
  if (strcmp(arg[0], "*") != 0 || strcmp(arg[1], "*") != 0)
    error->all(FLERR, "Incorrect args for pair coefficients: the OpenMTP styles take pair_coeff * * only");
  int next = 2;
  // An optional potential file (ML-MTP form `pair_coeff * * pot.mtp ...`): any word that is not a
  // species index or NULL.
  if (next < narg && strcmp(arg[next], "NULL") != 0 && !utils::is_integer(arg[next])) {
    if (!settings_.potential_path.empty() && settings_.potential_path != arg[next] && comm->me == 0)
      error->warning(FLERR, "pair_coeff potential {} replaces {}", arg[next], settings_.potential_path);
    settings_.potential_path = arg[next];
    if (settings_.extrapolation.enabled) settings_.extrapolation.state_path = arg[next];
    load_potential(arg[next]);
    ++next;
  }
  if (!evaluator_) error->all(FLERR, "No potential: give it to pair_style or as pair_coeff * * pot.mtp");
  const int species = evaluator_->potential().species_count;

  species_of_type_.assign(ntypes + 1, -1);
  const int given = narg - next;
  if (given == 0) {
    // MLIP-2's convention: LAMMPS type t is MTP species t-1.
    if (ntypes > species)
      error->all(FLERR, "{} atom types but the potential has {} species: map them with pair_coeff * * "
                        "<species of each type>", ntypes, species);
    for (int t = 1; t <= ntypes; ++t) species_of_type_[t] = t - 1;
  } else {
    if (given != ntypes)
      error->all(FLERR, "pair_coeff * * expects one species index (0-based) or NULL for each of the {} atom "
                        "types, got {}", ntypes, given);
    for (int t = 1; t <= ntypes; ++t) {
      const char *w = arg[next + t - 1];
      if (strcmp(w, "NULL") == 0) continue;
      const int s = utils::inumeric(FLERR, w, false, lmp);
      if (s < 0 || s >= species)
        error->all(FLERR, "species index {} for atom type {} is outside the potential's 0..{}", s, t, species - 1);
      species_of_type_[t] = s;
    }
  }
  int count = 0;
  for (int i = 1; i <= ntypes; ++i)
    for (int j = i; j <= ntypes; ++j)
      if (species_of_type_[i] >= 0 && species_of_type_[j] >= 0) {
        setflag[i][j] = 1;
        ++count;
      }
  if (count == 0) error->all(FLERR, "Incorrect args for pair coefficients: no atom type mapped");
}

void PairOpenMTP::init_style() {
  if (!evaluator_) error->all(FLERR, "Pair style {} has no potential", force->pair_style);
  if (strcmp(update->unit_style, "metal") != 0)
    error->all(FLERR, "OpenMTP potentials are in eV and Angstrom: use units metal");
  if (atom->tag_enable == 0) error->all(FLERR, "Pair style {} requires atom IDs", force->pair_style);
#ifdef OPENMTP_LAMMPS_NEW_NEIGHBOR_API
  // LAMMPS from 24 Mar 2022 on (define this when building the package into such a LAMMPS).
  neighbor->add_request(this, NeighConst::REQ_FULL);
#else
  // The 2021 way to ask for a full list (Debian's LAMMPS, 29 Sep 2021).
  const int irequest = neighbor->request(this, instance_me);
  neighbor->requests[irequest]->half = 0;
  neighbor->requests[irequest]->full = 1;
#endif
}

double PairOpenMTP::init_one(int i, int j) {
  if (setflag[i][j] == 0) error->all(FLERR, "All pair coeffs are not set");
  return cutoff_;
}

bool PairOpenMTP::grades_enabled() const { return extrapolation_ != nullptr; }

void *PairOpenMTP::extract(const char *name, int &dim) {
  dim = 0;
  if (strcmp(name, "openmtp:cutoff") == 0) return &cutoff_;
  return nullptr;
}

// Evaluation indices: centres are the owned atoms this style handles, in atom order, then every other atom
// met as a neighbour, in order of first appearance. Without NULL types the centres are atoms 0..nlocal-1
// and the list's j are LAMMPS indices shifted only for ghosts, which keeps the walk cache-friendly.
void PairOpenMTP::fill_neighbor_list() {
  const int nlocal = atom->nlocal;
  const int nall = nlocal + atom->nghost;
  const int *type = atom->type;
  double **x = atom->x;
  const double cut2 = cutoff_ * cutoff_;

  std::vector<int> row(nlocal, -1);
  for (int ii = 0; ii < list->inum; ++ii)
    if (list->ilist[ii] < nlocal) row[list->ilist[ii]] = ii;

  eval_index_.assign(nall, -1);
  atom_of_.clear();
  for (int i = 0; i < nlocal; ++i)
    if (row[i] >= 0 && species_of_type_[type[i]] >= 0) {
      eval_index_[i] = int(atom_of_.size());
      atom_of_.push_back(i);
    }
  const std::size_t centres = atom_of_.size();

  mtp::NeighborList &nl = *nl_;
  nl.cutoff = cutoff_;
  nl.offsets.assign(centres + 1, 0);
  nl.neighbors.clear();
  nl.displacements.clear();
  for (std::size_t c = 0; c < centres; ++c) {
    const int i = atom_of_[c];
    const int *jlist = list->firstneigh[i];
    const int jnum = list->numneigh[i];
    for (int jj = 0; jj < jnum; ++jj) {
      const int j = jlist[jj] & NEIGHMASK;
      if (species_of_type_[type[j]] < 0) continue;
      const mtp::Vec3 d{x[j][0] - x[i][0], x[j][1] - x[i][1], x[j][2] - x[i][2]};
      if (mtp::norm2(d) >= cut2) continue;
      if (mtp::norm2(d) == 0.0)  // named by LAMMPS atom IDs; the evaluator knows only its own numbering
        error->one(FLERR, "atoms with IDs {} and {} are at one position ({}, {}, {})", atom->tag[i], atom->tag[j],
                   x[i][0], x[i][1], x[i][2]);
      if (eval_index_[j] < 0) {
        eval_index_[j] = int(atom_of_.size());
        atom_of_.push_back(j);
      }
      nl.neighbors.push_back(eval_index_[j]);
      nl.displacements.push_back(d);
    }
    nl.offsets[c + 1] = nl.neighbors.size();
  }
  types_.resize(atom_of_.size());
  for (std::size_t k = 0; k < atom_of_.size(); ++k) types_[k] = species_of_type_[type[atom_of_[k]]];
}

void PairOpenMTP::compute(int eflag, int vflag) {
  ev_init(eflag, vflag);
  fill_neighbor_list();
  try {
    evaluator_->compute_sites(*nl_, types_.data(), *sites_);
  } catch (const std::exception &e) {
    error->one(FLERR, e.what());
  }
  apply_forces(eflag, vflag);
  if (extrapolation_ && update->ntimestep % extrapolation_->settings().every == 0 &&
      graded_step_ != update->ntimestep)
    grade_step();
  if (!settings_.write_cfgs_path.empty() && evaluations_++ % (long(settings_.write_cfgs_skip) + 1) == 0)
    write_configuration();
}

void PairOpenMTP::write_configuration() {
  try {
    openmtp_lammps::write_evaluated_configuration(lmp, settings_.write_cfgs_path, species_of_type_, *evaluator_,
                                                  /*append=*/evaluations_ > 1);
  } catch (const std::exception &e) {
    error->one(FLERR, e.what());
  }
}

void PairOpenMTP::apply_forces(int /*eflag*/, int /*vflag*/) {
  const int nlocal = atom->nlocal;
  const int nall = nlocal + atom->nghost;
  const bool newton = force->newton_pair != 0;
  double **f = atom->f;
  const mtp::NeighborList &nl = *nl_;
  const std::size_t centres = nl.centers();

  if (!newton) ghost_forces_.assign(3 * std::size_t(nall), 0.0);
  for (std::size_t c = 0; c < centres; ++c) {
    const int i = atom_of_[c];
    double w[6] = {0, 0, 0, 0, 0, 0};  // this centre's virial: -sum g (x) r, off-diagonals symmetrised
    for (std::size_t k = nl.offsets[c]; k < nl.offsets[c + 1]; ++k) {
      const int j = atom_of_[nl.neighbors[k]];
      const mtp::Vec3 &g = sites_->pair_gradients[k];
      const mtp::Vec3 &r = nl.displacements[k];
      f[i][0] += g.x;
      f[i][1] += g.y;
      f[i][2] += g.z;
      if (newton || j < nlocal) {
        f[j][0] -= g.x;
        f[j][1] -= g.y;
        f[j][2] -= g.z;
      } else {
        ghost_forces_[3 * j] -= g.x;
        ghost_forces_[3 * j + 1] -= g.y;
        ghost_forces_[3 * j + 2] -= g.z;
      }
      if (vflag_either) {
        w[0] -= r.x * g.x;
        w[1] -= r.y * g.y;
        w[2] -= r.z * g.z;
        w[3] -= 0.5 * (r.x * g.y + r.y * g.x);
        w[4] -= 0.5 * (r.x * g.z + r.z * g.x);
        w[5] -= 0.5 * (r.y * g.z + r.z * g.y);
      }
    }
    const double e = sites_->site_energies[c];
    if (eflag_global) eng_vdwl += e;
    if (eflag_atom) eatom[i] += e;
    if (vflag_global)
      for (int a = 0; a < 6; ++a) virial[a] += w[a];
    if (vflag_atom)
      for (int a = 0; a < 6; ++a) vatom[i][a] += w[a];
  }
  if (!newton) {
    // Ghost atoms' forces belong to their owners: send them back (LAMMPS does this for f only with newton on).
    comm->reverse_comm_pair(this);
    for (int i = 0; i < nlocal; ++i) {
      f[i][0] += ghost_forces_[3 * i];
      f[i][1] += ghost_forces_[3 * i + 1];
      f[i][2] += ghost_forces_[3 * i + 2];
    }
  }
}

int PairOpenMTP::pack_reverse_comm(int n, int first, double *buf) {
  int m = 0;
  for (int i = first; i < first + n; ++i) {
    buf[m++] = ghost_forces_[3 * i];
    buf[m++] = ghost_forces_[3 * i + 1];
    buf[m++] = ghost_forces_[3 * i + 2];
  }
  return m;
}

void PairOpenMTP::unpack_reverse_comm(int n, int *list_, double *buf) {
  int m = 0;
  for (int k = 0; k < n; ++k) {
    const int j = list_[k];
    ghost_forces_[3 * j] += buf[m++];
    ghost_forces_[3 * j + 1] += buf[m++];
    ghost_forces_[3 * j + 2] += buf[m++];
  }
}

void PairOpenMTP::grade_step() {
  std::vector<double> centre_grades;
  double grade = 0.0;
  try {
    grade = extrapolation_->grade(*nl_, types_.data(), (long long)atom->natoms, centre_grades);
  } catch (const std::exception &e) {
    error->one(FLERR, e.what());
  }
  graded_step_ = update->ntimestep;
  last_grade_ = grade;
  // compute pair sums pvector over ranks: the grade, known to every rank, is reported by rank 0 only.
  pvector[0] = comm->me == 0 ? grade : 0.0;
  atom_grades_.assign(atom->nlocal, 0.0);
  for (std::size_t c = 0; c < centre_grades.size(); ++c) atom_grades_[atom_of_[c]] = centre_grades[c];

  if (extrapolation_->should_save(grade)) {
    try {
      openmtp_lammps::append_configuration(lmp, extrapolation_->settings().save_path, species_of_type_,
                                           atom_grades_, extrapolation_->per_neighborhood(), grade);
    } catch (const std::exception &e) {
      error->one(FLERR, e.what());
    }
  }
  if (extrapolation_->should_break(grade))
    error->all(FLERR, "Breaking threshold exceeded (MV-grade: {:.6f} > {} at step {})", grade,
               extrapolation_->settings().threshold_break, update->ntimestep);
}

double PairOpenMTP::memory_usage() {
  double bytes = Pair::memory_usage();
  bytes += double(nl_->neighbors.capacity()) * (sizeof(int) + sizeof(mtp::Vec3) * 2);
  bytes += double(eval_index_.capacity() + atom_of_.capacity() + types_.capacity()) * sizeof(int);
  bytes += double(ghost_forces_.capacity() + atom_grades_.capacity()) * sizeof(double);
  return bytes;
}
