#include "mtp/fit/loss.hpp"

#include <cmath>

#include "mtp/core/error.hpp"
#include "mtp/model/magnetic_moments.hpp"

namespace mtp::fit {

TermWeights term_weights(const LossWeights& w, std::size_t atoms) {
  const double n = double(atoms);
  if (w.powers) return {w.energy / std::pow(n, w.powers->energy), w.force / std::pow(n, w.powers->force), w.stress / n};
  switch (w.weighting) {
    case Weighting::Vibrations: return {w.energy / n, w.force, w.stress / n};
    case Weighting::Molecules: return {w.energy, w.force, w.stress};
    case Weighting::Structures: return {w.energy / (n * n), w.force / n, w.stress / (n * n)};
  }
  return {w.energy, w.force, w.stress};
}

TermWeights sample_term_weights(const LossWeights& w, const TrainingSample& sample) {
  const TermWeights tw = term_weights(w, sample.cfg.size());
  return {sample.weight * tw.energy, sample.weight * tw.force, sample.weight * tw.stress};
}

TrainingSample make_sample(Configuration cfg, double cutoff, const Potential* potential) {
  if (cfg.ghost_count() > 0)
    throw Error("a training configuration has " + std::to_string(cfg.ghost_count()) +
                " ghost atoms (an MLIP-3 cut-out cluster): training on ghost atoms is not supported; compute the "
                "cluster's energy and forces ab initio and give it without the ghost column");
  TrainingSample s;
  if (potential) s.magnetic_moments = collinear_magnetic_moments(cfg, *potential);
  s.nl = NeighborList::build(cfg, cutoff);
  s.cfg = std::move(cfg);
  return s;
}

double configuration_loss(const EfsParameterGradient& model, const TrainingSample& sample, const LossWeights& w,
                          std::vector<double>* gradient, ResidualSums* residuals) {
  const Configuration& cfg = sample.cfg;
  const std::size_t n = cfg.size();
  if (n == 0) return 0.0;
  const ConfigurationEfs efs = model.compute(sample.nl, sample.atoms(), n);
  const TermWeights tw = sample_term_weights(w, sample);
  double loss = 0.0, energy_weight = 0.0;
  std::vector<Vec3> v;
  Mat3 U;
  if (residuals) {
    if (cfg.has_energy()) {
      const double d = (efs.energy - *cfg.energy) / double(n);
      residuals->energy_per_atom_squared += d * d;
      residuals->energies += 1.0;
    }
    if (cfg.has_forces()) {
      for (std::size_t i = 0; i < n; ++i) residuals->force_squared += norm2(efs.forces[i] - cfg.forces[i]);
      residuals->force_components += 3.0 * double(n);
    }
  }
  if (cfg.has_energy() && tw.energy != 0.0) {
    const double d = efs.energy - *cfg.energy;
    loss += tw.energy * d * d;
    energy_weight = 2.0 * tw.energy * d;
  }
  if (cfg.has_forces() && tw.force != 0.0) {
    v.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const Vec3 d = efs.forces[i] - cfg.forces[i];
      double wi = tw.force;
      if (w.scale_by_force > 0.0) wi *= w.scale_by_force / (norm2(cfg.forces[i]) + w.scale_by_force);
      loss += wi * norm2(d);
      v[i] = d * (2.0 * wi);
    }
  }
  if (cfg.has_virial() && tw.stress != 0.0) {
    const Mat3 d = efs.virial - *cfg.virial;
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) {
        loss += tw.stress * d.m[a][b] * d.m[a][b];
        U.m[a][b] = 2.0 * tw.stress * d.m[a][b];
      }
  }
  if (gradient) model.add_combination_gradient(sample.nl, sample.atoms(), n, energy_weight, v, U, *gradient);
  return loss;
}

double radial_penalty(const Potential& shape, const std::vector<double>& theta, double weight,
                      std::vector<double>* gradient) {
  const std::size_t K = std::size_t(shape.radial_funcs_count), R = std::size_t(shape.pair_basis_size());
  const std::size_t pairs = std::size_t(shape.species_count) * std::size_t(shape.species_count);
  auto at = [&](std::size_t pair, std::size_t k, std::size_t x) { return (pair * K + k) * R + x; };
  std::vector<double> gram(K * K, 0.0);
  for (std::size_t k = 0; k < K; ++k)
    for (std::size_t l = k; l < K; ++l) {
      double s = 0.0;
      for (std::size_t p = 0; p < pairs; ++p)
        for (std::size_t x = 0; x < R; ++x) s += theta[at(p, k, x)] * theta[at(p, l, x)];
      gram[k * K + l] = gram[l * K + k] = s;
    }
  double P = 0.0;
  for (std::size_t k = 0; k < K; ++k) {
    P += (gram[k * K + k] - 1.0) * (gram[k * K + k] - 1.0);
    for (std::size_t l = k + 1; l < K; ++l) P += gram[k * K + l] * gram[k * K + l];
  }
  if (gradient)
    for (std::size_t k = 0; k < K; ++k)
      for (std::size_t p = 0; p < pairs; ++p)
        for (std::size_t x = 0; x < R; ++x) {
          double g = 4.0 * (gram[k * K + k] - 1.0) * theta[at(p, k, x)];
          for (std::size_t l = 0; l < K; ++l)
            if (l != k) g += 2.0 * gram[k * K + l] * theta[at(p, l, x)];
          (*gradient)[at(p, k, x)] += weight * g;
        }
  return P;
}

}  // namespace mtp::fit
