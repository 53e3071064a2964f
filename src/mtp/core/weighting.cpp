#include "mtp/core/weighting.hpp"

#include "mtp/core/error.hpp"

namespace mtp {

Weighting parse_weighting(const std::string& name) {
  if (name == "vibrations") return Weighting::Vibrations;
  if (name == "molecules") return Weighting::Molecules;
  if (name == "structures") return Weighting::Structures;
  throw Error("weighting must be vibrations, molecules or structures, not '" + name + "'");
}

std::string weighting_name(Weighting weighting) {
  switch (weighting) {
    case Weighting::Vibrations: return "vibrations";
    case Weighting::Molecules: return "molecules";
    case Weighting::Structures: return "structures";
  }
  return "vibrations";
}

}  // namespace mtp
