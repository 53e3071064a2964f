// Distributed training: the same training run on 1, 2 and 4 MPI ranks (configurations dealt round-robin) gives
// the same potential. The test launches itself under mpirun; each rank trains on its share and rank 0 writes the
// parameters (hex floats, exact) for the parent to compare with a serial run.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "mtp/fit/communicator.hpp"
#include "mtp/fit/trainer.hpp"
#include "support/paths.hpp"
#include "support/run_command.hpp"
#include "unit/fit_stand_in_models.hpp"

namespace {

std::vector<mtp::fit::TrainingSample> teacher_data(int count, int rank, int size) {
  const mtp::EfsParameterGradient teacher(mtp::test::stand_in_potential(2, 91));
  std::vector<mtp::fit::TrainingSample> out;
  for (int c = 0; c < count; ++c) {
    if (c % size != rank) continue;
    mtp::Configuration cfg = mtp::test::stand_in_configuration(8, 2, 300 + unsigned(c), 2.2 + 0.05 * (c % 4));
    const auto nl = mtp::NeighborList::build(cfg, teacher.potential().cutoff());
    const auto r = teacher.compute(nl, cfg.types.data(), cfg.size());
    cfg.energy = r.energy;
    cfg.forces = r.forces;
    cfg.virial = r.virial;
    out.push_back(mtp::fit::make_sample(cfg, teacher.potential().cutoff()));
  }
  return out;
}

struct Outcome {
  std::vector<double> theta;
  double scaling = 0.0;
  double loss = 0.0;
};

Outcome train(const mtp::fit::Communicator& comm) {
  mtp::Potential start = mtp::test::stand_in_potential(2, 1);
  for (double& c : start.radial_coeffs) c = 1e-6;
  for (double& c : start.species_coeffs) c = 1e-3;
  for (double& c : start.moment_coeffs) c = 1e-3;
  start.scaling = 1.0;
  start.trained = false;
  mtp::fit::TrainerOptions o;
  o.max_iterations = 40;
  o.pretrain_iterations = 15;
  o.seed = 11;
  mtp::fit::Trainer t(start, teacher_data(13, comm.rank(), comm.size()), o, comm);
  const mtp::Potential p = t.run();
  Outcome out;
  out.theta = mtp::EfsParameterGradient(p).parameters();
  out.scaling = p.scaling;
  out.loss = t.loss(out.theta);
  return out;
}

std::string self_path() {
  char buf[4096];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, std::size_t(n)) : std::string();
}

TEST(TrainMpi, OneTwoAndFourRanksGiveTheSamePotential) {
  if (const char* out_path = std::getenv("OPENMTP_MPI_TEST_OUT")) {
    // Child: one rank of an mpirun launch.
    mtp::fit::MpiSession session(nullptr, nullptr);
    const mtp::fit::Communicator comm;
    const Outcome o = train(comm);
    if (comm.is_root()) {
      std::ofstream f(out_path);
      f << std::hexfloat << comm.size() << " " << o.scaling << " " << o.loss;
      for (double v : o.theta) f << " " << v;
    }
    return;
  }
  if (!mtp::fit::built_with_mpi()) GTEST_SKIP() << "built without MPI";
  if (mtp::test::run_command("command -v mpirun").status != 0) GTEST_SKIP() << "mpirun not found";
  const Outcome serial = train(mtp::fit::Communicator::serial());
  const std::string dir = mtp::test::scratch_dir("train-mpi");
  for (int ranks : {1, 2, 4}) {
    const std::string out = dir + "/ranks" + std::to_string(ranks) + ".txt";
    const auto r = mtp::test::run_command("OPENMTP_MPI_TEST_OUT=" + out + " mpirun --allow-run-as-root --oversubscribe -np " +
                                          std::to_string(ranks) + " -x OPENMTP_MPI_TEST_OUT " + self_path() +
                                          " --gtest_filter=TrainMpi.*");
    ASSERT_EQ(r.status, 0) << r.output;
    std::ifstream f(out);
    std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    std::istringstream in(text);
    std::vector<double> vals;
    std::string tok;
    while (in >> tok) vals.push_back(std::strtod(tok.c_str(), nullptr));
    ASSERT_EQ(vals.size(), 3 + serial.theta.size()) << r.output;
    EXPECT_EQ(int(vals[0]), ranks);
    EXPECT_NEAR(vals[2], serial.loss, 1e-10 * serial.loss) << ranks << " ranks";
    EXPECT_NEAR(vals[1], serial.scaling, 1e-10 * serial.scaling);
    double worst = 0.0;
    for (std::size_t k = 0; k < serial.theta.size(); ++k)
      worst = std::max(worst, std::abs(vals[3 + k] - serial.theta[k]) / std::max(1e-3, std::abs(serial.theta[k])));
    EXPECT_LT(worst, 1e-8) << ranks << " ranks";
    std::printf("%d ranks: loss %.17g vs serial %.17g, largest parameter difference %.3g (relative)\n", ranks, vals[2],
                serial.loss, worst);
  }
}

}  // namespace
