#include "mtp/io/vasp_outcar.hpp"

#include <fstream>
#include <iostream>
#include <optional>
#include <string_view>

#include "mtp/core/error.hpp"
#include "mtp/io/elements.hpp"
#include "mtp/io/text_lines.hpp"
#include "mtp/io/input_path.hpp"

namespace mtp::io {
namespace {

// The first token after the first '=' following `key` in `line`, e.g. "NELM   =     80;" -> "80".
std::string_view value_after(std::string_view line, std::string_view key) {
  const auto k = line.find(key);
  if (k == std::string_view::npos) return {};
  const auto eq = line.find('=', k + key.size());
  if (eq == std::string_view::npos) return {};
  auto tokens = split_tokens(line.substr(eq + 1));
  if (tokens.empty()) return {};
  std::string_view v = tokens[0];
  while (!v.empty() && v.back() == ';') v.remove_suffix(1);
  return v;
}

class OutcarReader : public ConfigurationReader {
 public:
  OutcarReader(std::istream& in, const std::string& name, WarningSink warn, OutcarOptions options = {})
      : lines_(in, name), warn_(std::move(warn)), options_(std::move(options)) {
  }
  OutcarReader(std::unique_ptr<std::istream> owned, const std::string& name, WarningSink warn, OutcarOptions options = {})
      : owned_(std::move(owned)), lines_(*owned_, name), warn_(std::move(warn)), options_(std::move(options)) {
  }

  bool next(Configuration& cfg) override {
    std::string line;
    while (lines_.next(line)) {
      if (line.find("Iteration") != std::string::npos && line.find('(') != std::string::npos) {
        count_iteration(line);
      } else if (starts_with(trim(line), "TITEL")) {
        read_species(line);
      } else if (line.find("ions per type") != std::string::npos) {
        read_counts(line);
      } else if (line.find("NIONS") != std::string::npos && !value_after(line, "NIONS").empty()) {
        // Only "NIONS = n" lines: VASP's warning boxes mention NIONS in prose.
        nions_ = lines_.to_count(value_after(line, "NIONS"), "NIONS");
      } else if (starts_with(trim(line), "NELM ") || starts_with(trim(line), "NELM=")) {
        nelm_ = lines_.to_long(value_after(line, "NELM"), "NELM");
      } else if (starts_with(trim(line), "ISMEAR")) {
        ismear_ = lines_.to_long(value_after(line, "ISMEAR"), "ISMEAR");
      } else if (line.find("FORCE on cell =-STRESS") != std::string::npos) {
        read_virial();
      } else if (line.find("direct lattice vectors") != std::string::npos) {
        read_lattice();
      } else if (line.find("POSITION") != std::string::npos && line.find("TOTAL-FORCE") != std::string::npos) {
        read_positions_and_forces();
      } else if (line.find("FREE ENERGIE OF THE ION-ELECTRON SYSTEM") != std::string::npos) {
        if (read_energies() && emit(cfg)) return true;
      }
    }
    if (steps_ == 0 && skipped_ > 0) return false;  // every step skipped as not converged: nothing to convert
    if (steps_ == 0) lines_.fail_at(lines_.line_number(), "no complete ionic step (positions, forces and energy) in this OUTCAR");
    return false;
  }

 private:
  void count_iteration(const std::string& line) {
    // "----- Iteration    1(  16)  -----": the number in brackets counts electronic steps.
    const auto open = line.find('(');
    const auto close = line.find(')', open);
    if (close == std::string::npos) return;
    long n = 0;
    if (parse_long(trim(std::string_view(line).substr(open + 1, close - open - 1)), n)) iterations_ = n;
  }

  // "TITEL  = PAW_PBE Fe_pv 06Sep2000": the second word names the species.
  void read_species(const std::string& line) {
    const auto eq = line.find('=');
    const auto t = eq == std::string::npos ? std::vector<std::string_view>{} : split_tokens(std::string_view(line).substr(eq + 1));
    if (t.size() < 2) lines_.fail("expected 'TITEL = <kind> <species> ...'");
    species_.push_back(species_element(t[1]));
    species_lines_.push_back(lines_.line_number());
  }

