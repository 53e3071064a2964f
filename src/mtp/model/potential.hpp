#pragma once
#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "mtp/core/species_name.hpp"

namespace mtp {

// The radial basis of an MTP: Q_k(r) = scaling * T_k(xi) * (max_dist - r)^2 for r < max_dist,
// xi = (2r - (min_dist + max_dist)) / (max_dist - min_dist) (MLIP-2's RBChebyshev; spec 3.1).
struct RadialBasisSpec {
  std::string type = "RBChebyshev";
  double min_dist = 2.0;
  double max_dist = 5.0;
  int size = 8;  // radial_basis_size R
};

// MLIP-3's magnetic basis (magnetic_basis_type): M functions of an atom's collinear magnetic moment, any of
// the radial basis types on [min_val, max_val] with its own scaling. Absent (size 0) for an ordinary MTP.
// With it every radial function of a pair (i, j) is a combination of the R * M * M products
// Q_xi(r) T_a(m_i) T_b(m_j), coefficient index (xi * M + a) * M + b (MLIP-3's order).
struct MagneticBasisSpec {
  std::string type;
  double min_val = 0.0;
  double max_val = 0.0;
  int size = 0;  // basis_size M; 0 = no magnetic basis
  double scaling = 1.0;
  bool present() const { return size > 0; }
};

// The moment tables of an .mtp file (spec 2.3): basic moments {mu, a, b, c}, products {i, j, mult, k}
// applied in order, and the indices of the scalar moments that form the basis B_1..B_m.
struct MomentTables {
  int moments_count = 0;                 // alpha_moments_count
  std::vector<std::array<int, 4>> basic; // alpha_index_basic: mu, a, b, c
  std::vector<std::array<int, 4>> times; // alpha_index_times: i, j, mult, k
  std::vector<int> scalar_moments;       // alpha_moment_mapping
};

// A Moment Tensor Potential: what an .mtp file holds. Plain data; io/mtp_file reads and writes it,
// model/evaluator evaluates it. Parameters are kept in MLIP-2's order (see parameters()).
struct Potential {
  std::string name = "MTP1m";  // potential_name
  std::string tag;             // potential_tag, without the species names recorded in it
  int species_count = 1;
  // The element (or other name) of each species type 0..species_count-1, e.g. {"Na", "Cl"}: the one order
  // that maps the names in configuration files to type numbers. Empty when the potential does not record
  // them (MLIP-2's and MLIP-3's own files); else exactly species_count distinct names. io/mtp_file keeps
  // them in the potential_tag line, the one free-text line MLIP-2, MLIP-3 and LAMMPS read and skip.
  std::vector<std::string> species_names;
  double scaling = 1.0;
  RadialBasisSpec radial;
  MagneticBasisSpec magnetic;
  int radial_funcs_count = 1;  // K
  MomentTables moments;
  // radial_coeffs[((ci * C + cj) * K + mu) * B + b] with B = pair_basis_size() (R, or R * M * M with a magnetic
  // basis); species_coeffs[C]; moment_coeffs[m].
  std::vector<double> radial_coeffs;
  std::vector<double> species_coeffs;
  std::vector<double> moment_coeffs;
  bool trained = false;  // radial and linear coefficients were in the file

  double cutoff() const { return radial.max_dist; }
  bool is_magnetic() const { return magnetic.present(); }
  // Coefficients per radial function: R, times M * M for a magnetic potential.
  int pair_basis_size() const { return radial.size * (is_magnetic() ? magnetic.size * magnetic.size : 1); }
  std::size_t radial_parameter_count() const {
    return std::size_t(species_count) * species_count * radial_funcs_count * pair_basis_size();
  }
  std::size_t parameter_count() const {
    return radial_parameter_count() + species_count + moments.scalar_moments.size();
  }
  // theta = (radial coefficients, species coefficients, moment coefficients): the order .als files and
  // training use.
  std::vector<double> parameters() const;
  void set_parameters(const std::vector<double>& theta);
  // MLIP-2's defaults for an untrained potential (spec 2.3): radial 1e-6 everywhere and 1e-3 at
  // [mu][mu] for mu < R (what MLIP-2's [mu][min(mu, R)] amounts to), linear coefficients 1e-3. A magnetic
  // potential (MLIP-3 only) gets MLIP-3's defaults instead (potential.cpp). Sizes all coefficient arrays.
  void set_untrained_defaults();
  // Throws mtp::Error when tables and coefficient sizes disagree, indices are out of range or
  // species_names is neither empty nor species_count valid distinct names.
  void validate() const;
  // Type number of a species name, -1 when the potential does not record it (or records no names).
  int species_type(const std::string& name) const;
};

// A species name fit to record and to appear in configuration files: a letter, then letters, digits, '_',
// '+' or '-' (element symbols, LAMMPS type labels such as "Na+" or "O_w"), at most 32 characters.
bool is_valid_species_name(const std::string& name);

}  // namespace mtp
