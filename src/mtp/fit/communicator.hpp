#pragma once
#include <string>
#include <vector>

#include "mtp/fit/compensated_sum.hpp"

namespace mtp::fit {

// The library's one MPI layer: the few collective operations training and the distributed commands need, over
// MPI_COMM_WORLD when the library is built with MPI (OPENMTP_HAVE_MPI) and MPI is initialised, else a single
// process. Every rank runs the same training code on its own configurations; sums are reduced in rank order
// in double-double precision and broadcast, so every rank sees the same loss, gradient and parameters, and the
// result does not depend on the rank count.
class Communicator {
 public:
  Communicator();  // world, or serial when MPI is absent or not initialised
  static Communicator serial();
  int rank() const { return rank_; }
  int size() const { return size_; }
  bool is_root() const { return rank_ == 0; }

  // Sum over ranks of every rank's partial sum; every rank gets the result.
  CompensatedSum all_reduce(const CompensatedSum& local) const;
  // Rank 0's values replace everyone's.
  void broadcast(std::vector<double>& values) const;
  void broadcast(int& value) const;
  // Smallest value over ranks (exact, so order-independent).
  double min(double value) const;
  // Ends every rank (MPI_Abort) after an error on one of them, so the others do not wait forever in a
  // collective; a no-op in a single process.
  void abort(int code) const;
  // Logical OR over ranks (e.g. "a stop signal arrived somewhere").
  bool any(bool flag) const;
  // Every rank's strings on rank 0, rank by rank (rank 0's first), so ranks that each processed a share of the
  // configurations can have their outputs written into one file in input order (mlp relax); elsewhere empty.
  // In a single process: {mine}. All ranks must call it the same number of times.
  std::vector<std::vector<std::string>> gather_on_root(const std::vector<std::string>& mine) const;

 private:
  int rank_ = 0;
  int size_ = 1;
  bool mpi_ = false;
};

// MPI start-up and shut-down for a program (no-ops without MPI). Safe to construct when already initialised.
class MpiSession {
 public:
  MpiSession(int* argc, char*** argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

 private:
  bool owns_ = false;
};

bool built_with_mpi();
// True when this process was started by an MPI launcher (mpirun/mpiexec/srun set their environment).
bool launched_by_mpi();

}  // namespace mtp::fit
