#pragma once
// What a molecular-dynamics code with owned and ghost atoms (LAMMPS) needs (docs/LAMMPS.md): its neighbour list
// in, forces, per-atom energies and virials out; pair_coeff words to species; MLIP-2's mlip.ini; the
// extrapolation thresholds' checks.
#include <string>

#include "openmtp/types.hpp"
#include "mtp/bridge/host_evaluation.hpp"
#include "mtp/bridge/type_species_map.hpp"
#include "mtp/io/mlip_ini.hpp"
#include "mtp/relax/extrapolation_control.hpp"

namespace openmtp {

using mtp::bridge::HostAtoms;
using mtp::bridge::HostEvaluation;
using mtp::bridge::HostFullList;
using mtp::bridge::HostOutput;
using mtp::bridge::HostTotals;
using mtp::bridge::PairCoeffWords;
using mtp::bridge::species_of_types;
using mtp::bridge::split_pair_coeff_words;
using mtp::io::MlipIni;
using mtp::io::load_mlip_ini;
using mtp::check_extrapolation_thresholds;

}  // namespace openmtp
