#include "mtp/relax/rank_gather.hpp"

#include <cstdint>
#include <cstring>

#ifdef OPENMTP_HAVE_MPI
#include <mpi.h>
#endif

#include "mtp/core/error.hpp"

namespace mtp {
namespace {

bool mpi_running() {
#ifdef OPENMTP_HAVE_MPI
  int initialised = 0, finalised = 0;
  MPI_Initialized(&initialised);
  MPI_Finalized(&finalised);
  return initialised && !finalised;
#else
  return false;
#endif
}

}  // namespace

int world_rank() {
#ifdef OPENMTP_HAVE_MPI
  if (mpi_running()) {
    int r = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
  }
#endif
  return 0;
}

int world_size() {
#ifdef OPENMTP_HAVE_MPI
  if (mpi_running()) {
    int s = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &s);
    return s;
  }
#endif
  return 1;
}

std::vector<std::vector<std::string>> gather_on_root(const std::vector<std::string>& mine) {
  const int size = world_size();
  if (size <= 1) return {mine};
#ifdef OPENMTP_HAVE_MPI
  // Pack as: count, then each string's length, then the bytes.
  std::string packed;
  auto put = [&packed](std::uint64_t v) { packed.append(reinterpret_cast<const char*>(&v), sizeof v); };
  put(mine.size());
  for (const std::string& s : mine) put(s.size());
  for (const std::string& s : mine) packed += s;
  if (packed.size() > static_cast<std::size_t>(INT32_MAX)) throw Error("MPI gather: a rank's share exceeds 2 GB");
  int length = static_cast<int>(packed.size());
  const int rank = world_rank();
  std::vector<int> lengths(rank == 0 ? size : 0);
  MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<int> offsets;
  std::string all;
  if (rank == 0) {
    offsets.resize(size);
    long long total = 0;
    for (int r = 0; r < size; ++r) {
      offsets[r] = static_cast<int>(total);
      total += lengths[r];
    }
    if (total > INT32_MAX) throw Error("MPI gather: the outputs of one chunk exceed 2 GB");
    all.resize(static_cast<std::size_t>(total));
  }
  MPI_Gatherv(packed.data(), length, MPI_CHAR, rank == 0 ? &all[0] : nullptr, lengths.data(), offsets.data(),
              MPI_CHAR, 0, MPI_COMM_WORLD);
  std::vector<std::vector<std::string>> out;
  if (rank != 0) return out;
  for (int r = 0; r < size; ++r) {
    std::size_t at = static_cast<std::size_t>(offsets[r]);
    auto get = [&]() {
      std::uint64_t v;
      std::memcpy(&v, all.data() + at, sizeof v);
      at += sizeof v;
      return v;
    };
    const std::uint64_t n = get();
    std::vector<std::uint64_t> sizes(n);
    for (auto& s : sizes) s = get();
    std::vector<std::string> strings;
    for (std::uint64_t s : sizes) {
      strings.emplace_back(all.data() + at, s);
      at += s;
    }
    out.push_back(std::move(strings));
  }
  return out;
#else
  return {mine};
#endif
}

}  // namespace mtp
