#include "mtp/model/pair_radial_basis.hpp"

#include "mtp/core/error.hpp"

namespace mtp {

PairRadialBasis::PairRadialBasis(const Potential& p)
    : distance_(p.radial, p.scaling), size_(p.pair_basis_size()), R_(p.radial.size), M_(1) {
  if (p.is_magnetic()) {
    magnetic_.emplace(p.magnetic.type, p.magnetic.min_val, p.magnetic.max_val, p.magnetic.size, p.magnetic.scaling);
    M_ = p.magnetic.size;
  }
  if (R_ > 64 || M_ > 16) throw Error("radial basis size above 64 or magnetic basis size above 16");
}

void PairRadialBasis::moment_basis(double m, double* v, double* dv) const {
  bool clamped = false;
  if (m < magnetic_->min_value()) m = magnetic_->min_value(), clamped = true;
  if (m > magnetic_->max_value()) m = magnetic_->max_value(), clamped = true;
  magnetic_->evaluate_unbounded(m, v, dv);
  if (clamped)
    for (int a = 0; a < M_; ++a) dv[a] = 0.0;
}

void PairRadialBasis::evaluate(double r, double m_i, double m_j, double* q, double* dq, double* dq_dmi,
                               double* dq_dmj) const {
  if (!magnetic_) throw Error("PairRadialBasis: moments given to a potential without a magnetic basis");
  double qr[64], dqr[64], ti[16], dti[16], tj[16], dtj[16];
  distance_.evaluate(r, qr, dqr);
  moment_basis(m_i, ti, dti);
  moment_basis(m_j, tj, dtj);
  int k = 0;
  for (int xi = 0; xi < R_; ++xi)
    for (int a = 0; a < M_; ++a)
      for (int b = 0; b < M_; ++b, ++k) {
        const double titj = ti[a] * tj[b];
        q[k] = qr[xi] * titj;
        dq[k] = dqr[xi] * titj;
        dq_dmi[k] = qr[xi] * dti[a] * tj[b];
        dq_dmj[k] = qr[xi] * ti[a] * dtj[b];
      }
}

}  // namespace mtp
