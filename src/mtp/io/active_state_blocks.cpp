#include "mtp/io/active_state_blocks.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <sstream>

#include "mtp/core/error.hpp"
#include "mtp/io/cfg_text.hpp"

namespace mtp::io::active_state {

std::string read_all(std::istream& in) { return std::string(std::istreambuf_iterator<char>(in), {}); }

long line_of(const std::string& data, std::size_t pos) {
  return 1 + long(std::count(data.begin(), data.begin() + long(std::min(pos, data.size())), '\n'));
}

StoredMatrices read_matrices(const std::string& data, std::size_t& pos, std::size_t n, const std::string& name) {
  // Checked against the bytes present before n * n can overflow or anything is allocated.
  const std::size_t available = data.size() > pos ? data.size() - pos : 0;
  if (n > 0 && (n > available / n / (2 * sizeof(double))))
    throw Error(name, 0, "truncated active-set matrices: expected two " + std::to_string(n) + "x" + std::to_string(n) +
                             " blocks of doubles, the file holds " + std::to_string(available) + " bytes after the header");
  const std::size_t bytes = n * n * sizeof(double);
  if (data.size() < pos + 2 * bytes)
    throw Error(name, 0, "truncated active-set matrices: expected two " + std::to_string(n) + "x" + std::to_string(n) +
                             " blocks of doubles");
  StoredMatrices stored{active::RowMatrix(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n)),
                        Eigen::MatrixXd(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n))};
  if (n) {
    std::memcpy(stored.a.data(), data.data() + pos, bytes);
    std::memcpy(stored.inverse.data(), data.data() + pos + bytes, bytes);
  }
  pos += 2 * bytes;
  return stored;
}

void write_matrices(std::ostream& out, const active::MaxVol& maxvol) {
  const std::size_t bytes = std::size_t(maxvol.matrix().size()) * sizeof(double);
  out.write(reinterpret_cast<const char*>(maxvol.matrix().data()), std::streamsize(bytes));
  out.write(reinterpret_cast<const char*>(maxvol.inverse().data()), std::streamsize(bytes));
}

active::MaxVol to_maxvol(StoredMatrices stored, const std::string& name) {
  active::MaxVol maxvol;
  try {
    maxvol.assign(std::move(stored.a), std::move(stored.inverse), 1e-4);
  } catch (const Error& e) {
    throw Error(name, 0, e.message());
  }
  return maxvol;
}

std::vector<Configuration> read_configurations(const std::string& data, std::size_t pos, const std::string& name) {
  std::vector<Configuration> cfgs;
  std::istringstream text(data.substr(pos));
  auto reader = make_cfg_text_reader(text, name);
  Configuration cfg;
  while (reader->next(cfg)) cfgs.push_back(cfg);
  return cfgs;
}

}  // namespace mtp::io::active_state
