// The facade's relaxation call (include/openmtp/relaxation.hpp): MLIP-2's relaxation driven by an Evaluator.
#include "openmtp/relaxation.hpp"

namespace openmtp {

RelaxationResult relax(const Evaluator& evaluator, const Configuration& start, const RelaxationSettings& settings) {
  mtp::check_relaxation_settings(settings);
  return mtp::relax_configuration(start, [&evaluator](Configuration& cfg) { evaluator.compute_into(cfg); }, settings);
}

}  // namespace openmtp
