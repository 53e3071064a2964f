#pragma once
#include <functional>
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/relax/efs_function.hpp"

namespace mtp::learn {

// Small in-process dynamics for the exploration stage where LAMMPS is not wanted (tests, tiny
// cells) and for making reference trajectories with any energy function. Metal units: A, fs, eV, amu, K, GPa.
struct MdParameters {
  std::vector<double> masses;     // amu, per species type
  double temperature = 300.0;     // K: initial velocities and the Langevin thermostat
  double end_temperature = -1.0;  // K: the thermostat's target at the last step, linear in between (< 0: constant)
  double pressure_gpa = 0.0;      // used when `barostat`
  bool barostat = false;          // isotropic Berendsen cell scaling towards pressure_gpa
  int steps = 1000;
  double timestep = 1.0;          // fs
  double thermostat_damping = 100.0;  // fs
  double barostat_damping = 1000.0;   // fs
  unsigned long long seed = 1;
  int observe_every = 1;          // steps between observer calls (step 0 included)
};

// Called with the current configuration (energy, forces, virial filled) and the step; returns false to end
// the run early.
using MdObserver = std::function<bool(const Configuration& cfg, int step)>;

// Langevin dynamics (BAOAB splitting) from `start`; velocities drawn from Maxwell-Boltzmann at the
// temperature with zero total momentum. Deterministic for a given seed. Returns the number of steps run;
// `last`, when given, receives the configuration the run ended with (an early end included).
int run_md(const Configuration& start, const EfsFunction& efs, const MdParameters& p, const MdObserver& observe,
           Configuration* last = nullptr);

// Unit conversions of the dynamics: kinetic energy of amu A^2/fs^2 in eV; Boltzmann constant in eV/K.
constexpr double kMvv2e = 103.64269;  // amu A^2 / fs^2 -> eV
constexpr double kBoltzmann = 8.617333262e-5;

}  // namespace mtp::learn
