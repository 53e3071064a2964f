#include "mtp/learn/origin_weights.hpp"

#include <cmath>

namespace mtp::learn {

namespace {
std::string origin_of(const Configuration& c) {
  const auto it = c.features.find(kOriginFeature);
  return it == c.features.end() ? std::string() : it->second;
}
}  // namespace

std::map<std::string, std::size_t> count_by_origin(const std::vector<Configuration>& configs) {
  std::map<std::string, std::size_t> counts;
  for (const Configuration& c : configs) ++counts[origin_of(c)];
  return counts;
}

std::vector<double> origin_weights(const std::vector<Configuration>& train, double balance) {
  std::map<std::string, std::size_t> sizes = count_by_origin(train);
  double total = 0.0;  // sum over groups of n_g^(1 - balance): the weights' sum before scaling
  for (const auto& [origin, n] : sizes) total += std::pow(double(n), 1.0 - balance);
  std::vector<double> w;
  w.reserve(train.size());
  for (const Configuration& c : train)
    w.push_back(double(train.size()) * std::pow(double(sizes[origin_of(c)]), -balance) / total);
  return w;
}

void mark_origin(Configuration& cfg, const std::string& origin) { cfg.features.emplace(kOriginFeature, origin); }

}  // namespace mtp::learn