  // The type of each POTCAR species: its index unless MLIP-3's --absolute_types or a species order ask
  // otherwise. With an order, a species that has atoms and is not in the order is an error at its TITEL line.
  std::vector<int> species_types() {
    std::vector<int> out(counts_.size());
    for (std::size_t s = 0; s < out.size(); ++s) out[s] = static_cast<int>(s);
    if (!options_.absolute_types && options_.species.empty()) return out;
    if (species_.size() < counts_.size())
      lines_.fail("expected a 'TITEL' line naming each of the " + std::to_string(counts_.size()) +
                  " species (needed for absolute types or a species order)");
    for (std::size_t s = 0; s < out.size(); ++s) {
      if (options_.absolute_types) {
        out[s] = atomic_number(species_[s]);
        if (out[s] == 0) lines_.fail("species '" + species_[s] + "' is not a chemical element");
        continue;
      }
      out[s] = options_.species.type_of(species_[s]);
      if (out[s] < 0 && counts_[s] > 0) lines_.fail_at(species_lines_[s], options_.species.not_in_order(species_[s]));
    }
    return out;
  }

  void read_counts(const std::string& line) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) lines_.fail("expected '=' after 'ions per type'");
    counts_.clear();
    for (auto t : split_tokens(std::string_view(line).substr(eq + 1)))
      counts_.push_back(lines_.to_count(t, "an ion count"));
    if (counts_.empty()) lines_.fail("expected the ion counts after 'ions per type ='");
  }

  void read_virial() {
    // The block lists the contributions; the "Total" line holds the sum, XX YY ZZ XY YZ ZX in eV.
    for (int k = 0; k < 40; ++k) {
      const std::string line = lines_.require("the 'Total' line of the FORCE on cell block");
      const auto t = split_tokens(line);
      if (t.empty() || t[0] != "Total") continue;
      if (t.size() != 7) lines_.fail("expected 6 numbers after 'Total', got " + std::to_string(t.size() - 1));
      double v[6];
      for (int i = 0; i < 6; ++i) v[i] = lines_.to_double(t[i + 1], "a stress component");
      Mat3 w;
      w(0, 0) = v[0];
      w(1, 1) = v[1];
      w(2, 2) = v[2];
      w(0, 1) = w(1, 0) = v[3];
      w(1, 2) = w(2, 1) = v[4];
      w(0, 2) = w(2, 0) = v[5];
      virial_ = w;
      return;
    }
    lines_.fail("expected a 'Total' line in the FORCE on cell block");
  }

  void read_lattice() {
    Mat3 rows;
    for (int i = 0; i < 3; ++i) {
      const std::string line = lines_.require("lattice vector " + std::to_string(i + 1));
      const auto t = split_tokens(line);
      if (t.size() < 3) lines_.fail("expected 3 lattice vector components, got " + std::to_string(t.size()));
      for (int k = 0; k < 3; ++k) rows(i, k) = lines_.to_double(t[k], "a lattice vector component");
    }
    lattice_ = rows;
  }

  void read_positions_and_forces() {
    if (counts_.empty()) lines_.fail("expected 'ions per type' before the first POSITION block");
    std::size_t total = 0;
    for (std::size_t c : counts_) total += c;
    if (nions_ && *nions_ != total)
      lines_.fail("NIONS = " + std::to_string(*nions_) + " but 'ions per type' adds up to " + std::to_string(total));
    const std::string dashes = lines_.require("a dashed line under POSITION");
    if (trim(dashes).empty() || trim(dashes)[0] != '-') lines_.fail("expected a dashed line under POSITION");
    positions_.clear();
    forces_.clear();
    types_.clear();
    const std::vector<int> species_type = species_types();
    for (std::size_t s = 0; s < counts_.size(); ++s) {
      // Species without atoms keep their number, so types follow the POTCAR order.
      const int type = species_type[s];
      const std::size_t c = counts_[s];
      for (std::size_t a = 0; a < c; ++a) {
        const std::string line = lines_.require("the position and force of ion " + std::to_string(positions_.size() + 1));
        const auto t = split_tokens(line);
        if (t.size() != 6)
          lines_.fail("expected 6 numbers (x y z fx fy fz) for ion " + std::to_string(positions_.size() + 1) + ", got " +
                      std::to_string(t.size()) + " tokens");
        Vec3 p, f;
        for (int k = 0; k < 3; ++k) p[k] = lines_.to_double(t[k], "a coordinate");
        for (int k = 0; k < 3; ++k) f[k] = lines_.to_double(t[k + 3], "a force component");
        positions_.push_back(p);
        forces_.push_back(f);
        types_.push_back(type);
      }
    }
    have_positions_ = true;
  }

