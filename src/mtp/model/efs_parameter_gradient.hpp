#pragma once
#include <array>
#include <cstddef>
#include <memory>
#include <vector>

#include "mtp/core/mat3.hpp"
#include "mtp/core/neighbor_list.hpp"
#include "mtp/core/vec3.hpp"
#include "mtp/model/evaluator.hpp"
#include "mtp/model/potential.hpp"
#include "mtp/model/pair_radial_basis.hpp"

namespace mtp {

// Energy, forces and virial of one configuration, as the trainer needs them (no per-atom extras).
struct ConfigurationEfs {
  double energy = 0.0;
  std::vector<Vec3> forces;  // -dE/dx, one per atom
  Mat3 virial;               // W = -sum g_ij (x) r_ij (PlusStress, eV)
};

// What the linear least-squares fit needs from one configuration: the energy is linear in the species and
// moment coefficients, E = sum_c n_c s_c + sum_a xi_a S_a with S_a = sum_i B_a(i); forces and virial are linear
// in xi through the derivatives of S_a. Columns: C species coefficients, then m moment coefficients.
struct LinearRows {
  std::size_t columns = 0;
  std::vector<double> energy;        // columns
  std::vector<double> forces;        // (3 * atoms) x columns, row-major; row 3*i+d = F_i[d] per unit coefficient
  std::vector<double> virial;        // 9 x columns; row 3*a+b = W[a][b] per unit coefficient
  // What no linear coefficient multiplies (RBChebyshev_repuls's short-range repulsion; zero otherwise):
  // E = energy . coeffs + energy_offset, and likewise per force row (3 * atoms, with forces) and virial row (9).
  double energy_offset = 0.0;
  std::vector<double> force_offsets;
  std::vector<double> virial_offsets;
};

// The model side of training: MTP energies, forces and virials together with the exact gradient of a
// weighted combination of them with respect to every parameter, computed over a neighbour list whose centres
// are atoms 0..atoms-1 and whose neighbour indices are atoms too (a Configuration's list).
//
// The loss of a configuration has force and virial terms, whose parameter gradient needs dF/dtheta. It is
// never formed: for fixed vectors v_i (per atom) and a fixed matrix U,
//   sum_i v_i . dF_i/dtheta + sum_ab U_ab dW_ab/dtheta = -d/dtheta sum_ij g_ij . (v_j - v_i + U r_ij),
// the parameter gradient of a directional derivative of E. One forward pass carrying that tangent through the
// moments, then one reverse pass over the parameters, gives it (spec/performance-notes.md); the Evaluator's
// add_directional_parameter_gradient does both.
class EfsParameterGradient {
 public:
  explicit EfsParameterGradient(const Potential& potential);
  const Potential& potential() const { return potential_; }
  // The parameters theta in MLIP-2's order (radial, species, moment coefficients); setting them keeps the
  // tables and the scaling.
  std::vector<double> parameters() const;
  void set_parameters(const std::vector<double>& theta);
  std::size_t parameter_count() const { return potential_.parameter_count(); }
  void set_scaling(double scaling);

  ConfigurationEfs compute(const NeighborList& nl, AtomAttributes atom_data, std::size_t atoms) const;

  // Adds to `gradient` (size parameter_count()) the parameter gradient of
  //   J = energy_weight * E + sum_i v_i . F_i + sum_ab U_ab W_ab.
  // With energy_weight = 2 w (E - E_ref), v_i = 2 w_i (F_i - F_ref_i), U = 2 w_S (W - W_ref) this is the gradient
  // of the configuration's squared-error loss.
  void add_combination_gradient(const NeighborList& nl, AtomAttributes atom_data, std::size_t atoms,
                                double energy_weight, const std::vector<Vec3>& force_weights,
                                const Mat3& virial_weights, std::vector<double>& gradient) const;

  // The linear rows of one configuration (see LinearRows); forces and virial rows only when asked for.
  LinearRows linear_rows(const NeighborList& nl, AtomAttributes atom_data, std::size_t atoms, bool with_forces,
                         bool with_virial) const;

  // How each basis function scales with the global scaling s: B_a is homogeneous of degree d_a in s (every
  // basic moment has degree 1, products add degrees). Empty when the tables are not homogeneous.
  const std::vector<int>& basis_degrees() const { return basis_degrees_; }

 private:
  Potential potential_;
  PairRadialBasis basis_;  // the potential's radial (and magnetic) basis with its scaling (rebuilt by set_scaling)
  // The library's evaluator of the same potential does every pass: energy/forces/virial, the gradient pass,
  // and the basis values and gradients of the linear rows; rebuilt whenever the parameters change.
  std::shared_ptr<const Evaluator> evaluator_;
  std::vector<int> basis_degrees_;
};

}  // namespace mtp
