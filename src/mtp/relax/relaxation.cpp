#include "mtp/relax/relaxation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "mtp/core/error.hpp"
#include "mtp/relax/relaxation_bfgs.hpp"

namespace mtp {
namespace {

constexpr double kGpaPerEvPerA3Hessian = 160.2176487;  // MLIP-2 uses this older value for the Hessian guess

// Distances below this are looked for first; a configuration with no pair that close is searched again
// with MLIP-2's wider net.
double min_distance(const Configuration& cfg) {
  const double d = cfg.min_distance(4.0);
  return std::isfinite(d) ? d : cfg.min_distance(10.0);
}

double max_abs(const Mat3& m) {
  double r = 0.0;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) r = std::max(r, std::fabs(m(a, b)));
  return r;
}

std::string fixed6(double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%f", v);
  return buf;
}

class Relaxer {
 public:
  Relaxer(const Configuration& input, const EfsFunction& efs, const RelaxationSettings& s, bool keep_log, long index)
      : efs_(efs), s_(s), keep_log_(keep_log), index_(index) {
    result_.configuration = input;
    atoms_ = s.relaxes_positions();
    cell_ = s.relaxes_cell() && input.lattice.periodic_dims == 3;
    offset_ = cell_ ? 9 : 0;
    pressure_ = s.pressure_gpa / kGpaPerEvPerA3;
    bfgs_.wolfe_c1 = s.wolfe_c1;
    bfgs_.wolfe_c2 = s.wolfe_c2;
  }

  RelaxationResult run() {
    Configuration& cfg = result_.configuration;
    if (cfg.size() == 0 || s_.iteration_limit <= 0) {
      result_.status = RelaxationStatus::NotStarted;
      return std::move(result_);
    }
    if (cfg.lattice.periodic_dims != 3 && atoms_ == false)
      return fail("relaxation needs a periodic cell when only the cell relaxes");
    if (cfg.lattice.periodic_dims != 0 && cfg.lattice.periodic_dims != 3)
      return fail("relaxation supports bulk (3D-periodic) cells and clusters only");
    try {
      evaluate();  // MLIP-2 evaluates (and so grades) the input once before anything else
      if (!start()) return std::move(result_);
      for (long step = 0; step < s_.iteration_limit; ++step) {
        evaluate();
        ++result_.iterations;
        to_function_and_gradient();
        if (keep_log_) write_log(step);
        if (converged()) {
          result_.accepted_enthalpies.push_back(f_);
          cfg.features["min_dist"] = fixed6(min_distance(cfg));
          cfg.features["from"] = "relaxation_OK";
          result_.status = RelaxationStatus::Converged;
          return std::move(result_);
        }
        x_prev_ = x_;
        bfgs_.iterate(f_, g_);
        if (bfgs_.accepted_last()) result_.accepted_enthalpies.push_back(f_);
        x_ = bfgs_.x();
        to_configuration();
        mindist_ = constraint_distance();
        if (max_step_ < s_.min_step) {
          // Happens when the line search repeats a point: start the line again from here.
          ++result_.small_steps;
          bfgs_.start_at(x_);
        }
        if ((mindist_ < s_.min_dist || max_step_ > s_.max_step) && !shorten_step()) {
          bfgs_.shrink_step(0.0);
          if (!std::isfinite(mindist_)) mindist_ = min_distance(cfg);
          cfg.features["min_dist"] = fixed6(mindist_);
          if (mindist_ < s_.min_dist) {
            cfg.features["from"] = "relaxation_MINDIST_ERROR";
            return fail("Unable to fit to mindist constraint");
          }
          cfg.features["from"] = "relaxation_ERROR";
          return fail("Relaxation error: steps too small to satisfy the max-step constraint");
        }
      }
      // Iteration limit: MLIP-2 rolls the optimiser back but then evaluates and writes the configuration at
      // the last trial point (its variables are not rolled back); so do we.
      bfgs_.shrink_step(0.0);
      to_configuration();
      evaluate();
      cfg.features["from"] = "relaxation_NOT_CONVERGED";
      cfg.features["min_dist"] = fixed6(min_distance(cfg));
      result_.status = RelaxationStatus::NotConverged;
      return std::move(result_);
    } catch (const std::exception& e) {
      return fail(e.what());
    }
  }

 private:
  RelaxationResult fail(const std::string& why) {
    result_.status = RelaxationStatus::Failed;
    result_.failure = why;
    return std::move(result_);
  }

  void evaluate() {
    ++result_.evaluations;
    efs_(result_.configuration);
    const Configuration& cfg = result_.configuration;
    if (!cfg.energy || cfg.forces.size() != cfg.size() || (cell_ && !cfg.virial))
      throw Error("relaxation: the energy model returned no energy, forces or virial");
  }

