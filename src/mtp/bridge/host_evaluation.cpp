#include "mtp/bridge/host_evaluation.hpp"

#include <string>

#include "mtp/core/error.hpp"

namespace mtp::bridge {

void HostEvaluation::set_species_of_type(std::vector<int> species_of_type) {
  species_of_type_ = std::move(species_of_type);
}

// Centres come first in atom order and neighbours follow in order of first appearance, so without
// unhandled types the list indices of owned atoms are their host indices: the walk stays cache-friendly.
void HostEvaluation::fill(const HostAtoms& atoms, const HostFullList& list, double cutoff) {
  const int nlocal = atoms.nlocal;
  const int nall = nlocal + atoms.nghost;
  nlocal_ = nlocal;
  const auto species = [&](int i) {
    const int t = atoms.type[i];
    if (t < 0 || std::size_t(t) >= species_of_type_.size())
      throw Error("atom " + std::to_string(i) + " has type " + std::to_string(t) + ", outside the " +
                  std::to_string(species_of_type_.empty() ? 0 : species_of_type_.size() - 1) +
                  " types mapped to species");
    return species_of_type_[t];
  };

  std::vector<int> row(nlocal, -1);
  for (int ii = 0; ii < list.inum; ++ii)
    if (list.ilist[ii] >= 0 && list.ilist[ii] < nlocal) row[list.ilist[ii]] = ii;

  list_index_.assign(nall, -1);
  atom_of_.clear();
  for (int i = 0; i < nlocal; ++i)
    if (row[i] >= 0 && species(i) >= 0) {
      list_index_[i] = int(atom_of_.size());
      atom_of_.push_back(i);
    }
  const std::size_t centres = atom_of_.size();

  const double cut2 = cutoff * cutoff;
  nl_.cutoff = cutoff;
  nl_.offsets.assign(centres + 1, 0);
  nl_.neighbors.clear();
  nl_.displacements.clear();
  for (std::size_t c = 0; c < centres; ++c) {
    const int i = atom_of_[c];
    const int* jlist = list.firstneigh[i];
    const int jnum = list.numneigh[i];
    const double* xi = atoms.x[i];
    for (int jj = 0; jj < jnum; ++jj) {
      const int j = jlist[jj] & list.neighbor_mask;
      if (j < 0 || j >= nall) throw Error("neighbour " + std::to_string(j) + " of atom " + std::to_string(i) +
                                          " is not one of the " + std::to_string(nall) + " atoms");
      if (species(j) < 0) continue;
      const double* xj = atoms.x[j];
      const Vec3 d{xj[0] - xi[0], xj[1] - xi[1], xj[2] - xi[2]};
      if (norm2(d) >= cut2) continue;
      if (norm2(d) == 0.0) {  // named by the host's IDs: the evaluator's own numbering means nothing to a user
        auto name = [&](int k) { return std::to_string(atoms.id ? atoms.id(k) : (long long)k); };
        throw Error("atoms with IDs " + name(i) + " and " + name(j) + " are at one position (" + std::to_string(xi[0]) +
                    ", " + std::to_string(xi[1]) + ", " + std::to_string(xi[2]) + ")");
      }
      if (list_index_[j] < 0) {
        list_index_[j] = int(atom_of_.size());
        atom_of_.push_back(j);
      }
      nl_.neighbors.push_back(list_index_[j]);
      nl_.displacements.push_back(d);
    }
    nl_.offsets[c + 1] = nl_.neighbors.size();
  }
  species_.resize(atom_of_.size());
  for (std::size_t k = 0; k < atom_of_.size(); ++k) species_[k] = species(atom_of_[k]);
}

void HostEvaluation::evaluate(const Evaluator& evaluator) { evaluator.compute_sites(nl_, species_.data(), sites_); }

HostTotals HostEvaluation::assemble(const HostOutput& out) {
  HostTotals totals;
  const bool virial = out.want_virial || out.vatom != nullptr;
  if (!out.newton) ghost_forces_.assign(3 * list_index_.size(), 0.0);
  double* const* f = out.f;
  for (std::size_t c = 0; c < nl_.centers(); ++c) {
    const int i = atom_of_[c];
    double w[6] = {0, 0, 0, 0, 0, 0};
    for (std::size_t k = nl_.offsets[c]; k < nl_.offsets[c + 1]; ++k) {
      const int j = atom_of_[nl_.neighbors[k]];
      const Vec3& g = sites_.pair_gradients[k];
      f[i][0] += g.x;
      f[i][1] += g.y;
      f[i][2] += g.z;
      if (out.newton || j < nlocal_) {
        f[j][0] -= g.x;
        f[j][1] -= g.y;
        f[j][2] -= g.z;
      } else {
        ghost_forces_[3 * j] -= g.x;
        ghost_forces_[3 * j + 1] -= g.y;
        ghost_forces_[3 * j + 2] -= g.z;
      }
      if (virial) {
        const Vec3& r = nl_.displacements[k];
        w[0] -= r.x * g.x;
        w[1] -= r.y * g.y;
        w[2] -= r.z * g.z;
        w[3] -= 0.5 * (r.x * g.y + r.y * g.x);
        w[4] -= 0.5 * (r.x * g.z + r.z * g.x);
        w[5] -= 0.5 * (r.y * g.z + r.z * g.y);
      }
    }
    const double e = sites_.site_energies[c];
    totals.energy += e;
    if (out.eatom) out.eatom[i] += e;
    for (int a = 0; a < 6; ++a) totals.virial[a] += w[a];
    if (out.vatom)
      for (int a = 0; a < 6; ++a) out.vatom[i][a] += w[a];
  }
  return totals;
}

int HostEvaluation::pack_ghost_forces(int n, int first, double* buf) const {
  int m = 0;
  for (int i = first; i < first + n; ++i) {
    const bool have = std::size_t(3 * i + 2) < ghost_forces_.size();
    buf[m++] = have ? ghost_forces_[3 * i] : 0.0;
    buf[m++] = have ? ghost_forces_[3 * i + 1] : 0.0;
    buf[m++] = have ? ghost_forces_[3 * i + 2] : 0.0;
  }
  return m;
}

void HostEvaluation::unpack_ghost_forces(int n, const int* atoms, const double* buf) {
  int m = 0;
  for (int k = 0; k < n; ++k) {
    const std::size_t j = std::size_t(atoms[k]);
    if (3 * j + 2 >= ghost_forces_.size()) ghost_forces_.resize(3 * (j + 1), 0.0);
    ghost_forces_[3 * j] += buf[m++];
    ghost_forces_[3 * j + 1] += buf[m++];
    ghost_forces_[3 * j + 2] += buf[m++];
  }
}

void HostEvaluation::add_ghost_forces_to_owned(double* const* f) const {
  for (int i = 0; i < nlocal_ && std::size_t(3 * i + 2) < ghost_forces_.size(); ++i) {
    f[i][0] += ghost_forces_[3 * i];
    f[i][1] += ghost_forces_[3 * i + 1];
    f[i][2] += ghost_forces_[3 * i + 2];
  }
}

std::size_t HostEvaluation::memory_bytes() const {
  return nl_.neighbors.capacity() * (sizeof(int) + 2 * sizeof(Vec3)) +
         (list_index_.capacity() + atom_of_.capacity() + species_.capacity()) * sizeof(int) +
         (ghost_forces_.capacity() + sites_.site_energies.capacity()) * sizeof(double);
}

}  // namespace mtp::bridge
