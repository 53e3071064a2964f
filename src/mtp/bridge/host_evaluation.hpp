#pragma once
// The library side of an MD code that keeps atoms as owned ("local") atoms plus ghost copies (LAMMPS):
// its full neighbour list becomes an mtp::NeighborList, the Evaluator's site energies and pair gradients
// become forces, per-atom energies, per-atom virials and the global virial in the host's arrays, and, when
// the host does not send ghost forces back itself (LAMMPS with newton off), the ghost atoms' forces are kept
// here for the host's reverse communication. The LAMMPS pair styles (lammps/ML-OPENMTP) are thin layers over
// this; it knows nothing of LAMMPS, so unit tests drive it with a host they emulate.
#include <cstddef>
#include <functional>
#include <vector>

#include "mtp/core/neighbor_list.hpp"
#include "mtp/model/evaluator.hpp"

namespace mtp::bridge {

// The host's atoms: nlocal owned atoms first, then nghost ghost atoms. x[i][0..2] (Angstrom) and type[i]
// (the host's type numbering, an index into the species-of-type table) for every i < nlocal + nghost.
struct HostAtoms {
  int nlocal = 0;
  int nghost = 0;
  const double* const* x = nullptr;
  const int* type = nullptr;
  // The host's ID of atom i (LAMMPS's tag), used only to name atoms in messages; empty: the index i.
  std::function<long long(int)> id;
};

// The host's full neighbour list (LAMMPS's NeighList): rows ilist[0..inum), row i has numneigh[i] entries
// firstneigh[i][k] & neighbor_mask (the host may keep flags in the high bits). Neighbours may lie beyond the
// cutoff (a skin): those are dropped.
struct HostFullList {
  int inum = 0;
  const int* ilist = nullptr;
  const int* numneigh = nullptr;
  const int* const* firstneigh = nullptr;
  int neighbor_mask = ~0;
};

// Where the host wants results. Forces are added (f[i][0..2] for every owned and ghost atom); eatom (per
// owned atom) and vatom (per owned atom, xx yy zz xy xz yz) are added to when not null.
struct HostOutput {
  double* const* f = nullptr;
  double* eatom = nullptr;
  double* const* vatom = nullptr;
  bool want_virial = false;  // global virial in HostTotals (also implied by vatom)
  // true: forces on ghost atoms go into f (the host sums them into their owners: LAMMPS's newton on);
  // false: they are kept here, for pack/unpack_ghost_forces and add_ghost_forces_to_owned.
  bool newton = true;
};

struct HostTotals {
  double energy = 0.0;
  double virial[6] = {0, 0, 0, 0, 0, 0};  // xx yy zz xy xz yz, -sum g (x) r, off-diagonals symmetrised
};

class HostEvaluation {
 public:
  // species_of_type[t]: the potential's 0-based species of host type t, or -1 when the atoms of that type
  // are left to another potential (they are neither centres nor neighbours).
  void set_species_of_type(std::vector<int> species_of_type);
  const std::vector<int>& species_of_type() const { return species_of_type_; }

  // Fills the neighbour list: centres are the listed owned atoms whose type is handled, in atom order;
  // neighbours are handled atoms strictly closer than `cutoff`, r_ij = x_j - x_i.
  void fill(const HostAtoms& atoms, const HostFullList& list, double cutoff);
  // Site energies and pair gradients of the filled list.
  void evaluate(const Evaluator& evaluator);
  // Adds forces, per-atom energies and virials to the host's arrays and returns the rank's energy and virial.
  HostTotals assemble(const HostOutput& out);

  // Newton off: the reverse communication of ghost forces, 3 values per atom. pack for ghosts first..first+n-1,
  // unpack adds what arrives to the atoms in `atoms` (owned atoms, or ghosts forwarded further by the host).
  int pack_ghost_forces(int n, int first, double* buf) const;
  void unpack_ghost_forces(int n, const int* atoms, const double* buf);
  // After the reverse communication: the forces that arrived for owned atoms, added to f.
  void add_ghost_forces_to_owned(double* const* f) const;

  // What fill() and evaluate() produced: centre c is host atom atom_of(c); list index k of the neighbour
  // list is host atom atom_of(k) (centres first, then neighbours in order of first appearance).
  const NeighborList& neighbor_list() const { return nl_; }
  const std::vector<int>& list_species() const { return species_; }
  int atom_of(std::size_t k) const { return atom_of_[k]; }
  const SiteResults& sites() const { return sites_; }
  std::size_t memory_bytes() const;

 private:
  std::vector<int> species_of_type_;
  NeighborList nl_;
  SiteResults sites_;
  int nlocal_ = 0;
  std::vector<int> list_index_;  // host atom -> index in nl_, -1 when not in it
  std::vector<int> atom_of_;     // index in nl_ -> host atom
  std::vector<int> species_;     // species by index in nl_
  std::vector<double> ghost_forces_;  // newton off: 3 per host atom
};

}  // namespace mtp::bridge
