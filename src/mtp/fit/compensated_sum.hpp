#pragma once
#include <cstddef>
#include <vector>

namespace mtp::fit {

// A sum of many vectors carried in double-double precision (Knuth's TwoSum), so the rounded result does not
// depend on the order the terms arrive in: configurations split over threads or MPI ranks in any way give the
// same loss and gradient to the last bit except in vanishingly rare ties.
class CompensatedSum {
 public:
  explicit CompensatedSum(std::size_t size = 0) : hi_(size, 0.0), lo_(size, 0.0) {}
  std::size_t size() const { return hi_.size(); }
  void add(std::size_t k, double x) {
    const double s = hi_[k] + x;
    const double bp = s - hi_[k];
    const double err = (hi_[k] - (s - bp)) + (x - bp);
    hi_[k] = s;
    lo_[k] += err;
  }
  void add(const std::vector<double>& x) {
    for (std::size_t k = 0; k < x.size(); ++k) add(k, x[k]);
  }
  // Adds another partial sum (both words), as a reduction over threads or ranks does.
  void merge(const CompensatedSum& other) {
    for (std::size_t k = 0; k < hi_.size(); ++k) {
      add(k, other.hi_[k]);
      add(k, other.lo_[k]);
    }
  }
  double value(std::size_t k) const { return hi_[k] + lo_[k]; }
  std::vector<double> values() const {
    std::vector<double> v(hi_.size());
    for (std::size_t k = 0; k < v.size(); ++k) v[k] = value(k);
    return v;
  }
  // The two words side by side (hi then lo), for sending to another rank.
  std::vector<double> packed() const {
    std::vector<double> p(hi_);
    p.insert(p.end(), lo_.begin(), lo_.end());
    return p;
  }
  static CompensatedSum unpack(const double* p, std::size_t size) {
    CompensatedSum s(size);
    for (std::size_t k = 0; k < size; ++k) {
      s.hi_[k] = p[k];
      s.lo_[k] = p[size + k];
    }
    return s;
  }

 private:
  std::vector<double> hi_, lo_;
};

}  // namespace mtp::fit
