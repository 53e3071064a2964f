// Magnetic MTP (MLIP-3's magnetic_basis_type): energies, forces, stresses, site energies and dE/dm equal
// MLIP-3's outputs (reads ../shared/reference/mlip3/expected/magnetic_efs and magnetic_train; skips without
// them), where MLIP-3 is silently wrong we refuse or clamp instead, and forces, stresses, moment derivatives and
// parameter gradients are the derivatives of the energy.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "mtp/core/configuration.hpp"
#include "mtp/core/error.hpp"
#include "mtp/core/neighbor_list.hpp"
#include "mtp/io/almtp_file.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/model/efs_parameter_gradient.hpp"
#include "mtp/model/evaluator.hpp"
#include "mtp/model/magnetic_moments.hpp"
#include "support/energy_derivatives.hpp"
#include "support/files.hpp"
#include "support/paths.hpp"

namespace {

using mtp::Configuration;
using mtp::Evaluator;
using mtp::Mat3;
using mtp::NeighborList;
using mtp::Potential;
using mtp::Vec3;

std::string efs_dir() { return mtp::test::shared_path("reference/mlip3/expected/magnetic_efs"); }
std::string train_dir() { return mtp::test::shared_path("reference/mlip3/expected/magnetic_train"); }

class Magnetic : public ::testing::Test {
 protected:
  void SetUp() override { REQUIRE_SHARED(); }
};

bool moments_within(const Configuration& cfg, const Potential& p) {
  for (const Vec3& m : cfg.magnetic_moments)
    if (m.x < p.magnetic.min_val || m.x > p.magnetic.max_val) return false;
  return true;
}

// MLIP-3's printed digits: Energy %.12f, forces %.6f, PlusStress %.5f, en_der %.5f, site_en %.12f.
void expect_same_efs(const Evaluator& ev, const Configuration& in, const Configuration& want, const std::string& at) {
  const mtp::EfsResults got = ev.compute(in);
  const double n = double(in.size());
  EXPECT_NEAR(got.energy, *want.energy, 2e-12 * n + 1e-13 * std::abs(*want.energy)) << at;
  ASSERT_EQ(want.magnetic_moment_energy_derivatives.size(), in.size()) << at;
  for (std::size_t i = 0; i < in.size(); ++i) {
    for (int a = 0; a < 3; ++a) EXPECT_NEAR(got.forces[i][a], want.forces[i][a], 1.5e-6) << at << " atom " << i + 1;
    EXPECT_NEAR(got.moment_derivatives[i], want.magnetic_moment_energy_derivatives[i].x, 1.5e-5)
        << at << " en_der of atom " << i + 1;
    if (want.has_site_energies()) {
      EXPECT_NEAR(got.site_energies[i], want.site_energies[i], 1.5e-12) << at << " site energy " << i + 1;
    }
  }
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) EXPECT_NEAR(got.virial(a, b), (*want.virial)(a, b), 1.5e-5) << at << " stress";
}

TEST_F(Magnetic, FileRoundTrip) {
  const Potential p = mtp::io::load_potential(efs_dir() + "/al_fe_mag.mtpr");
  ASSERT_TRUE(p.is_magnetic());
  EXPECT_EQ(p.magnetic.type, "BChebyshev");
  EXPECT_EQ(p.magnetic.size, 2);
  EXPECT_DOUBLE_EQ(p.magnetic.min_val, -1.3);
  EXPECT_DOUBLE_EQ(p.magnetic.max_val, 3.1);
  EXPECT_EQ(p.pair_basis_size(), 12 * 4);
  EXPECT_EQ(p.radial_coeffs.size(), std::size_t(4 * 4 * 12 * 4));
  std::ostringstream out;
  mtp::io::write_potential(out, p);
  std::istringstream in(out.str());
  const Potential q = mtp::io::read_potential(in, "written.mtp");
  EXPECT_EQ(q.magnetic.type, p.magnetic.type);
  EXPECT_EQ(q.magnetic.size, p.magnetic.size);
  EXPECT_EQ(q.parameters(), p.parameters());
}

