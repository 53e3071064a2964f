#include "mtp/fit/error_report.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "mtp/core/error.hpp"

namespace mtp::fit {

namespace {
constexpr double kEvPerA3ToGPa = 160.2176487;

std::string g6(double v) {
  std::ostringstream s;  // the default stream format: what MLIP-2's report uses
  s << v;
  return s.str();
}

double frobenius_sq(const Mat3& m) {
  double s = 0.0;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) s += m(a, b) * m(a, b);
  return s;
}
}  // namespace

void ErrorStatistic::add(double delta, double value) {
  ++count;
  max_delta = std::max(max_delta, delta);
  sum_delta += delta;
  sum_delta_sq += delta * delta;
  max_value = std::max(max_value, value);
  sum_value_sq += value * value;
}

void ErrorStatistic::merge(const ErrorStatistic& o) {
  count += o.count;
  max_delta = std::max(max_delta, o.max_delta);
  sum_delta += o.sum_delta;
  sum_delta_sq += o.sum_delta_sq;
  max_value = std::max(max_value, o.max_value);
  sum_value_sq += o.sum_value_sq;
}

double ErrorStatistic::average(int components) const {
  return sum_delta / (double(count) * components + 1e-300);
}
double ErrorStatistic::rms(int components) const {
  return std::sqrt(sum_delta_sq / (double(count) * components + 1e-300));
}
double ErrorStatistic::rms_relative() const { return std::sqrt(sum_delta_sq / (sum_value_sq + 1e-300)); }

void ErrorReport::add(const Configuration& ref, const Configuration& calc) {
  if (ref.size() != calc.size())
    throw Error("error report: comparing configurations of " + std::to_string(ref.size()) + " and " +
                std::to_string(calc.size()) + " atoms");
  const double n = double(ref.size());
  if (ref.has_energy() && calc.has_energy()) {
    const double d = std::abs(*calc.energy - *ref.energy);
    energy_.add(d, std::abs(*ref.energy));
    energy_per_atom_.add(d / n, std::abs(*ref.energy) / n);
  }
  if (ref.has_forces() && calc.has_forces())
    for (std::size_t i = 0; i < ref.size(); ++i) forces_.add(norm(calc.forces[i] - ref.forces[i]), norm(ref.forces[i]));
  if (ref.has_virial() && calc.has_virial()) {
    const Mat3 diff = *calc.virial - *ref.virial;
    const double d = std::sqrt(frobenius_sq(diff)), v = std::sqrt(frobenius_sq(*ref.virial));
    stresses_.add(d, v);
    if (ref.lattice.periodic_dims == 3) {
      const double volume = ref.lattice.volume() / kEvPerA3ToGPa;
      stresses_gpa_.add(d / volume, v / volume);
    }
  }
}

void ErrorReport::merge(const ErrorReport& o) {
  energy_.merge(o.energy_);
  energy_per_atom_.merge(o.energy_per_atom_);
  forces_.merge(o.forces_);
  stresses_.merge(o.stresses_);
  stresses_gpa_.merge(o.stresses_gpa_);
}

std::string ErrorReport::text() const {
  std::ostringstream s;
  auto common = [&](const ErrorStatistic& st, const char* what, int components) {
    s << "\tErrors checked for " << st.count << " " << what << "\n"
      << "\tMaximal absolute difference = " << g6(st.max_delta) << "\n"
      << "\tAverage absolute difference = " << g6(st.average(components)) << "\n"
      << "\tRMS     absolute difference = " << g6(st.rms(components)) << "\n";
  };
  s << "_________________Errors report_________________\n";
  s << "Energy:\n";
  common(energy_, "configurations", 1);
  s << "\nEnergy per atom:\n";
  common(energy_per_atom_, "configurations", 1);
  s << "\nForces:\n";
  common(forces_, "atoms", 3);
  s << "\tMax(ForceDiff) / Max(Force) = " << g6(forces_.max_relative()) << "\n"
    << "\tRMS(ForceDiff) / RMS(Force) = " << g6(forces_.rms_relative()) << "\n";
  for (const auto& [st, title] : {std::pair<const ErrorStatistic*, const char*>{&stresses_, "Stresses (in eV)"},
                                  {&stresses_gpa_, "Stresses (in GPa)"}}) {
    s << "\n" << title << ":\n";
    common(*st, "configurations", 9);
    s << "\tMax(StresDiff) / Max(Stres) = " << g6(st->max_relative()) << "\n"
      << "\tRMS(StresDiff) / RMS(Stres) = " << g6(st->rms_relative()) << "\n";
  }
  s << "_______________________________________________\n\n";
  return s.str();
}

std::string ErrorReport::json() const {
  // nlohmann_json writes every double so that it reads back exactly, escapes names, and writes NaN (an empty
  // statistic) as null, which JSON readers accept.
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  auto block = [&](const char* name, const ErrorStatistic& st, int components, bool relative) {
    nlohmann::ordered_json b = {{"count", st.count},
                                {"max_abs", st.max_delta},
                                {"average_abs", st.average(components)},
                                {"rms_abs", st.rms(components)}};
    if (relative) {
      b["max_relative"] = st.max_relative();
      b["rms_relative"] = st.rms_relative();
    }
    out[name] = std::move(b);
  };
  block("energy", energy_, 1, false);
  block("energy_per_atom", energy_per_atom_, 1, false);
  block("forces", forces_, 3, true);
  block("stresses_ev", stresses_, 9, true);
  block("stresses_gpa", stresses_gpa_, 9, true);
  return out.dump(2) + "\n";
}

}  // namespace mtp::fit
