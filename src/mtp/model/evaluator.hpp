#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/core/mat3.hpp"
#include "mtp/core/neighbor_list.hpp"
#include "mtp/core/vec3.hpp"
#include "mtp/model/atom_attributes.hpp"
#include "mtp/model/kernel_isa.hpp"
#include "mtp/model/potential.hpp"

namespace mtp {

// What one evaluation over a neighbour list returns. Index spaces: centres i = 0..nl.centers()-1; pairs
// k = nl.offsets[i] .. nl.offsets[i+1]-1 (same order as the list).
struct SiteResults {
  std::vector<double> site_energies;  // V_i, per centre
  // dV_i / d r_ij for each pair k (r_ij = displacement k). Forces follow as F_i += g, F_j -= g;
  // the virial as W -= g (x) r_ij. Callers with ghost atoms (LAMMPS) assemble these themselves.
  std::vector<Vec3> pair_gradients;
  // Magnetic potentials only (empty otherwise): dV_i/dm_i per centre, and dV_i/dm_j for each pair k (j the
  // pair's neighbour index). dE/dm of an atom is its own entry plus those of the pairs that name it.
  std::vector<double> centre_moment_derivatives;
  std::vector<double> pair_moment_derivatives;
};

// What a whole configuration's evaluation returns.
struct EfsResults {
  double energy = 0.0;
  std::vector<Vec3> forces;           // -dE/dx
  Mat3 virial;                        // PlusStress convention: W = -sum g_ij (x) r_ij, eV
  std::vector<double> site_energies;
  std::vector<Mat3> atom_virials;     // per centre, same convention (LAMMPS's per-atom virial, eV)
  std::vector<double> moment_derivatives;  // dE/dm per atom (MLIP-3's en_der_mx); magnetic potentials only
};

// Evaluates a Potential. Construction precomputes the tables; evaluation is const and thread-safe
// (each call uses its own scratch space), and its results do not depend on the thread count.
class Evaluator {
 public:
  explicit Evaluator(const Potential& potential);
  const Potential& potential() const { return potential_; }
  double cutoff() const { return potential_.cutoff(); }

  // Threads one evaluation may use (1 by default; 0 = std::thread::hardware_concurrency()). Centres are
  // split into fixed blocks and every sum runs in a fixed order, so results do not depend on this.
  void set_threads(int threads);
  int threads() const { return threads_; }

  // The instruction-set path of the kernel (default: default_kernel_isa()); throws mtp::Error for one this
  // CPU does not run. Paths agree to rounding (model/kernel_isa.hpp).
  void set_kernel_isa(KernelIsa isa);
  KernelIsa kernel_isa() const { return kernel_isa_; }

  // Site energies and pair gradients over a neighbour list from anywhere. `atoms` (types, and moments for a
  // magnetic potential) is indexed by the centre index and by every neighbour index appearing in the list.
  void compute_sites(const NeighborList& nl, AtomAttributes atoms, SiteResults& out) const;

  // Energy, forces, virial, site energies and per-atom virials of a configuration (and dE/dm for a magnetic
  // potential, whose moments are the configuration's magmom_x: model/magnetic_moments).
  EfsResults compute(const Configuration& cfg) const;
  // Writes energy, forces and virial (and site energies, and en_der for a magnetic potential) into cfg,
  // replacing what it held.
  void compute_into(Configuration& cfg) const;

  // dE/dtheta (size parameter_count(), MLIP-2's parameter order) of the whole configuration.
  std::vector<double> energy_parameter_gradient(const NeighborList& nl, AtomAttributes atoms) const;
  // Adds to `gradient` (parameter_count() entries) the parameter gradient of
  //   J = energy_weight * E - sum_k t_k . dE/dr_k,
  // a directional derivative of the energy with every pair displacement r_k moving along t_k =
  // pair_directions[k] (nl.total() entries). Training needs exactly this: the force and virial parts of a
  // squared-error loss have this form (model/efs_parameter_gradient.hpp), so dF/dtheta is never formed.
  void add_directional_parameter_gradient(const NeighborList& nl, AtomAttributes atoms, double energy_weight,
                                          const Vec3* pair_directions, double* gradient) const;
  // dV_i/dtheta for every centre i, row-major (centres x parameter_count()).
  std::vector<double> site_energy_parameter_gradients(const NeighborList& nl, AtomAttributes atoms) const;

  // The basis functions B_1..B_m (moment_coeffs order) of every centre, row-major (centres x m): what the
  // energy is linear in, for linear fits and selection.
  std::vector<double> site_basis_values(const NeighborList& nl, AtomAttributes atoms) const;

  // Per centre i in order, the basis functions B_a(i) (moment_coeffs order, m values) and their gradients with
  // respect to the centre's pair displacements: visit(i, values, gradients) with gradients[a * n + k] =
  // dB_a(i)/dr_k for the n pairs k of centre i (list order). Forward mode through the products, one centre at a
  // time on the calling thread: what the linear fit's force and virial rows are made of. The pointers are
  // valid during the call only.
  void for_each_site_basis_gradient(
      const NeighborList& nl, AtomAttributes atoms,
      const std::function<void(std::size_t centre, const double* values, const Vec3* gradients)>& visit) const;

  // Throws mtp::Error unless every type in `atoms` (for centres and their neighbours) is a species of the
  // potential, and a magnetic potential has moments.
  void check_types(const NeighborList& nl, AtomAttributes atoms) const;

  struct Tables;  // precomputed index tables (evaluator.cpp)

 private:
  Potential potential_;
  std::shared_ptr<const Tables> tables_;
  int threads_ = 1;
  KernelIsa kernel_isa_ = KernelIsa::baseline;
};

}  // namespace mtp