  // Wraps atoms into the cell, checks the start distance and sets the variables and the initial
  // inverse Hessian.
  bool start() {
    Configuration& cfg = result_.configuration;
    if (cfg.lattice.periodic_dims == 3)
      for (Vec3& p : cfg.positions) {
        Vec3 s = cfg.lattice.to_fractional(p);
        s = Vec3{s.x - std::floor(s.x), s.y - std::floor(s.y), s.z - std::floor(s.z)};
        p = cfg.lattice.to_cartesian(s);
      }
    mindist_ = min_distance(cfg);
    if (mindist_ < s_.min_dist) {
      result_.status = RelaxationStatus::Failed;
      result_.failure = "Relaxation: Minimal distance in initial configuration is too short. " + fixed6(mindist_);
      return false;
    }
    const std::size_t n = offset_ + (atoms_ ? 3 * cfg.size() : 0);
    x_.assign(n, 0.0);
    g_.assign(n, 0.0);
    x_prev_.assign(n, 0.0);
    const Mat3& lat = cfg.lattice.rows;
    if (cell_)
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) x_[3 * a + b] = lat(a, b);
    if (atoms_)
      for (std::size_t i = 0; i < cfg.size(); ++i) {
        const Vec3 s = fractional(cfg, cfg.positions[i]);
        x_[offset_ + 3 * i] = s.x;
        x_[offset_ + 3 * i + 1] = s.y;
        x_[offset_ + 3 * i + 2] = s.z;
      }
    bfgs_.start_at(x_);
    bfgs_.reset_hessian();
    max_step_ = 0.0;
    if (atoms_) {
      // Positions are fractional, so the Cartesian guess k^-1 I becomes (L L^T)^-1 / k.
      const Mat3 metric = cfg.lattice.periodic_dims == 3 ? lat * transpose(lat) : Mat3::identity();
      const Mat3 block = inverse(metric) * (1.0 / s_.force_constant_guess);
      for (std::size_t i = 0; i < cfg.size(); ++i)
        for (int a = 0; a < 3; ++a)
          for (int b = 0; b < 3; ++b) bfgs_.inverse_hessian(offset_ + 3 * i + a, offset_ + 3 * i + b) = block(a, b);
    }
    if (cell_) {
      const Mat3 block =
          (transpose(lat) * lat) * (kGpaPerEvPerA3Hessian / s_.elastic_constant_guess / std::fabs(determinant(lat)));
      for (int i = 0; i < 3; ++i)
        for (int a = 0; a < 3; ++a)
          for (int b = 0; b < 3; ++b) bfgs_.inverse_hessian(3 * i + a, 3 * i + b) = block(a, b);
    }
    return true;
  }

  // Fractional coordinates; clusters keep Cartesian ones (their "cell" is not a frame).
  static Vec3 fractional(const Configuration& cfg, const Vec3& p) {
    return cfg.lattice.periodic_dims == 3 ? cfg.lattice.to_fractional(p) : p;
  }

