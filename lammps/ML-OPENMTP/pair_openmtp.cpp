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

#include "openmtp/files.hpp"

using namespace LAMMPS_NS;

PairOpenMTP::PairOpenMTP(LAMMPS *lmp) : Pair(lmp) {
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
    openmtp::Potential potential = openmtp::load_potential(path);
    extrapolation_.reset();
    if (settings_.extrapolation.enabled) {
      if (settings_.extrapolation.state_path.empty()) settings_.extrapolation.state_path = path;
      extrapolation_ = std::make_unique<openmtp_lammps::ExtrapolationControl>(settings_.extrapolation, world);
      // MLIP-2 evaluates with the potential stored in the .als, whatever mtp-filename says.
      const openmtp::Potential &state_potential = extrapolation_->evaluator().potential();
      if (state_potential.parameters() != potential.parameters() ||
          state_potential.species_count != potential.species_count) {
        potential = state_potential;
        replaced_by_state = true;
      }
    }
    // LAMMPS atoms carry no collinear moment the pair style could read (MLIP-3's interface stops here too).
    if (potential.is_magnetic())
      throw openmtp::Error(path + ": a magnetic MTP (magnetic_basis_type) needs a moment per atom, which this pair "
                              "style does not read; evaluate it with mlp calc-efs or Python");
    evaluator_ = std::make_unique<openmtp::Evaluator>(potential);
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
  // `pair_coeff * * [pot.mtp] [species of each type]`: the library splits and maps the words (element names
  // where the potential records them, 0-based indices as in LAMMPS ML-MTP, NULL).
  const std::vector<std::string> given = words(narg - 2, arg + 2);
  openmtp::PairCoeffWords w;
  try {
    w = openmtp::split_pair_coeff_words(
        given, ntypes, evaluator_ ? evaluator_->potential().species_names : std::vector<std::string>{});
  } catch (const std::exception &e) {
    error->all(FLERR, "pair_coeff: {}", e.what());
  }
  if (!w.potential_path.empty()) {
    if (!settings_.potential_path.empty() && settings_.potential_path != w.potential_path && comm->me == 0)
      error->warning(FLERR, "pair_coeff potential {} replaces {}", w.potential_path, settings_.potential_path);
    settings_.potential_path = w.potential_path;
    if (settings_.extrapolation.enabled) settings_.extrapolation.state_path = w.potential_path;
    load_potential(w.potential_path);
  }
  if (!evaluator_) error->all(FLERR, "No potential: give it to pair_style or as pair_coeff * * pot.mtp");
  try {
    const openmtp::Potential &potential = evaluator_->potential();
    host_.set_species_of_type(openmtp::species_of_types(w.type_words, ntypes, potential.species_count,
                                                            potential.species_names));
  } catch (const std::exception &e) {
    error->all(FLERR, "pair_coeff: {}", e.what());
  }
  const std::vector<int> &species = host_.species_of_type();
  int count = 0;
  for (int i = 1; i <= ntypes; ++i)
    for (int j = i; j <= ntypes; ++j)
      if (species[i] >= 0 && species[j] >= 0) {
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
  // LAMMPS from 24 Mar 2022 on (the package's CMake and the 2025 plugin define this).
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

void PairOpenMTP::compute(int eflag, int vflag) {
  ev_init(eflag, vflag);
  const bool newton = force->newton_pair != 0;
  openmtp::HostTotals totals;
  try {
    const tagint *tag = atom->tag;
    host_.fill(openmtp::HostAtoms{atom->nlocal, atom->nghost, atom->x, atom->type,
                                      [tag](int k) { return (long long)tag[k]; }},
               openmtp::HostFullList{list->inum, list->ilist, list->numneigh, list->firstneigh, NEIGHMASK},
               cutoff_);
    host_.evaluate(*evaluator_);
    // The virial is summed from the pair gradients (no fdotr), exact with newton on or off.
    totals = host_.assemble(openmtp::HostOutput{atom->f, eflag_atom ? eatom : nullptr,
                                                    vflag_atom ? vatom : nullptr, vflag_global != 0, newton});
  } catch (const std::exception &e) {
    error->one(FLERR, e.what());
  }
  if (eflag_global) eng_vdwl += totals.energy;
  if (vflag_global)
    for (int a = 0; a < 6; ++a) virial[a] += totals.virial[a];
  if (!newton) {
    // Ghost atoms' forces belong to their owners: LAMMPS sends f back only with newton on, so the style does.
#ifdef OPENMTP_LAMMPS_NEW_NEIGHBOR_API
    comm->reverse_comm(this);
#else
    comm->reverse_comm_pair(this);
#endif
    host_.add_ghost_forces_to_owned(atom->f);
  }
  if (extrapolation_ && update->ntimestep % extrapolation_->settings().every == 0 &&
      graded_step_ != update->ntimestep)
    grade_step();
  if (!settings_.write_cfgs_path.empty() && evaluations_++ % (long(settings_.write_cfgs_skip) + 1) == 0)
    write_configuration();
}

void PairOpenMTP::write_configuration() {
  try {
    openmtp_lammps::write_evaluated_configuration(lmp, settings_.write_cfgs_path, host_.species_of_type(), *evaluator_,
                                                  /*append=*/evaluations_ > 1);
  } catch (const std::exception &e) {
    error->one(FLERR, e.what());
  }
}

int PairOpenMTP::pack_reverse_comm(int n, int first, double *buf) { return host_.pack_ghost_forces(n, first, buf); }

void PairOpenMTP::unpack_reverse_comm(int n, int *atoms, double *buf) { host_.unpack_ghost_forces(n, atoms, buf); }

void PairOpenMTP::grade_step() {
  std::vector<double> centre_grades;
  double grade = 0.0;
  try {
    grade = extrapolation_->grade(host_.neighbor_list(), host_.list_species().data(), (long long)atom->natoms,
                                  centre_grades);
  } catch (const std::exception &e) {
    error->one(FLERR, e.what());
  }
  graded_step_ = update->ntimestep;
  last_grade_ = grade;
  // compute pair sums pvector over ranks: the grade, known to every rank, is reported by rank 0 only.
  pvector[0] = comm->me == 0 ? grade : 0.0;
  atom_grades_.assign(atom->nlocal, 0.0);
  for (std::size_t c = 0; c < centre_grades.size(); ++c) atom_grades_[host_.atom_of(c)] = centre_grades[c];

  if (extrapolation_->should_save(grade)) {
    try {
      openmtp_lammps::append_configuration(lmp, extrapolation_->settings().save_path, host_.species_of_type(),
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
  return Pair::memory_usage() + double(host_.memory_bytes()) + double(atom_grades_.capacity()) * sizeof(double);
}
