#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "mtp/core/error.hpp"
#include "mtp/io/mtp_file.hpp"
#include "support/files.hpp"
#include "support/paths.hpp"

namespace {

using mtp::test::read_file;

using mtp::Potential;
namespace fs = std::filesystem;

std::string written(const Potential& p, const mtp::io::MtpFileLayout* layout = nullptr) {
  std::ostringstream out;
  mtp::io::write_potential(out, p, layout);
  return out.str();
}

Potential parse(const std::string& text) {
  std::istringstream in(text);
  return mtp::io::read_potential(in, "test.mtp");
}

std::vector<std::string> files_named(const std::string& dir, const std::string& file) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (fs::exists(e.path() / file)) out.push_back((e.path() / file).string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(MtpFile, RewritesMlip2WrittenFilesByteForByte) {
  REQUIRE_SHARED();
  std::vector<std::string> files = files_named(mtp::test::shared_path("reference/mlip2/expected"), "pot.mtp");
  for (const auto& f : files_named(mtp::test::shared_path("reference/mlip2/test/examples"), "pot.mtp")) files.push_back(f);
  ASSERT_GE(files.size(), 8u);
  for (const std::string& path : files) {
    SCOPED_TRACE(path);
    const Potential p = mtp::io::load_potential(path);
    EXPECT_TRUE(p.trained);
    // No layout needed: OpenMTP's writer is MLIP-2's layout and number format.
    EXPECT_EQ(written(p), read_file(path));
  }
}

TEST(MtpFile, RewritesMamlFilesByteForByteWithTheirLayout) {
  REQUIRE_SHARED();
  for (const char* el : {"Cu", "Ge", "Li", "Mo", "Ni", "Si"}) {
    const std::string path = mtp::test::shared_path(std::string("data/mlearn/") + el + "/maml_fitted.mtp");
    SCOPED_TRACE(path);
    mtp::io::MtpFileLayout layout;
    const Potential p = mtp::io::load_potential(path, &layout);
    EXPECT_TRUE(p.trained);
    EXPECT_EQ(written(p, &layout), read_file(path));
    // Without the layout: MLIP-2's spelling, and the same numbers to %.15e's 16 digits.
    const std::string mlip2 = written(p);
    EXPECT_NE(mlip2, read_file(path));
    const Potential q = parse(mlip2);
    const std::vector<double> a = p.parameters(), b = q.parameters();
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t k = 0; k < a.size(); ++k) EXPECT_NEAR(a[k], b[k], 1e-15 * std::abs(a[k]));
    EXPECT_EQ(written(q), mlip2);  // MLIP-2's spelling is a fixed point
  }
}

TEST(MtpFile, ChangedNumbersAreWrittenMlip2Style) {
  REQUIRE_SHARED();
  mtp::io::MtpFileLayout layout;
  Potential p = mtp::io::load_potential(mtp::test::shared_path("data/mlearn/Li/maml_fitted.mtp"), &layout);
  const double old = p.moment_coeffs[3];
  p.moment_coeffs[3] = 0.25;
  const std::string text = written(p, &layout);
  EXPECT_NE(text.find(", 2.500000000000000e-01, "), std::string::npos);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.16g", old);
  EXPECT_EQ(text.find(buf), std::string::npos);
}

// Parameter counts of the templates for C = 1 (spec 5): C^2 K R + C + m.
TEST(MtpFile, UntrainedTemplatesGetMlip2Defaults) {
  REQUIRE_SHARED();
  const std::vector<std::pair<int, int>> counts = {{2, 10},   {4, 11},   {6, 22},   {8, 26},   {10, 41},
                                                   {12, 54},  {14, 85},  {16, 125}, {18, 204}, {20, 329},
                                                   {22, 549}, {24, 913}, {26, 1513}, {28, 2494}};
  for (const auto& [level, params] : counts) {
    char name[64];
    std::snprintf(name, sizeof name, "reference/mlip2/untrained_mtps/%02d.mtp", level);
    SCOPED_TRACE(name);
    const Potential p = mtp::io::load_potential(mtp::test::shared_path(name));  // CRLF line ends
    EXPECT_FALSE(p.trained);
    EXPECT_EQ(p.parameter_count(), std::size_t(params));
    EXPECT_EQ(p.radial.min_dist, 2.0);
    EXPECT_EQ(p.radial.max_dist, 5.0);
    EXPECT_EQ(p.scaling, 1.0);
    const int K = p.radial_funcs_count, R = p.radial.size;
    for (int mu = 0; mu < K; ++mu)
      for (int xi = 0; xi < R; ++xi) EXPECT_EQ(p.radial_coeffs[std::size_t(mu * R + xi)], xi == mu ? 1e-3 : 1e-6);
    for (double c : p.species_coeffs) EXPECT_EQ(c, 1e-3);
    for (double c : p.moment_coeffs) EXPECT_EQ(c, 1e-3);
  }
}

std::string template_text(int species, const std::string& extra_basis_line = "") {
  std::string t = read_file(mtp::test::shared_path("reference/mlip2/untrained_mtps/08.mtp"));
  t.erase(std::remove(t.begin(), t.end(), '\r'), t.end());
  t.replace(t.find("species_count = 1"), 17, "species_count = " + std::to_string(species));
  if (!extra_basis_line.empty()) t.insert(t.find("\tmin_dist"), extra_basis_line);
  return t;
}

TEST(MtpFile, SpeciesCountSizesEveryArrayInMlip2Order) {
  REQUIRE_SHARED();
  for (int C : {1, 2, 3, 5}) {
    Potential p = parse(template_text(C));
    EXPECT_EQ(p.species_count, C);
    EXPECT_EQ(p.parameter_count(), std::size_t(C * C * 2 * 8 + C + 9));
    std::vector<double> theta(p.parameter_count());
    for (std::size_t k = 0; k < theta.size(); ++k) theta[k] = 0.5 + double(k);
    p.set_parameters(theta);
    EXPECT_EQ(p.parameters(), theta);
    // Radial block (ci, cj) is written as "ci-cj" in i-major order, then species, then moment coefficients.
    const Potential q = parse(written(p));
    EXPECT_EQ(q.parameters(), theta);
    EXPECT_TRUE(q.trained);
    const std::string text = written(p);
    const std::size_t at = text.find("\t\t" + std::to_string(C - 1) + "-0\n");
    ASSERT_NE(at, std::string::npos);
    char first[64];
    std::snprintf(first, sizeof first, "{%.15e,", theta[std::size_t(((C - 1) * C) * 2 * 8)]);
    EXPECT_EQ(text.find(first), text.find('{', at));
    EXPECT_THROW(p.set_parameters(std::vector<double>(3)), mtp::Error);
  }
}

// What MLIP-2's, MLIP-3's and LAMMPS ML-MTP's loaders do with the header: read words, and on the word
// "potential_tag" drop the rest of the line. Returns the text with every potential_tag line's content
// dropped that way, so two files these loaders cannot tell apart compare equal.
std::string as_tag_blind_loader_sees(const std::string& text) {
  std::istringstream in(text);
  std::string out, line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string first;
    words >> first;
    out += (first == "potential_tag" ? std::string("potential_tag") : line) + "\n";
  }
  return out;
}