  void to_function_and_gradient() {
    const Configuration& cfg = result_.configuration;
    const Mat3& lat = cfg.lattice.rows;
    const double volume = cfg.lattice.periodic_dims == 3 ? std::fabs(determinant(lat)) : 0.0;
    f_ = *cfg.energy + pressure_ * volume;
    if (cell_) {
      Mat3 stress = *cfg.virial - Mat3::identity() * (pressure_ * volume);
      const Mat3 d = transpose(inverse(lat)) * stress;
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) g_[3 * a + b] = -d(a, b);
      max_stress_ = max_abs(stress) * kGpaPerEvPerA3 / volume;
    } else {
      max_stress_ = (cfg.virial && volume > 0.0) ? max_abs(*cfg.virial * (1.0 / volume)) * kGpaPerEvPerA3 : 0.0;
    }
    max_force_ = 0.0;
    const bool periodic = cfg.lattice.periodic_dims == 3;
    for (std::size_t i = 0; i < cfg.size(); ++i) {
      const Vec3& force = cfg.forces[i];
      if (atoms_) {
        // dE/ds_i = -L F_i (x_i = s_i L).
        for (int a = 0; a < 3; ++a)
          g_[offset_ + 3 * i + a] =
              periodic ? -(lat(a, 0) * force.x + lat(a, 1) * force.y + lat(a, 2) * force.z) : -force[a];
      }
      max_force_ = std::max(max_force_, norm(force));
    }
  }

  // Puts x into the configuration and measures the step from x_prev (largest move of a lattice vector or
  // an atom, in A).
  void to_configuration() {
    Configuration& cfg = result_.configuration;
    max_step_ = 0.0;
    if (cell_) {
      Mat3 target;
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) target(a, b) = x_[3 * a + b];
      const Mat3 deformation = inverse(cfg.lattice.rows) * target;
      const Mat3 new_rows = cfg.lattice.rows * deformation;
      if (!atoms_)
        for (Vec3& p : cfg.positions) p = p * deformation;
      cfg.lattice.rows = new_rows;
      for (int a = 0; a < 3; ++a) {
        const Vec3 d{x_[3 * a] - x_prev_[3 * a], x_[3 * a + 1] - x_prev_[3 * a + 1], x_[3 * a + 2] - x_prev_[3 * a + 2]};
        max_step_ = std::max(max_step_, norm(d));
      }
    }
    if (atoms_) {
      const bool periodic = cfg.lattice.periodic_dims == 3;
      for (std::size_t i = 0; i < cfg.size(); ++i) {
        const std::size_t k = offset_ + 3 * i;
        Vec3 s{x_[k], x_[k + 1], x_[k + 2]};
        if (periodic) {
          s = Vec3{s.x - std::floor(s.x), s.y - std::floor(s.y), s.z - std::floor(s.z)};
          cfg.positions[i] = cfg.lattice.to_cartesian(s);
        } else {
          cfg.positions[i] = s;
        }
      }
      for (std::size_t i = 0; i < cfg.size(); ++i) {
        const std::size_t k = offset_ + 3 * i;
        const Vec3 ds{x_[k] - x_prev_[k], x_[k + 1] - x_prev_[k + 1], x_[k + 2] - x_prev_[k + 2]};
        max_step_ = std::max(max_step_, norm(periodic ? ds * cfg.lattice.rows : ds));
      }
    }
  }

  // Halves the trial step until it satisfies max_step and min_dist; false when it falls below min_step.
  bool shorten_step() {
    while (mindist_ < s_.min_dist || max_step_ > s_.max_step) {
      x_ = bfgs_.shrink_step(0.5);
      to_configuration();
      mindist_ = constraint_distance();
      if (max_step_ < s_.min_step) return false;
    }
    return true;
  }

  // The smallest distance where it matters: only pairs closer than min_dist can break the constraint, and
  // a neighbour list that short is much cheaper than the energy's (infinity: no such pair). The log shows
  // the true value, as MLIP-2's does.
  double constraint_distance() const {
    if (keep_log_) return min_distance(result_.configuration);
    if (!(s_.min_dist > 0.0)) return std::numeric_limits<double>::infinity();
    return result_.configuration.min_distance(s_.min_dist);
  }

  bool converged() const {
    return (!atoms_ || max_force_ < s_.force_tolerance) && (!cell_ || max_stress_ < s_.stress_tolerance);
  }

  void write_log(long step) {
    const Configuration& cfg = result_.configuration;
    std::ostringstream line;
    line << "cfg " << index_ << "\titr " << step << "\t dx " << max_step_ << "\t md " << mindist_ << "\te/a "
         << *cfg.energy / static_cast<double>(cfg.size()) << "\tent " << f_ << "\tfrc " << max_force_ << "\tstr "
         << max_stress_;
    result_.log.push_back(line.str());
  }

  const EfsFunction& efs_;
  const RelaxationSettings& s_;
  bool keep_log_;
  long index_;
  RelaxationResult result_;
  bool atoms_ = true, cell_ = true;
  std::size_t offset_ = 0;
  double pressure_ = 0.0;  // eV/A^3
  RelaxationBfgs bfgs_;
  std::vector<double> x_, x_prev_, g_;
  double f_ = 0.0, max_force_ = 0.0, max_stress_ = 0.0, max_step_ = 0.0, mindist_ = 0.0;
};

}  // namespace

void check_relaxation_settings(const RelaxationSettings& s) {
  if (!s.relaxes_positions() && !s.relaxes_cell())
    throw Error("relax: nothing to relax (--force-tolerance and --stress-tolerance are both 0)");
  if (!(s.max_step > 0.0)) throw Error("relax: --max-step must be positive");
  if (!(s.min_step >= 0.0) || !(s.min_step < s.max_step)) throw Error("relax: --min-step must lie in [0, max-step)");
  if (!(s.min_dist >= 0.0)) throw Error("relax: --min-dist must not be negative");
  if (!(s.wolfe_c1 > 0.0 && s.wolfe_c1 < s.wolfe_c2 && s.wolfe_c2 < 1.0))
    throw Error("relax: need 0 < --bfgs-wolfe-c1 < --bfgs-wolfe-c2 < 1");
  if (!std::isfinite(s.pressure_gpa)) throw Error("relax: --pressure must be a number");
  if (!(s.force_constant_guess > 0.0) || !(s.elastic_constant_guess > 0.0))
    throw Error("relax: the elasticity scales must be positive");
}

RelaxationResult relax_configuration(const Configuration& input, const EfsFunction& efs,
                                     const RelaxationSettings& settings, bool keep_log, long index) {
  check_relaxation_settings(settings);
  return Relaxer(input, efs, settings, keep_log, index).run();
}

}  // namespace mtp
