#include "pair_mlip_openmtp.h"

#include <exception>

#include "error.h"

using namespace LAMMPS_NS;

void PairMLIPOpenMTP::settings(int narg, char **arg) {
  const std::vector<std::string> w = words(narg, arg);
  if (w.empty()) error->all(FLERR, "Illegal pair_style mlip command: expected mlip.ini or load_from=<file>");
  try {
    if (openmtp_lammps::is_mlip3_form(w)) {
      apply_settings(openmtp_lammps::parse_mlip3_words(w));
    } else {
      if (w.size() != 1) error->all(FLERR, "Illegal pair_style mlip command: expected one settings file (mlip.ini)");
      apply_settings(openmtp_lammps::read_mlip_ini(w[0]));
    }
  } catch (const std::exception &e) {
    error->all(FLERR, e.what());
  }
}
