#pragma once
// The value types of the OpenMTP API (docs/API.md): plain data a caller builds, reads and copies. They are the
// library's own types, named here so that a program using the facade names only `openmtp::` and includes only
// <openmtp/...> headers; the library's internal headers may move or change without notice.
#include "mtp/active/active_set.hpp"
#include "mtp/active/selection_weights.hpp"
#include "mtp/core/configuration.hpp"
#include "mtp/core/error.hpp"
#include "mtp/core/lattice.hpp"
#include "mtp/core/mat3.hpp"
#include "mtp/core/neighbor_list.hpp"
#include "mtp/core/vec3.hpp"
#include "mtp/model/evaluator.hpp"
#include "mtp/model/potential.hpp"

namespace openmtp {

using mtp::Error;          // every failure: a message naming the file and line where there is one
using mtp::Vec3;
using mtp::Mat3;
using mtp::Lattice;
using mtp::Configuration;  // atoms, cell, and optionally energy, forces, virial, features (a .cfg record)
using mtp::NeighborList;   // full neighbour list in compressed rows (the evaluator's only view of geometry)
using mtp::Potential;      // an MTP: radial basis, moment basis and coefficients (a .mtp file)
using mtp::AtomAttributes;
using mtp::Evaluator;      // energies, forces, virials and parameter gradients of one potential
using mtp::EfsResults;
using mtp::SiteResults;
using mtp::active::ActiveSet;         // MaxVol's selected rows and their inverse: grades and selection
using mtp::active::SelectionWeights;  // how grades weigh energy, force and stress rows

}  // namespace openmtp
