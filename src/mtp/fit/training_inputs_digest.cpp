#include "mtp/fit/training_inputs_digest.hpp"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

#include "mtp/core/error.hpp"

namespace mtp::fit {
namespace {

// FNV-1a, 64 bits: tells inputs apart by accident, not against an adversary.
class Digest {
 public:
  void add(const void* data, std::size_t n) {
    const unsigned char* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) h_ = (h_ ^ p[i]) * 0x100000001b3ULL;
  }
  void add_text(const std::string& s) {
    add(s.data(), s.size());
    add("\n", 1);
  }
  void add_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, 0, "cannot open for reading");
    std::vector<char> buf(1 << 16);
    for (;;) {
      in.read(buf.data(), std::streamsize(buf.size()));
      const std::streamsize got = in.gcount();
      if (got <= 0) break;
      add(buf.data(), std::size_t(got));
    }
    add_text("|");  // ends one file's bytes, so two files never read as one
  }
  std::string hex() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h_));
    return buf;
  }

 private:
  std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

}  // namespace

std::string training_inputs_digest(const std::string& template_path, const std::string& training_set_path,
                                   const TrainerOptions& o, const std::string& more) {
  Digest d;
  d.add_file(template_path);
  d.add_file(training_set_path);
  std::ostringstream options;
  options << std::hexfloat << o.weights.energy << ' ' << o.weights.force << ' ' << o.weights.stress << ' '
          << o.weights.scale_by_force << ' ' << int(o.weights.weighting) << ' ' << o.weights.penalty << ' '
          << o.convergence_tolerance << ' ' << o.init_random << ' ' << o.seed << ' ' << o.skip_preinit << ' '
          << o.pretrain_iterations << ' ' << o.update_mindist << ' ' << int(o.optimizer) << ' ' << o.lbfgs_history;
  if (o.weights.powers) options << " powers " << o.weights.powers->energy << ' ' << o.weights.powers->force;
  options << " | " << more;
  d.add_text(options.str());
  return d.hex();
}

}  // namespace mtp::fit
