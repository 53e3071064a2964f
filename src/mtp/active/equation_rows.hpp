#pragma once
#include <cstddef>
#include <vector>

#include "mtp/active/maxvol.hpp"
#include "mtp/active/selection_weights.hpp"
#include "mtp/core/configuration.hpp"
#include "mtp/core/neighbor_list.hpp"
#include "mtp/model/evaluator.hpp"

namespace mtp::active {

// Equation numbering within a configuration of N atoms (MLIP-3's, used in .almtp files): 0 energy,
// 1 + 3i + a force component a of atom i, 3N + 1 + 3a + b stress component ab, 3N + 10 + i site energy of
// atom i.
inline int energy_equation() { return 0; }
inline int force_equation(std::size_t atoms, std::size_t i, int a) { (void)atoms; return int(1 + 3 * i + std::size_t(a)); }
inline int stress_equation(std::size_t atoms, int a, int b) { return int(3 * atoms + 1 + std::size_t(3 * a + b)); }
inline int site_energy_equation(std::size_t atoms, std::size_t i) { return int(3 * atoms + 10 + i); }

// The rows one configuration contributes to the active-set matrix: gradients of its selected equations
// with respect to all parameters theta, weighted, in MLIP-2's order (site energies, energy, forces, stress).
struct EquationRows {
  RowMatrix values;             // rows x parameter_count
  std::vector<int> equations;   // equation number of each row (see above)
  std::size_t size() const { return equations.size(); }
};

// Rows of a configuration under `weights`. Energy and site-energy rows are analytic (the evaluator's
// parameter gradients); force and stress rows are central finite differences of dE/dtheta in positions and
// strain (step 1e-5 Angstrom / 1e-5 strain), which agree with the analytic derivatives to about 1e-9
// relative and cost 6N + 18 gradient evaluations. An empty configuration has no rows.
EquationRows equation_rows(const Evaluator& evaluator, const Configuration& cfg, const SelectionWeights& weights);

// Rows from a neighbour list built elsewhere (LAMMPS, Python): site-energy rows and the energy row only.
// `types` covers every index in the list; `atoms` is the number of centres (the N of the weights).
EquationRows equation_rows(const Evaluator& evaluator, const NeighborList& nl, AtomAttributes types,
                           const SelectionWeights& weights);

}  // namespace mtp::active
