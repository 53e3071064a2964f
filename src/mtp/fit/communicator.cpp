#include "mtp/fit/communicator.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>

#ifdef OPENMTP_HAVE_MPI
#include <mpi.h>
#endif

#include "mtp/core/error.hpp"

namespace mtp::fit {

bool built_with_mpi() {
#ifdef OPENMTP_HAVE_MPI
  return true;
#else
  return false;
#endif
}

bool launched_by_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"})
    if (std::getenv(v)) return true;
  return false;
}

Communicator::Communicator() {
#ifdef OPENMTP_HAVE_MPI
  int initialised = 0, finalised = 0;
  MPI_Initialized(&initialised);
  MPI_Finalized(&finalised);
  if (initialised && !finalised) {
    mpi_ = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
#endif
}

Communicator Communicator::serial() {
  Communicator c;
  c.mpi_ = false;
  c.rank_ = 0;
  c.size_ = 1;
  return c;
}

CompensatedSum Communicator::all_reduce(const CompensatedSum& local) const {
  if (!mpi_ || size_ == 1) return local;
#ifdef OPENMTP_HAVE_MPI
  // Gather both words of every rank's partial sum to rank 0, add them in rank order, broadcast the result.
  const std::vector<double> mine = local.packed();
  const std::size_t n = local.size();
  std::vector<double> all(rank_ == 0 ? mine.size() * std::size_t(size_) : 0);
  MPI_Gather(mine.data(), int(mine.size()), MPI_DOUBLE, all.data(), int(mine.size()), MPI_DOUBLE, 0, MPI_COMM_WORLD);
  std::vector<double> result(mine.size());
  if (rank_ == 0) {
    CompensatedSum total(n);
    for (int r = 0; r < size_; ++r) total.merge(CompensatedSum::unpack(all.data() + std::size_t(r) * mine.size(), n));
    result = total.packed();
  }
  MPI_Bcast(result.data(), int(result.size()), MPI_DOUBLE, 0, MPI_COMM_WORLD);
  return CompensatedSum::unpack(result.data(), n);
#else
  return local;
#endif
}

void Communicator::broadcast(std::vector<double>& values) const {
#ifdef OPENMTP_HAVE_MPI
  if (mpi_ && size_ > 1) {
    int n = int(values.size());
    MPI_Bcast(&n, 1, MPI_INT, 0, MPI_COMM_WORLD);
    values.resize(std::size_t(n));
    MPI_Bcast(values.data(), n, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  }
#else
  (void)values;
#endif
}

void Communicator::broadcast(int& value) const {
#ifdef OPENMTP_HAVE_MPI
  if (mpi_ && size_ > 1) MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
#else
  (void)value;
#endif
}

double Communicator::min(double value) const {
#ifdef OPENMTP_HAVE_MPI
  if (mpi_ && size_ > 1) {
    double out = value;
    MPI_Allreduce(&value, &out, 1, MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD);
    return out;
  }
#endif
  return value;
}

void Communicator::abort(int code) const {
#ifdef OPENMTP_HAVE_MPI
  if (mpi_ && size_ > 1) MPI_Abort(MPI_COMM_WORLD, code);
#else
  (void)code;
#endif
}

bool Communicator::any(bool flag) const {
#ifdef OPENMTP_HAVE_MPI
  if (mpi_ && size_ > 1) {
    int in = flag ? 1 : 0, out = 0;
    MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return out != 0;
  }
#endif
  return flag;
}

MpiSession::MpiSession(int* argc, char*** argv) {
#ifdef OPENMTP_HAVE_MPI
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (!initialised) {
    MPI_Init(argc, argv);
    owns_ = true;
  }
#else
  (void)argc;
  (void)argv;
#endif
}

MpiSession::~MpiSession() {
#ifdef OPENMTP_HAVE_MPI
  if (owns_) MPI_Finalize();
#endif
}

std::vector<std::vector<std::string>> Communicator::gather_on_root(const std::vector<std::string>& mine) const {
  const int size = size_;
  if (!mpi_ || size <= 1) return {mine};
#ifdef OPENMTP_HAVE_MPI
  // Pack as: count, then each string's length, then the bytes.
  std::string packed;
  auto put = [&packed](std::uint64_t v) { packed.append(reinterpret_cast<const char*>(&v), sizeof v); };
  put(mine.size());
  for (const std::string& s : mine) put(s.size());
  for (const std::string& s : mine) packed += s;
  if (packed.size() > static_cast<std::size_t>(INT32_MAX)) throw Error("MPI gather: a rank's share exceeds 2 GB");
  int length = static_cast<int>(packed.size());
  const int rank = rank_;
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

}  // namespace mtp::fit
