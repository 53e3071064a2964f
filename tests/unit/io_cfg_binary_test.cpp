// Binary .cfg: MLIP-2's bytes, lossless round trips, detection of binary records among text ones.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "mtp/core/error.hpp"
#include "mtp/io/cfg_binary.hpp"
#include "mtp/io/cfg_text.hpp"
#include "support/files.hpp"
#include "support/paths.hpp"

namespace {

using mtp::test::read_configurations;
using mtp::test::read_file;

using mtp::Configuration;
using mtp::Mat3;
namespace io = mtp::io;

Configuration random_configuration(std::mt19937_64& rng, std::size_t n, bool everything) {
  std::uniform_real_distribution<double> u(-10.0, 10.0);
  Configuration c;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) c.lattice.rows(a, b) = u(rng);
  c.lattice.periodic_dims = 3;
  c.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    c.positions[i] = {u(rng), u(rng), u(rng)};
    c.types[i] = static_cast<int>(rng() % 3);
  }
  if (everything) {
    c.forces.resize(n);
    c.site_energies.resize(n);
    c.charges.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      c.forces[i] = {u(rng), u(rng), u(rng)};
      c.site_energies[i] = u(rng);
      c.charges[i] = u(rng);
    }
    c.energy = u(rng) * 1e3;
    Mat3 v;
    for (int a = 0; a < 3; ++a)
      for (int b = a; b < 3; ++b) v(a, b) = v(b, a) = u(rng);
    c.virial = v;
    c.features["EFS_by"] = "VASP";
    c.features["multi line"] = "a\nb\tc";
  }
  return c;
}

void expect_identical(const Configuration& a, const Configuration& b) {
  EXPECT_TRUE(a.lattice == b.lattice);
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.types, b.types);
  // Bitwise, so -0.0 and every last bit count.
  if (a.size() > 0) {
    EXPECT_EQ(0, std::memcmp(a.positions.data(), b.positions.data(), a.size() * sizeof(mtp::Vec3)));
  }
  ASSERT_EQ(a.forces.size(), b.forces.size());
  if (!a.forces.empty()) {
    EXPECT_EQ(0, std::memcmp(a.forces.data(), b.forces.data(), a.size() * sizeof(mtp::Vec3)));
  }
  EXPECT_EQ(a.site_energies, b.site_energies);
  EXPECT_EQ(a.charges, b.charges);
  EXPECT_EQ(a.energy, b.energy);
  ASSERT_EQ(a.virial.has_value(), b.virial.has_value());
  if (a.virial) {
    EXPECT_TRUE(*a.virial == *b.virial);
  }
  EXPECT_EQ(a.features, b.features);
}

TEST(CfgBinary, RoundTripIsBitIdentical) {
  std::mt19937_64 rng(5);
  std::vector<Configuration> cfgs;
  for (int k = 0; k < 30; ++k) cfgs.push_back(random_configuration(rng, rng() % 12, k % 3 != 0));
  std::ostringstream out;
  for (const auto& c : cfgs) io::write_cfg_binary(out, c);
  std::istringstream in(out.str());
  const auto back = read_configurations(io::make_cfg_binary_reader(in, "rt.bin.cfg"));
  ASSERT_EQ(back.size(), cfgs.size());
  for (std::size_t k = 0; k < cfgs.size(); ++k) expect_identical(cfgs[k], back[k]);
}

// The record layout, written out by hand from the format description (spec 2.2).
TEST(CfgBinary, RecordLayout) {
  Configuration c;
  c.lattice = mtp::Lattice::periodic(Mat3::identity() * 2.0);
  c.resize(1);
  c.positions[0] = {0.5, 0.25, 0.125};
  c.types[0] = 3;
  Mat3 v;
  v(0, 0) = 1, v(1, 1) = 2, v(2, 2) = 3, v(0, 1) = v(1, 0) = 4, v(1, 2) = v(2, 1) = 5, v(0, 2) = v(2, 0) = 6;
  c.virial = v;
  c.energy = -1.0;
  c.features["k"] = "vv";
  std::ostringstream out;
  io::write_cfg_binary(out, c);
  std::string expected;
  auto put = [&expected](const void* p, std::size_t n) { expected.append(static_cast<const char*>(p), n); };
  const std::int32_t one = 1, three = 3, len1 = 1, len2 = 2;
  expected += 'n', put(&one, 4);
  expected += 'l';
  for (double x : {2.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 2.0}) put(&x, 8);
  expected += 'p';
  for (double x : {0.5, 0.25, 0.125}) put(&x, 8);
  expected += 't', put(&three, 4);
  expected += 's';
  for (double x : {1.0, 2.0, 3.0, 4.0, 5.0, 6.0}) put(&x, 8);  // xx yy zz xy yz xz
  expected += 'e';
  const double e = -1.0;
  put(&e, 8);
  expected += 'F', put(&len1, 4), expected += "k", put(&len2, 4), expected += "vv";
  expected += '#';
  EXPECT_EQ(out.str(), expected);
}

