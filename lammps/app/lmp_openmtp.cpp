/* lmp_openmtp: Debian's LAMMPS with the OpenMTP styles registered at start-up. Same command line and input
   scripts as `lmp` (its main, plus one registration call before the input is read). */
#include <mpi.h>

#include <cstdlib>

#include "input.h"
#include "lammps.h"
#include "openmtp_styles.h"

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm world = MPI_COMM_WORLD;
  auto* lammps = new LAMMPS_NS::LAMMPS(argc, argv, world);
  openmtp_lammps::register_styles(lammps);
  lammps->input->file();
  delete lammps;
  MPI_Barrier(world);
  MPI_Finalize();
  return EXIT_SUCCESS;
}
