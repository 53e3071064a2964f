#include "mtp/fit/training_report.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>

#include "mtp/io/cfg_text.hpp"
#include "mtp/model/evaluator.hpp"

namespace mtp::fit {
namespace {

// Differences of one quantity: count, max, sum and sum of squares of the difference, and max and sum of squares
// of the reference values (for the relative lines).
struct Stat {
  long count = 0;
  double max_diff = 0.0, sum_diff = 0.0, sum_sq_diff = 0.0;
  double max_value = 0.0, sum_sq_value = 0.0;
  void add(double diff, double value) {
    ++count;
    max_diff = std::max(max_diff, diff);
    sum_diff += diff;
    sum_sq_diff += diff * diff;
    max_value = std::max(max_value, value);
    sum_sq_value += value * value;
  }
};

double frobenius(const Mat3& m) {
  double s = 0.0;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) s += m.m[a][b] * m.m[a][b];
  return std::sqrt(s);
}

}  // namespace

void report_errors(const Potential& potential, const std::string& cfg_path, std::ostream& out, int threads) {
  Evaluator evaluator(potential);
  evaluator.set_threads(threads);
  Stat energy, energy_atom, force, stress, stress_gpa;
  double force_rms_components = 0.0;
  auto reader = io::make_cfg_reader(cfg_path);
  Configuration cfg;
  constexpr double kGPa = 160.2176487;
  while (reader->next(cfg)) {
    if (cfg.size() == 0) continue;
    const EfsResults r = evaluator.compute(cfg);
    const double n = double(cfg.size());
    if (cfg.has_energy()) {
      const double d = std::abs(r.energy - *cfg.energy);
      energy.add(d, std::abs(*cfg.energy));
      energy_atom.add(d / n, std::abs(*cfg.energy) / n);
    }
    if (cfg.has_forces())
      for (std::size_t i = 0; i < cfg.size(); ++i) {
        const Vec3 d = r.forces[i] - cfg.forces[i];
        force.add(norm(d), norm(cfg.forces[i]));
        force_rms_components += norm2(d);
      }
    if (cfg.has_virial()) {
      const Mat3 d = r.virial - *cfg.virial;
      stress.add(frobenius(d), frobenius(*cfg.virial));
      if (cfg.lattice.periodic_dims == 3) {
        const double v = cfg.lattice.volume();
        stress_gpa.add(frobenius(d) * kGPa / v, frobenius(*cfg.virial) * kGPa / v);
      }
    }
  }
  auto rms = [](double sum_sq, double count) { return count > 0 ? std::sqrt(sum_sq / count) : 0.0; };
  auto block = [&](const char* title, const Stat& s, const char* unit, bool relative, const char* rel_name,
                   double average, double rms_value, double rms_reference, bool last = false) {
    out << title << ":\n\tErrors checked for " << s.count << " " << unit << "\n"
        << "\tMaximal absolute difference = " << s.max_diff << "\n"
        << "\tAverage absolute difference = " << average << "\n"
        << "\tRMS     absolute difference = " << rms_value << "\n";
    if (relative) {
      out << "\tMax(" << rel_name << "Diff) / Max(" << rel_name << ") = " << (s.max_value > 0 ? s.max_diff / s.max_value : 0.0)
          << "\n\tRMS(" << rel_name << "Diff) / RMS(" << rel_name << ") = "
          << (rms_reference > 0 ? rms_value / rms_reference : 0.0) << "\n";
    }
    if (!last) out << "\n";
  };
  out << "_________________Errors report_________________\n";
  block("Energy", energy, "configurations", false, "", energy.count ? energy.sum_diff / energy.count : 0.0,
        rms(energy.sum_sq_diff, double(energy.count)), 0.0);
  block("Energy per atom", energy_atom, "configurations", false, "",
        energy_atom.count ? energy_atom.sum_diff / energy_atom.count : 0.0,
        rms(energy_atom.sum_sq_diff, double(energy_atom.count)), 0.0);
  const double nf = 3.0 * double(force.count);
  block("Forces", force, "atoms", true, "Force", nf > 0 ? force.sum_diff / nf : 0.0, rms(force_rms_components, nf),
        rms(force.sum_sq_value, nf));
  const double ns = 9.0 * double(stress.count);
  block("Stresses (in eV)", stress, "configurations", true, "Stres", stress.count ? stress.sum_diff / ns : 0.0,
        rms(stress.sum_sq_diff, ns), rms(stress.sum_sq_value, ns));
  const double ng = 9.0 * double(stress_gpa.count);
  block("Stresses (in GPa)", stress_gpa, "configurations", true, "Stres",
        stress_gpa.count ? stress_gpa.sum_diff / ng : 0.0, rms(stress_gpa.sum_sq_diff, ng),
        rms(stress_gpa.sum_sq_value, ng), true);
  out << "_______________________________________________\n\n";
}

}  // namespace mtp::fit
