#pragma once
// The OpenMTP API (docs/API.md): load a potential, evaluate, grade, select, train, relax. Programs, the Python
// module and the LAMMPS styles include only <openmtp/...> headers.
#include "openmtp/files.hpp"
#include "openmtp/md_host.hpp"
#include "openmtp/potential.hpp"
#include "openmtp/relaxation.hpp"
#include "openmtp/selection.hpp"
#include "openmtp/stop_token.hpp"
#include "openmtp/training.hpp"
#include "openmtp/types.hpp"
