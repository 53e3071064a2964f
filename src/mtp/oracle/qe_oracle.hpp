#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mtp/oracle/oracle.hpp"

namespace mtp::oracle {

// Quantum ESPRESSO's pw.x as the reference: an SCF single point with forces and stress (tprnfor, tstress)
// for a configuration periodic in three dimensions. Reads the final energy (Ry -> eV), forces
// (Ry/bohr -> eV/A) and stress (Ry/bohr^3, QE's sign: positive when compressed) times the volume as the
// PlusStress virial (eV). An SCF that did not converge is an error.
struct QeOracleOptions {
  std::vector<std::string> species;                 // element by type index
  std::map<std::string, std::string> pseudopotentials;  // element -> file name in pseudo_dir
  std::string pseudo_dir = "/usr/share/espresso/pseudo";
  double ecutwfc = 0;                               // Ry
  double ecutrho = 0;                               // Ry; 0: QE's default (4 ecutwfc)
  std::vector<int> kpoints;                         // n1 n2 n3; empty: from kspacing
  std::vector<int> kpoints_shift = {0, 0, 0};
  double kspacing = 0.25;                           // 1/A (with the 2 pi), as VASP's KSPACING
  std::string occupations = "smearing";
  std::string smearing = "mv";
  double degauss = 0.02;                            // Ry
  double mixing_beta = 0.7;
  double conv_thr = 1e-8;                           // Ry
  int electron_maxstep = 100;
  std::string control_extra, system_extra, electrons_extra;  // more namelist lines, verbatim
  std::string executable = "pw.x";
  std::string arguments;                            // after the executable, e.g. "-nk 2"
  std::string mpi;                                  // prefix such as "mpirun -np 4"
  bool keep_outdir = false;                         // keep pw.x's charge density and wave functions
  double timeout = 0;                         // s; 0: none
};

class QeOracle : public Oracle {
 public:
  explicit QeOracle(QeOracleOptions options);
  std::string name() const override { return "qe"; }
  void compute(Configuration& cfg, const std::string& workdir) const override;
  // The k-point grid used for a cell (the kpoints key, or ceil(|b_i| / kspacing) with b_i = 2 pi a_i^-T).
  std::vector<int> kpoint_grid(const Mat3& rows) const;

 private:
  QeOracleOptions options_;
};

// QE 6.x's constants (Modules/constants.f90, CODATA 2006): the same numbers pw.x converts the input with.
constexpr double kQeBohrAngstrom = 0.52917720859;
constexpr double kQeRydbergEv = 13.60569193;

// Keys in docs/ORACLES.md.
std::unique_ptr<Oracle> make_qe_oracle(const OracleSettings& settings);

}  // namespace mtp::oracle