TEST(MtpFile, SpeciesNamesRoundTripInThePotentialTagLine) {
  REQUIRE_SHARED();
  Potential p = parse(template_text(2));
  std::vector<double> theta(p.parameter_count());
  for (std::size_t k = 0; k < theta.size(); ++k) theta[k] = 0.25 + double(k);
  p.set_parameters(theta);
  const std::string nameless = written(p);
  p.species_names = {"Na", "Cl"};
  const std::string named = written(p);
  EXPECT_NE(named.find("\npotential_tag = species_names: Na Cl\nradial_basis_type"), std::string::npos) << named;
  const Potential q = parse(named);
  EXPECT_EQ(q.species_names, p.species_names);
  EXPECT_EQ(q.tag, "");
  EXPECT_EQ(q.parameters(), theta);
  EXPECT_EQ(written(q), named);
  EXPECT_EQ(q.species_type("Cl"), 1);
  EXPECT_EQ(q.species_type("Na"), 0);
  EXPECT_EQ(q.species_type("K"), -1);
  // Only the tag line differs, and loaders that skip that line see the nameless file.
  EXPECT_NE(named, nameless);
  EXPECT_EQ(as_tag_blind_loader_sees(named), as_tag_blind_loader_sees(nameless));
  EXPECT_TRUE(parse(nameless).species_names.empty());

  // A free tag stays next to the names.
  p.tag = "NaCl melt, level 8";
  const Potential t = parse(written(p));
  EXPECT_EQ(t.tag, "NaCl melt, level 8");
  EXPECT_EQ(t.species_names, p.species_names);
  EXPECT_NE(written(p).find("potential_tag = species_names: Na Cl; NaCl melt, level 8\n"), std::string::npos);
}

