#pragma once
#include <string>
#include <vector>

namespace mtp {

// Collects byte strings from every MPI rank on rank 0, so ranks that each relaxed a share of the
// configurations can have their outputs written into one file in input order. Returns, on rank 0, every
// rank's strings rank by rank (rank 0's first); elsewhere an empty vector. Without MPI (or with MPI not
// initialised, or one rank) it returns `mine`. All ranks must call it the same number of times.
std::vector<std::vector<std::string>> gather_on_root(const std::vector<std::string>& mine);

// This process's rank and the number of ranks (0 and 1 without MPI or when MPI is not initialised).
int world_rank();
int world_size();

}  // namespace mtp
