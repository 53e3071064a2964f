#include "pair_mtp_extrapolation_openmtp.h"

#include <exception>

#include "error.h"

using namespace LAMMPS_NS;

void PairMTPExtrapolationOpenMTP::settings(int narg, char **arg) {
  try {
    openmtp_lammps::PairSettings s;
    s.extrapolation = openmtp_lammps::parse_mtp_extrapolation_words(words(narg, arg));
    apply_settings(s);  // the potential and its selection state come with pair_coeff
  } catch (const std::exception &e) {
    error->all(FLERR, e.what());
  }
}