TEST(MtpFile, ATagLineKeptFromTheFileFollowsNamesGivenSince) {
  REQUIRE_SHARED();
  const std::string path = mtp::test::shared_path("data/mlearn/Mo/maml_fitted.mtp");
  mtp::io::MtpFileLayout layout;
  Potential p = mtp::io::load_potential(path, &layout);
  ASSERT_TRUE(p.species_names.empty());
  p.species_names = {"Mo"};
  const std::string text = written(p, &layout);
  EXPECT_NE(text.find("\npotential_tag = species_names: Mo\n"), std::string::npos);
  EXPECT_EQ(as_tag_blind_loader_sees(text), as_tag_blind_loader_sees(read_file(path)));
  EXPECT_EQ(parse(text).species_names, p.species_names);
}

TEST(MtpFile, BadSpeciesNamesAreErrorsAtTheTagLine) {
  REQUIRE_SHARED();
  auto with_tag = [](int species, const std::string& tag) {
    std::string t = template_text(species);
    const std::size_t at = t.find("potential_tag");
    t.replace(at, t.find('\n', at) - at, "potential_tag = " + tag);
    return t;
  };
  EXPECT_EQ(parse(with_tag(3, "species_names: Ni Al Co")).species_names,
            (std::vector<std::string>{"Ni", "Al", "Co"}));
  for (const auto& [species, tag, what] :
       std::vector<std::tuple<int, std::string, std::string>>{{3, "species_names: Ni Al", "names 2 species"},
                                                              {1, "species_names: Ni Al", "names 2 species"},
                                                              {2, "species_names: Ni Ni", "twice"},
                                                              {2, "species_names: Ni 1x", "'1x'"},
                                                              {1, "species_names:", "no names"}}) {
    SCOPED_TRACE(tag);
    try {
      parse(with_tag(species, tag));
      ADD_FAILURE() << "accepted";
    } catch (const mtp::Error& e) {
      EXPECT_EQ(e.file(), "test.mtp");
      EXPECT_EQ(e.line(), 5);
      EXPECT_NE(e.message().find(what), std::string::npos) << e.what();
    }
  }
  // A potential holding names that do not fit is not written.
  Potential p = parse(template_text(2));
  p.species_names = {"Na"};
  EXPECT_THROW(written(p), mtp::Error);
  p.species_names = {"Na", "Na"};
  EXPECT_THROW(written(p), mtp::Error);
  p.species_names = {"Na", "C#"};
  EXPECT_THROW(written(p), mtp::Error);
}

TEST(MtpFile, RadialBasisScalingIsFoldedIntoTheGlobalScaling) {
  REQUIRE_SHARED();
  std::string t = template_text(1, "\tscaling = 2.5\n");
  t.insert(t.find("species_count"), "scaling = 0.5\n");
  const Potential p = parse(t);
  EXPECT_DOUBLE_EQ(p.scaling, 1.25);
  EXPECT_NE(written(p).find("scaling = 1.250000000000000e+00\n"), std::string::npos);
}

