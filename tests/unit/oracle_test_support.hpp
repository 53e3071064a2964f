#pragma once
// Helpers of the oracle tests: finding an external program, deforming a configuration for finite
// differences, comparing what an oracle returned.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <sstream>
#include <string>

#include "mtp/core/configuration.hpp"

namespace mtp::test {

inline bool program_on_path(const std::string& name) {
  if (name.find('/') != std::string::npos) return std::filesystem::exists(name);
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':'))
    if (!dir.empty() && std::filesystem::exists(std::filesystem::path(dir) / name)) return true;
  return false;
}

// x -> x (I + strain), cell rows alike (row vectors), with a symmetric strain h (e_ab + e_ba) / 2.
inline Configuration strained(const Configuration& cfg, int a, int b, double h) {
  Mat3 m = Mat3::identity();
  m(a, b) += 0.5 * h;
  m(b, a) += 0.5 * h;
  Configuration c = cfg;
  c.lattice.rows = cfg.lattice.rows * m;
  for (Vec3& p : c.positions) p = p * m;
  c.clear_efs();
  return c;
}

// -dE/d(strain_ab) by a central difference: the PlusStress virial component.
inline double virial_by_difference(const Configuration& cfg, int a, int b, double h,
                                   const std::function<double(const Configuration&)>& energy) {
  return -(energy(strained(cfg, a, b, h)) - energy(strained(cfg, a, b, -h))) / (2 * h);
}

// -dE/dx_{i,k} by a central difference.
inline double force_by_difference(const Configuration& cfg, std::size_t i, int k, double h,
                                  const std::function<double(const Configuration&)>& energy) {
  Configuration plus = cfg, minus = cfg;
  plus.positions[i][k] += h;
  minus.positions[i][k] -= h;
  plus.clear_efs();
  minus.clear_efs();
  return -(energy(plus) - energy(minus)) / (2 * h);
}

}  // namespace mtp::test
