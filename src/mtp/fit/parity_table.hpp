#pragma once
#include <string>
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/model/potential.hpp"

namespace mtp::fit {

// Reference against predicted values of a potential, as CSV text for parity plots (scripts/train_plots.py):
// header "set,kind,configuration,reference,predicted", then for each configuration of `set_name` its energy per
// atom (kind energy_per_atom, eV/atom), every force component (force, eV/A) and, for a 3D-periodic cell, the six
// independent stress components (stress, GPa: virial / volume). Missing reference values are skipped.
std::string parity_csv_header();
std::string parity_csv_rows(const Potential& potential, const std::vector<Configuration>& cfgs,
                            const std::string& set_name, int threads = 1);

}  // namespace mtp::fit