// Both fixture potentials on MLIP-3's own configuration and on the variants (displaced, strained, random
// moments, all moments zero), with site energies where MLIP-3 wrote them. Moments outside the basis interval
// are clamped here, not by MLIP-3: such configurations are checked against the clamped moments instead.
TEST_F(Magnetic, EfsAndMomentDerivativesEqualMlip3) {
  struct Case {
    const char* potential;
    const char* input;
    const char* output;
  };
  const Case cases[] = {
      // fe_mag.mtp has no coefficients: MLIP-3's load defaults (Potential::set_untrained_defaults).
      {"fe_mag.mtp", "fe_magmom.cfg", "efs_fe_mag__fe_magmom.cfg"},
      {"fe_mag.mtp", "fe_variants.cfg", "efs_fe_mag__fe_variants.cfg"},
      {"fe_mag_random.mtp", "fe_magmom.cfg", "efs_fe_mag_random__fe_magmom.cfg"},
      {"fe_mag_random.mtp", "fe_variants_siteen.cfg", "efs_fe_mag_random__fe_variants_siteen.cfg"},
      {"al_fe_mag.mtpr", "al_fe_mag.cfg", "efs_al_fe_mag__al_fe_mag.cfg"},
      {"al_fe_mag.mtpr", "alfe_variants_siteen.cfg", "efs_al_fe_mag__alfe_variants_siteen.cfg"},
  };
  int compared = 0, clamped = 0;
  for (const Case& c : cases) {
    const Potential pot = mtp::io::load_potential(efs_dir() + "/" + c.potential);
    const Evaluator ev(pot);
    const auto inputs = mtp::test::read_cfg_file(efs_dir() + "/" + c.input);
    const auto outputs = mtp::test::read_cfg_file(efs_dir() + "/" + c.output);
    ASSERT_EQ(inputs.size(), outputs.size());
    for (std::size_t k = 0; k < inputs.size(); ++k) {
      const std::string at = std::string(c.output) + " cfg " + std::to_string(k + 1);
      const Configuration& in = inputs[k];
      bool collinear = in.has_magnetic_moments();
      for (const Vec3& m : in.magnetic_moments) collinear = collinear && m.y == 0.0 && m.z == 0.0;
      if (!collinear) {
        // No moment columns (MLIP-3 sums the magnetic blocks) or y/z components (MLIP-3 ignores them): refused.
        EXPECT_THROW(ev.compute(in), mtp::Error) << at;
        continue;
      }
      if (moments_within(in, pot)) {
        expect_same_efs(ev, in, outputs[k], at);
        ++compared;
      } else {
        Configuration at_bounds = in;
        for (Vec3& m : at_bounds.magnetic_moments) m.x = std::clamp(m.x, pot.magnetic.min_val, pot.magnetic.max_val);
        const mtp::EfsResults a = ev.compute(in), b = ev.compute(at_bounds);
        EXPECT_EQ(a.energy, b.energy) << at;
        for (std::size_t i = 0; i < in.size(); ++i) {
          const double m = in.magnetic_moments[i].x;
          if (m < pot.magnetic.min_val || m > pot.magnetic.max_val) {
            EXPECT_EQ(a.moment_derivatives[i], 0.0) << at;
          }
        }
        ++clamped;
      }
    }
  }
  // fe_mag and fe_mag_random: their fixture and 9 collinear variants each; al_fe_mag: its fixture and the
  // all-zero variant, while its 7 other collinear variants draw moments from [-2.5, 2.5], partly outside its
  // [-1.3, 3.1].
  EXPECT_EQ(compared, 23);
  EXPECT_EQ(clamped, 7);
}

// MLIP-3's trained magnetic potential (magnetic_train/run1) on its training set.
TEST_F(Magnetic, TrainedAlmtpEqualsMlip3) {
  const Evaluator ev(mtp::io::load_almtp(train_dir() + "/run1/trained.almtp").potential);
  const auto inputs = mtp::test::read_cfg_file(train_dir() + "/train_mag.cfg");
  const auto outputs = mtp::test::read_cfg_file(train_dir() + "/efs_trained__train_mag.cfg");
  ASSERT_EQ(inputs.size(), outputs.size());
  for (std::size_t k = 0; k < inputs.size(); ++k)
    expect_same_efs(ev, inputs[k], outputs[k], "efs_trained__train_mag.cfg cfg " + std::to_string(k + 1));
}

TEST_F(Magnetic, RefusalsNameWhatIsWrong) {
  const Potential pot = mtp::io::load_potential(efs_dir() + "/fe_mag_random.mtp");
  Configuration cfg = mtp::test::read_cfg_file(efs_dir() + "/fe_magmom.cfg").front();
  Configuration none = cfg;
  none.magnetic_moments.clear();
  try {
    mtp::collinear_magnetic_moments(none, pot);
    ADD_FAILURE();
  } catch (const mtp::Error& e) {
    EXPECT_NE(std::string(e.what()).find("magmom_x"), std::string::npos) << e.what();
  }
  cfg.magnetic_moments[2].z = 0.5;
  try {
    mtp::collinear_magnetic_moments(cfg, pot);
    ADD_FAILURE();
  } catch (const mtp::Error& e) {
    EXPECT_NE(std::string(e.what()).find("atom 3"), std::string::npos) << e.what();
  }
}

// A small magnetic cell from MLIP-3's variants with moments inside the basis interval.
Configuration magnetic_cell() {
  Configuration cfg = mtp::test::read_cfg_file(efs_dir() + "/fe_variants.cfg")[0];
  cfg.clear_efs();
  cfg.magnetic_moment_energy_derivatives.clear();
  return cfg;
}

double energy(const Evaluator& ev, const Configuration& cfg) { return ev.compute(cfg).energy; }

