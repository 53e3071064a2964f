#pragma once
#include <string>

namespace mtp {

// How MLIP-2 normalises a configuration's energy, force and stress terms by its atom count, both in the
// training loss (spec 3.4) and in the rows of the active set (spec 4): per atom for vibrations (the
// default), not at all for molecules, per atom squared for structures.
enum class Weighting { Vibrations, Molecules, Structures };

Weighting parse_weighting(const std::string& name);  // throws mtp::Error naming the accepted values
std::string weighting_name(Weighting weighting);

}  // namespace mtp
