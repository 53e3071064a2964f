#pragma once
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "mtp/io/configuration_stream.hpp"
#include "mtp/io/species_order.hpp"

namespace mtp::io {

// Receives the reader's warnings (one line each, without a prefix).
using WarningSink = std::function<void(const std::string&)>;
// Prints "MLIP WARNING: <message>" on standard output, as MLIP-2 does.
void print_mlip_warning(const std::string& message);

// Every ionic step of a VASP OUTCAR, as MLIP-2 converts it: the cell from the last "direct lattice vectors"
// block, Cartesian positions and forces from "POSITION ... TOTAL-FORCE", the energy MLIP-2 takes (free
// energy TOTEN, whatever ISMEAR; OutcarOptions::sigma_zero_energy takes energy(sigma->0) where ISMEAR > 0)
// and the virial from the "Total" line of
// "FORCE on cell =-STRESS" (XX YY ZZ XY YZ ZX, eV, same sign as PlusStress; absent when VASP printed none).
// Types are 0-based in POTCAR order ("ions per type"; a species with no atoms keeps its number). A step
// whose electronic loop reached NELM gets Feature EFS_by = VASP_not_converged and a warning; the rest
// EFS_by = VASP. An unfinished last ionic step (a running job) is left out; a file with no
// complete step is an error.
std::unique_ptr<ConfigurationReader> make_vasp_outcar_reader(const std::string& path,
                                                             WarningSink warn = print_mlip_warning);

// MLIP-3's convert options for OUTCAR input. Species are named by the POTCAR "TITEL" lines (one per
// species, in POTCAR order); `absolute_types` and `species` need them and fail without.
struct OutcarOptions {
  bool skip_nonconverged = false;       // MLIP-3's default: a step that reached NELM is left out (warned)
  bool sigma_zero_energy = false;       // energy(sigma->0) where ISMEAR > 0 (MLIP-2 and MLIP-3 take TOTEN)
  bool absolute_types = false;          // type = atomic number of the species
  SpeciesOrder species;                 // type = place of the species' element here; an element with atoms
                                        // that the order does not hold is an error at its TITEL line
};
std::unique_ptr<ConfigurationReader> make_vasp_outcar_reader(const std::string& path, const OutcarOptions& options,
                                                             WarningSink warn = print_mlip_warning);
std::unique_ptr<ConfigurationReader> make_vasp_outcar_reader(std::istream& in, const std::string& name,
                                                             WarningSink warn = print_mlip_warning);

}  // namespace mtp::io