TEST_F(Magnetic, ForcesStressesAndMomentDerivativesAreEnergyDerivatives) {
  const Evaluator ev(mtp::io::load_potential(efs_dir() + "/fe_mag_random.mtp"));
  const Configuration cfg = magnetic_cell();
  const double h = 1e-6;
  EXPECT_GT(mtp::test::expect_forces_and_virial_are_energy_derivatives(ev, cfg, h, 1e-6, "fe_mag_random"), 0.1);
  const mtp::EfsResults res = ev.compute(cfg);
  double dmax = 0.0;
  for (double d : res.moment_derivatives) dmax = std::max(dmax, std::abs(d));
  ASSERT_GT(dmax, 0.01);
  for (std::size_t i = 0; i < cfg.size(); ++i) {
    Configuration plus = cfg, minus = cfg;
    plus.magnetic_moments[i].x += h;
    minus.magnetic_moments[i].x -= h;
    EXPECT_NEAR(res.moment_derivatives[i], (energy(ev, plus) - energy(ev, minus)) / (2 * h), 1e-6 * dmax) << i;
  }
}

// dE/dtheta, dV_i/dtheta (grades) and the training gradient of J = w E + sum_i v_i . F_i + U : W over every
// parameter, the magnetic blocks included, against finite differences; the linear rows reproduce E, F and W.
TEST_F(Magnetic, ParameterGradientsMatchFiniteDifferences) {
  const Potential pot = mtp::io::load_potential(efs_dir() + "/fe_mag_random.mtp");
  const Evaluator ev(pot);
  const Configuration cfg = magnetic_cell();
  const NeighborList nl = NeighborList::build(cfg, ev.cutoff());
  const std::vector<double> moments = mtp::collinear_magnetic_moments(cfg, pot);
  const mtp::AtomAttributes atoms{cfg.types.data(), moments.data()};
  const std::vector<double> grad = ev.energy_parameter_gradient(nl, atoms);
  const std::vector<double> sites = ev.site_energy_parameter_gradients(nl, atoms);
  std::mt19937 rng(9);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<Vec3> v(cfg.size());
  for (Vec3& x : v) x = Vec3{u(rng), u(rng), u(rng)} * 0.1;
  Mat3 U;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) U(a, b) = 0.01 * u(rng);
  const double w = 0.4;
  const mtp::EfsParameterGradient kernel(pot);
  std::vector<double> jgrad(pot.parameter_count(), 0.0);
  kernel.add_combination_gradient(nl, atoms, cfg.size(), w, v, U, jgrad);
  auto J = [&](const Potential& p) {
    const mtp::EfsResults r = Evaluator(p).compute(cfg);
    double j = w * r.energy;
    for (std::size_t i = 0; i < cfg.size(); ++i) j += mtp::dot(v[i], r.forces[i]);
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) j += U(a, b) * r.virial(a, b);
    return j;
  };
  double gmax = 0.0, jmax = 0.0;
  for (double g : grad) gmax = std::max(gmax, std::abs(g));
  for (double g : jgrad) jmax = std::max(jmax, std::abs(g));
  const std::vector<double> theta = pot.parameters();
  const std::size_t P = theta.size();
  ASSERT_EQ(P, std::size_t(64 + 1 + 92));
  for (std::size_t p = 0; p < P; ++p) {
    const double h = 1e-6 * std::max(1.0, std::abs(theta[p]));
    std::vector<double> tp = theta, tm = theta;
    tp[p] += h;
    tm[p] -= h;
    Potential plus = pot, minus = pot;
    plus.set_parameters(tp);
    minus.set_parameters(tm);
    const mtp::EfsResults ep = Evaluator(plus).compute(cfg), em = Evaluator(minus).compute(cfg);
    EXPECT_NEAR(grad[p], (ep.energy - em.energy) / (2 * h), 1e-6 * gmax) << "parameter " << p;
    for (std::size_t i = 0; i < cfg.size(); i += 5)
      EXPECT_NEAR(sites[i * P + p], (ep.site_energies[i] - em.site_energies[i]) / (2 * h), 1e-6 * gmax)
          << "site " << i << " parameter " << p;
    EXPECT_NEAR(jgrad[p], (J(plus) - J(minus)) / (2 * h), 1e-6 * jmax) << "parameter " << p;
  }
  const mtp::LinearRows rows = kernel.linear_rows(nl, atoms, cfg.size(), true, true);
  const mtp::EfsResults res = ev.compute(cfg);
  const std::size_t nr = pot.radial_parameter_count();
  double e = 0.0;
  for (std::size_t c = 0; c < rows.columns; ++c) e += rows.energy[c] * theta[nr + c];
  EXPECT_NEAR(e, res.energy, 1e-10 * std::max(1.0, std::abs(res.energy)));
  for (std::size_t r = 0; r < 3 * cfg.size(); ++r) {
    double f = 0.0;
    for (std::size_t c = 0; c < rows.columns; ++c) f += rows.forces[r * rows.columns + c] * theta[nr + c];
    EXPECT_NEAR(f, res.forces[r / 3][int(r % 3)], 1e-9) << "row " << r;
  }
}

}  // namespace