// MLIP-2's own binary output of two LiTi2O4 configurations: the same bytes from the same input, and the
// same configurations when read back.
TEST(CfgBinary, MatchesMlip2Output) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::shared_path("reference/mlip2/expected/e_convert_cfg_to_poscar_lammps/");
  const auto text_cfgs = read_configurations(io::make_cfg_reader(dir + "in_liti_2cfgs.cfg"));
  ASSERT_EQ(text_cfgs.size(), 2u);
  std::ostringstream out;
  for (const auto& c : text_cfgs) io::write_cfg_binary(out, c);
  EXPECT_TRUE(out.str() == read_file(dir + "out.bin.cfg"));
  const auto bin_cfgs = read_configurations(io::make_cfg_reader(dir + "out.bin.cfg"));  // detected as binary
  ASSERT_EQ(bin_cfgs.size(), 2u);
  for (int k = 0; k < 2; ++k) expect_identical(text_cfgs[k], bin_cfgs[k]);
}

// convert-cfg examples 03 (text -> binary) and 04 (binary -> text) of MLIP-2's test suite.
TEST(CfgBinary, Mlip2ConvertExamples) {
  REQUIRE_SHARED();
  const std::string base = mtp::test::shared_path("reference/mlip2/test/examples/convert-cfg/");
  {
    const auto cfgs = read_configurations(io::make_cfg_reader(base + "03.convert-cfg/input.cfg"));
    std::ostringstream out;
    for (const auto& c : cfgs) io::write_cfg_binary(out, c);
    EXPECT_TRUE(out.str() == read_file(base + "03.convert-cfg/correct_output.bin.cfg"));
  }
  {
    const auto cfgs = read_configurations(io::make_cfg_reader(base + "04.convert-cfg/input.bin.cfg"));
    ASSERT_FALSE(cfgs.empty());
    std::ostringstream out;
    for (const auto& c : cfgs) io::write_cfg_text(out, c);
    EXPECT_TRUE(out.str() == read_file(base + "04.convert-cfg/correct_output.cfg"));
  }
}

// As in MLIP-2, text or binary is decided per configuration, so appended files of both kinds read.
TEST(CfgBinary, TextAndBinaryRecordsMix) {
  std::mt19937_64 rng(9);
  const Configuration a = random_configuration(rng, 4, true), b = random_configuration(rng, 3, true);
  std::ostringstream out;
  io::write_cfg_text(out, a, io::CfgTextStyle::Lossless);
  io::write_cfg_binary(out, b);
  io::write_cfg_text(out, a, io::CfgTextStyle::Lossless);
  std::istringstream in(out.str());
  const auto back = read_configurations(io::make_cfg_text_reader(in, "mixed.cfg"));
  ASSERT_EQ(back.size(), 3u);
  expect_identical(a, back[0]);
  expect_identical(b, back[1]);
  expect_identical(a, back[2]);
}

TEST(CfgBinary, TruncatedOrCorruptRecordsAreRejected) {
  std::mt19937_64 rng(2);
  std::ostringstream out;
  io::write_cfg_binary(out, random_configuration(rng, 5, true));
  const std::string whole = out.str();
  // Every proper prefix that starts the record is an error, never a silent partial configuration.
  for (std::size_t cut = 1; cut < whole.size(); cut += 7) {
    std::istringstream in(whole.substr(0, cut));
    auto reader = io::make_cfg_binary_reader(in, "cut.bin.cfg");
    Configuration c;
    EXPECT_THROW(reader->next(c), mtp::Error) << "cut at " << cut;
  }
  std::string bad = whole;
  bad[1 + 4 + 1 + 72] = 'Q';  // the 'p' tag
  std::istringstream in(bad);
  auto reader = io::make_cfg_binary_reader(in, "bad.bin.cfg");
  Configuration c;
  try {
    reader->next(c);
    FAIL() << "an unknown tag was accepted";
  } catch (const mtp::Error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.bin.cfg"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("unknown tag 'Q'"), std::string::npos) << e.what();
  }
}

}  // namespace
