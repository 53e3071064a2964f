// fit/training_checkpoint: a state round-trips exactly; its counts are checked against the file's size before
// anything is allocated; a corrupted state block is refused by its checksum.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "fit_stand_in_models.hpp"
#include "mtp/core/error.hpp"
#include "mtp/fit/training_checkpoint.hpp"
#include "support/files.hpp"
#include "support/paths.hpp"

namespace {

using mtp::fit::TrainingCheckpoint;

TrainingCheckpoint sample_checkpoint() {
  TrainingCheckpoint c;
  c.stage = "training";
  c.potential = mtp::test::stand_in_potential(2, 11);
  c.optimizer.iteration = 7;
  c.optimizer.window_start = 0.25;
  c.optimizer.last_window_decrease = 1e-3;
  c.optimizer.x = c.potential.parameters();
  const std::size_t n = c.optimizer.x.size();
  c.optimizer.memory.resize(n * n);
  for (std::size_t k = 0; k < c.optimizer.memory.size(); ++k) c.optimizer.memory[k] = 1.0 / double(k + 1);
  c.inputs_digest = "0123456789abcdef";
  return c;
}

std::string message_of(const std::string& path) {
  try {
    mtp::fit::load_checkpoint(path);
  } catch (const mtp::Error& e) {
    return e.what();
  }
  return "accepted";
}

TEST(TrainingCheckpoint, RoundTripsExactlyWithItsInputsDigest) {
  const std::string dir = mtp::test::scratch_dir("checkpoint-roundtrip");
  const TrainingCheckpoint c = sample_checkpoint();
  mtp::fit::save_checkpoint(dir + "/ck.mtp", c);
  const TrainingCheckpoint r = mtp::fit::load_checkpoint(dir + "/ck.mtp");
  EXPECT_EQ(r.stage, c.stage);
  EXPECT_EQ(r.inputs_digest, c.inputs_digest);
  EXPECT_EQ(r.optimizer.iteration, 7);
  EXPECT_EQ(r.optimizer.x, c.optimizer.x);
  EXPECT_EQ(r.optimizer.memory, c.optimizer.memory);
  EXPECT_EQ(r.potential.parameters(), c.potential.parameters());
}

TEST(TrainingCheckpoint, CountsBeyondTheFileAndCorruptionAreRefused) {
  const std::string dir = mtp::test::scratch_dir("checkpoint-broken");
  mtp::fit::save_checkpoint(dir + "/ck.mtp", sample_checkpoint());
  const std::string state = mtp::test::read_file(dir + "/ck.mtp.state");
  auto write_state = [&](const std::string& text) {
    std::ofstream out(dir + "/ck.mtp.state", std::ios::binary);
    out << text;
  };
  // memory 2000000000: 16 GB if allocated first; refused from the file's size.
  {
    std::string s = state;
    const auto at = s.find("\nmemory ");
    const auto end = s.find('\n', at + 1);
    s.replace(at + 1, end - at - 1, "memory 2000000000");
    write_state(s);
    const std::string m = message_of(dir + "/ck.mtp");
    EXPECT_NE(m.find("ck.mtp.state: expected 2000000"), std::string::npos) << m;
    EXPECT_NE(m.find("the file is shorter"), std::string::npos) << m;
  }
  // One bit of the binary block flipped: the checksum does not match.
  {
    std::string s = state;
    s[s.size() - 20] = char(s[s.size() - 20] ^ 0x01);
    write_state(s);
    EXPECT_NE(message_of(dir + "/ck.mtp").find("the checksum does not match the state"), std::string::npos);
  }
  // A changed counter in the text block: the same.
  {
    std::string s = state;
    s.replace(s.find("iteration 7"), 11, "iteration 9");
    write_state(s);
    EXPECT_NE(message_of(dir + "/ck.mtp").find("the checksum does not match the state"), std::string::npos);
  }
  write_state(state);
  EXPECT_EQ(message_of(dir + "/ck.mtp"), "accepted");
}

}  // namespace
