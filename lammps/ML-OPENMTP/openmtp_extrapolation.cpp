#include "openmtp_extrapolation.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "mtp/core/neighbor_list.hpp"
#include "mtp/model/evaluator.hpp"

namespace openmtp_lammps {
namespace {

std::runtime_error state_error(const std::string& path, const std::string& what) {
  return std::runtime_error(path + ": " + what);
}

// Reads n x n doubles (native little-endian, as both MLIP versions write them) at `pos`.
std::vector<double> read_matrix(const std::string& bytes, std::size_t& pos, std::size_t n, const std::string& path) {
  const std::size_t count = n * n;
  if (pos + count * sizeof(double) > bytes.size())
    throw state_error(path, "the selection state is truncated (expected two " + std::to_string(n) + "x" +
                                std::to_string(n) + " matrices for this potential's " + std::to_string(n) +
                                " parameters)");
  std::vector<double> m(count);
  std::memcpy(m.data(), bytes.data() + pos, count * sizeof(double));
  pos += count * sizeof(double);
  return m;
}

}  // namespace

SelectionState SelectionState::load(const std::string& path, std::size_t parameter_count) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open the selection state file " + path);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  SelectionState s;

  s.size = parameter_count;
  const std::size_t caret = bytes.find("\n^");
  const std::size_t hash = bytes.find('#');
  if (caret != std::string::npos && (hash == std::string::npos || caret < hash)) {
    // MLIP-2 .als: "\n^", 4 doubles (site-energy, energy, force, stress weights), "\n#", A, (A^-1)^T.
    std::size_t pos = caret + 2;
    if (pos + 4 * sizeof(double) + 2 > bytes.size()) throw state_error(path, "truncated selection weights");
    double w[4];
    std::memcpy(w, bytes.data() + pos, sizeof w);
    pos += sizeof w;
    if (bytes.compare(pos, 2, "\n#") != 0) throw state_error(path, "expected '#' after the selection weights");
    pos += 2;
    if (w[2] != 0.0 || w[3] != 0.0)
      throw state_error(path, "force or stress selection weights are not supported for MD grading");
    s.per_neighborhood = w[0] != 0.0;
    if (!s.per_neighborhood && w[1] == 0.0) throw state_error(path, "all selection weights are zero");
    s.energy_row_power = 1.0;  // MLIP-2's default "vibrations" weighting: grad E / N
    read_matrix(bytes, pos, s.size, path);  // A itself is not needed for grading
    s.inv_a_transposed = read_matrix(bytes, pos, s.size, path);
    return s;
  }
  if (hash == std::string::npos)
    throw state_error(path, "no selection state (neither MLIP-2's '^' block nor MLIP-3's '#MVS_v1.1')");
  // MLIP-3 .almtp: "#MVS_v1.1\n", five "key value" lines, "#", A, (A^-1)^T.
  std::size_t pos = hash + 1;
  const std::size_t header_end = bytes.find('#', pos);
  if (bytes.compare(pos, 9, "MVS_v1.1\n") != 0 || header_end == std::string::npos)
    throw state_error(path, "expected '#MVS_v1.1' and its weights");
  std::istringstream header(bytes.substr(pos + 9, header_end - pos - 9));
  double energy_w = 0, force_w = 0, stress_w = 0, site_w = 0, scaling = 2;
  std::string key;
  double value;
  while (header >> key >> value) {
    if (key == "energy_weight") energy_w = value;
    else if (key == "force_weight") force_w = value;
    else if (key == "stress_weight") stress_w = value;
    else if (key == "site_en_weight") site_w = value;
    else if (key == "weight_scaling") scaling = value;
    else throw state_error(path, "unknown selection key '" + key + "'");
  }
  if (force_w != 0.0 || stress_w != 0.0)
    throw state_error(path, "force or stress selection weights are not supported for MD grading");
  s.per_neighborhood = site_w != 0.0;
  if (!s.per_neighborhood && energy_w == 0.0) throw state_error(path, "all selection weights are zero");
  s.energy_row_power = scaling / 2.0;
  pos = header_end + 1;
  read_matrix(bytes, pos, s.size, path);
  s.inv_a_transposed = read_matrix(bytes, pos, s.size, path);
  return s;
}

double SelectionState::grade(const double* row) const {
  double g = 0.0;
  for (std::size_t j = 0; j < size; ++j) {
    const double* col = inv_a_transposed.data() + j * size;
    double sum = 0.0;
    for (std::size_t k = 0; k < size; ++k) sum += row[k] * col[k];
    g = std::max(g, std::abs(sum));
  }
  return g;
}

ExtrapolationControl::ExtrapolationControl(const ExtrapolationSettings& settings, const mtp::Evaluator& evaluator,
                                           MPI_Comm comm)
    : settings_(settings),
      evaluator_(evaluator),
      state_(SelectionState::load(settings.state_path, evaluator.potential().parameter_count())),
      comm_(comm) {
  if (settings_.energy_row_power >= 0.0) state_.energy_row_power = settings_.energy_row_power;
}

double ExtrapolationControl::grade(const mtp::NeighborList& nl, const int* types, long long atom_count,
                                   std::vector<double>& centre_grades) const {
  const std::size_t n = state_.size;
  const std::size_t centres = nl.centers();
  centre_grades.assign(centres, 0.0);
  double local = 0.0, global = 0.0;
  if (state_.per_neighborhood) {
    const std::vector<double> rows = evaluator_.site_energy_parameter_gradients(nl, types);
    for (std::size_t i = 0; i < centres; ++i) {
      centre_grades[i] = state_.grade(rows.data() + i * n);
      local = std::max(local, centre_grades[i]);
    }
    MPI_Allreduce(&local, &global, 1, MPI_DOUBLE, MPI_MAX, comm_);
    return global;
  }
  std::vector<double> row = evaluator_.energy_parameter_gradient(nl, types);
  std::vector<double> total(n, 0.0);
  MPI_Allreduce(row.data(), total.data(), int(n), MPI_DOUBLE, MPI_SUM, comm_);
  const double scale = std::pow(double(atom_count), -state_.energy_row_power);
  for (double& v : total) v *= scale;
  global = state_.grade(total.data());
  std::fill(centre_grades.begin(), centre_grades.end(), global);
  return global;
}

}  // namespace openmtp_lammps
