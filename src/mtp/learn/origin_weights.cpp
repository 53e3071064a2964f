#include "mtp/learn/origin_weights.hpp"

#include <map>

namespace mtp::learn {

namespace {
std::string origin_of(const Configuration& c) {
  const auto it = c.features.find(kOriginFeature);
  return it == c.features.end() ? std::string() : it->second;
}
}  // namespace

std::vector<double> origin_weights(const std::vector<Configuration>& train) {
  std::map<std::string, std::size_t> sizes;
  for (const Configuration& c : train) ++sizes[origin_of(c)];
  const double n = double(train.size()), groups = double(sizes.size());
  std::vector<double> w;
  w.reserve(train.size());
  for (const Configuration& c : train) w.push_back(n / (groups * double(sizes[origin_of(c)])));
  return w;
}

void mark_origin(Configuration& cfg, const std::string& origin) { cfg.features.emplace(kOriginFeature, origin); }

}  // namespace mtp::learn