TEST(MtpFile, EveryMlip3BasisTypeLoadsAndIsWrittenBack) {
  REQUIRE_SHARED();
  for (const char* type : {"RBShapeev", "RBChebyshev_repuls", "RBTaylor", "BChebyshev", "BChebyshev_repuls"}) {
    std::string t = template_text(1);
    t.replace(t.find("RBChebyshev"), 11, type);
    const Potential p = parse(t);
    EXPECT_EQ(p.radial.type, type);
    std::ostringstream out;
    mtp::io::write_potential(out, p);
    EXPECT_NE(out.str().find(std::string("radial_basis_type = ") + type + "\n"), std::string::npos) << out.str();
    EXPECT_EQ(parse(out.str()).radial.type, type);
  }
}

TEST(MtpFile, UnsupportedBasisTypeIsAnErrorNamingIt) {
  REQUIRE_SHARED();
  for (const char* type : {"RBLegendre", "RBChebyshev_repulsive"}) {
    std::string t = template_text(1);
    t.replace(t.find("RBChebyshev"), 11, type);
    try {
      parse(t);
      ADD_FAILURE() << "no error for " << type;
    } catch (const mtp::Error& e) {
      EXPECT_NE(std::string(e.what()).find(type), std::string::npos) << e.what();
      EXPECT_EQ(e.line(), 6);
    }
  }
}

TEST(MtpFile, MalformedFilesGiveFileAndLine) {
  REQUIRE_SHARED();
  std::string t = template_text(1);
  t.replace(t.find("alpha_index_basic_count = 11"), 28, "alpha_index_basic_count = 12");
  try {
    parse(t);
    ADD_FAILURE();
  } catch (const mtp::Error& e) {
    EXPECT_EQ(e.file(), "test.mtp");
    EXPECT_EQ(e.line(), 13);
    EXPECT_NE(e.message().find("12"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse("MTP\nversion = 1.0.0\n"), mtp::Error);
  EXPECT_THROW(parse("NOT\n"), mtp::Error);
  std::string cut = template_text(1);
  cut.resize(cut.find("alpha_moment_mapping"));
  EXPECT_THROW(parse(cut), mtp::Error);
  std::string bad_mu = template_text(1);
  bad_mu.replace(bad_mu.find("radial_funcs_count = 2"), 22, "radial_funcs_count = 3");
  EXPECT_THROW(parse(bad_mu), mtp::Error);
}

// LAMMPS's potential files begin with '#' lines (DATE:, CONTRIBUTOR:); LAMMPS ML-MTP's NaKCl.mtp does.
TEST(MtpFile, LeadingCommentLinesOfLammpsPotentialFilesAreSkipped) {
  REQUIRE_SHARED();
  const std::string t = template_text(1);
  const Potential plain = parse(t);
  const Potential commented = parse("# DATE: 2025-01-16 UNITS: metal CONTRIBUTOR: someone\n#\n" + t);
  EXPECT_EQ(written(commented), written(plain));
  // Errors still name the right line: one further down than without the comment.
  const auto line_of_error = [](const std::string& text) {
    try {
      parse(text);
    } catch (const mtp::Error& e) {
      return e.line();
    }
    ADD_FAILURE() << "no error for " << text;
    return -1L;
  };
  EXPECT_EQ(line_of_error("# comment\nNOT\n"), line_of_error("NOT\n") + 1);
}

TEST(MtpFile, SaveIsAtomicAndReadable) {
  REQUIRE_SHARED();
  const std::string dir = mtp::test::scratch_dir("mtpfile");
  const Potential p = parse(template_text(2));
  mtp::io::save_potential(dir + "/p.mtp", p);
  const Potential q = mtp::io::load_potential(dir + "/p.mtp");
  EXPECT_EQ(q.parameters(), p.parameters());
  EXPECT_THROW(mtp::io::save_potential(dir + "/no/such/dir/p.mtp", p), mtp::Error);
  EXPECT_THROW(mtp::io::load_potential(dir + "/missing.mtp"), mtp::Error);
}

}  // namespace