  // The summary after an ionic step: "free  energy   TOTEN  = x eV", then "energy(sigma->0) = y".
  bool read_energies() {
    std::optional<double> toten, sigma0;
    for (int k = 0; k < 10 && !(toten && sigma0); ++k) {
      std::string line;
      if (!lines_.next(line)) return false;  // cut off mid-summary: an unfinished step
      if (line.find("TOTEN") != std::string::npos)
        toten = lines_.to_double(value_after(line, "TOTEN"), "the free energy TOTEN");
      if (line.find("energy(sigma->0)") != std::string::npos)
        sigma0 = lines_.to_double(value_after(line, "energy(sigma->0)"), "energy(sigma->0)");
    }
    if (!(toten && sigma0)) lines_.fail("expected 'free energy TOTEN' and 'energy(sigma->0)' after FREE ENERGIE OF THE ION-ELECTRON SYSTEM");
    if (!have_positions_) lines_.fail("expected a POSITION / TOTAL-FORCE block before the ionic step's energy");
    if (!lattice_) lines_.fail("expected a 'direct lattice vectors' block before the ionic step's energy");
    energy_ = options_.sigma_zero_energy && ismear_ > 0 ? *sigma0 : *toten;
    return true;
  }

  // Fills `cfg` with the step just read; false when the step is skipped (not converged, MLIP-3's default).
  bool emit(Configuration& cfg) {
    const bool converged = iterations_ < nelm_;
    if (!converged && options_.skip_nonconverged) {
      if (warn_)
        warn_("Loading configuration from OUTCAR: non-converged calculation detected. " + std::to_string(iterations_) +
              " iterations done; the step is skipped");
      virial_.reset();
      have_positions_ = false;
      iterations_ = 0;
      ++skipped_;
      return false;
    }
    Configuration c;
    c.lattice = Lattice::periodic(*lattice_);
    c.positions = positions_;
    c.types = types_;
    c.forces = forces_;
    c.energy = energy_;
    if (virial_) c.virial = *virial_;
    c.features["EFS_by"] = converged ? "VASP" : "VASP_not_converged";
    if (!converged && warn_)
      warn_("Loading configuration from OUTCAR: non-converged calculation detected. " + std::to_string(iterations_) +
            " iterations done");
    c.validate();
    cfg = std::move(c);
    // What belongs to one ionic step only; the cell carries over (fixed-cell runs print it once).
    virial_.reset();
    have_positions_ = false;
    iterations_ = 0;
    ++steps_;
    return true;
  }

  std::unique_ptr<std::istream> owned_;
  LineSource lines_;
  WarningSink warn_;
  std::vector<std::size_t> counts_;
  std::optional<std::size_t> nions_;
  long nelm_ = 60;   // VASP's default
  long ismear_ = 1;  // VASP's default
  long iterations_ = 0;
  std::optional<Mat3> lattice_, virial_;
  std::vector<Vec3> positions_, forces_;
  std::vector<int> types_;
  bool have_positions_ = false;
  double energy_ = 0.0;
  std::size_t steps_ = 0;
  std::size_t skipped_ = 0;
  OutcarOptions options_;
  std::vector<std::string> species_;  // element of each POTCAR species, from the TITEL lines
  std::vector<long> species_lines_;   // where each was named
};

}  // namespace

void print_mlip_warning(const std::string& message) { std::cout << "MLIP WARNING: " << message << '\n'; }

std::unique_ptr<ConfigurationReader> make_vasp_outcar_reader(std::istream& in, const std::string& name, WarningSink warn) {
  return std::make_unique<OutcarReader>(in, name, std::move(warn));
}

std::unique_ptr<ConfigurationReader> make_vasp_outcar_reader(const std::string& path, WarningSink warn) {
  refuse_directory(path);
  auto in = std::make_unique<std::ifstream>(path);
  if (!*in) throw Error(path, 0, "cannot open for reading");
  return std::make_unique<OutcarReader>(std::move(in), path, std::move(warn));
}

std::unique_ptr<ConfigurationReader> make_vasp_outcar_reader(const std::string& path, const OutcarOptions& options,
                                                             WarningSink warn) {
  refuse_directory(path);
  auto in = std::make_unique<std::ifstream>(path);
  if (!*in) throw Error(path, 0, "cannot open for reading");
  return std::make_unique<OutcarReader>(std::move(in), path, std::move(warn), options);
}

}  // namespace mtp::io
