// Internal to the elastic-net solver: the standardized problem and the two design
// back-ends (dense, sparse CSC) that coordinate descent runs on.
//
// With v_i = w_i / W (weights normalized to sum 1), column means xbar_j (0 without an
// intercept) and scales s_j (1 without standardize), the solver works on
//
//   Z_ij = sqrt(v_i) (x_ij - xbar_j) / s_j,   ytilde_i = sqrt(v_i) (y_i - ybar),
//   minimise 1/2 ||ytilde - Z beta||^2 + sum_j ( l1_j |beta_j| + l2_j/2 beta_j^2 ),
//
// which is the objective of elastic_net.hpp with beta_j = s_j * (original coefficient).
// Shapes: n samples, p features. The residual rtilde = ytilde - Z beta lives in the
// back-end. Neither back-end forms Z: the dense one uses the caller's X in place and the
// sparse one keeps X's nonzeros (scaled by sqrt(v_i) / s_j); both fold the centring into
// inner products and keep the residual as a vector plus a scalar multiple of a fixed
// vector, so a coordinate update touches one column of X only.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "regkit/core/types.hpp"

namespace regkit::linear::detail {

struct Standardized {
  Index n = 0;
  Index p = 0;
  Vector sqrt_v;                // n: sqrt of normalized weights
  Vector mean;                  // p: weighted column means sum_i v_i x_ij
  Vector xbar;                  // p: what is subtracted (mean, or 0 without intercept)
  Vector scale;                 // p: s_j (1 for excluded columns)
  Vector col_sq;                // p: ||Z_j||^2 (1 with standardize; 0 for excluded)
  std::vector<char> excluded;   // p: constant (or all-zero without intercept) columns
  double ybar = 0.0;            // subtracted from y (0 without intercept)
  Vector y_tilde;               // n
  double y_norm2 = 0.0;         // ||ytilde||^2 = 2 * null objective
};

// Weighted means, scales and the excluded columns. `v` has n entries summing to 1.
inline Standardized standardize(const DenseView& X, const Vector& y, const Vector& v,
                                bool fit_intercept, bool standardize_columns) {
  Standardized st;
  st.n = X.rows();
  st.p = X.cols();
  st.sqrt_v = v.cwiseSqrt();
  st.mean = X.transpose() * v;
  st.xbar = fit_intercept ? st.mean : Vector::Zero(st.p);
  st.scale = Vector::Ones(st.p);
  st.col_sq = Vector::Zero(st.p);
  st.excluded.assign(static_cast<std::size_t>(st.p), 0);
  const bool all_weighted = (v.array() > 0.0).all();
  for (Index j = 0; j < st.p; ++j) {
    // glmnet's rule: a column whose values (over rows with positive weight) are all
    // equal carries no information once centred (all zero without an intercept).
    double lo = 0.0, hi = 0.0;
    if (all_weighted) {  // vectorized
      lo = X.col(j).minCoeff();
      hi = X.col(j).maxCoeff();
    } else {
      bool first = true;
      for (Index i = 0; i < st.n; ++i) {
        if (v[i] <= 0.0) continue;
        const double x = X(i, j);
        if (first) { lo = hi = x; first = false; }
        lo = std::min(lo, x);
        hi = std::max(hi, x);
      }
    }
    const bool constant = fit_intercept ? (lo == hi) : (lo == 0.0 && hi == 0.0);
    if (constant) { st.excluded[static_cast<std::size_t>(j)] = 1; continue; }
    const double var = (v.array() * (X.col(j).array() - st.xbar[j]).square()).sum();
    if (standardize_columns) {
      st.scale[j] = std::sqrt(var);
      st.col_sq[j] = 1.0;
    } else {
      st.col_sq[j] = var;
    }
  }
  st.ybar = fit_intercept ? v.dot(y) : 0.0;
  st.y_tilde = st.sqrt_v.cwiseProduct((y.array() - st.ybar).matrix());
  st.y_norm2 = st.y_tilde.squaredNorm();
  return st;
}

inline Standardized standardize(const SparseView& X, const Vector& y, const Vector& v,
                                bool fit_intercept, bool standardize_columns) {
  Standardized st;
  st.n = X.rows();
  st.p = X.cols();
  st.sqrt_v = v.cwiseSqrt();
  st.mean = Vector::Zero(st.p);
  st.scale = Vector::Ones(st.p);
  st.col_sq = Vector::Zero(st.p);
  st.excluded.assign(static_cast<std::size_t>(st.p), 0);
  Index positive_rows = 0;
  for (Index i = 0; i < st.n; ++i) positive_rows += v[i] > 0.0 ? 1 : 0;
  for (Index j = 0; j < st.p; ++j) {
    double lo = 0.0, hi = 0.0, mean = 0.0, v_nonzero = 0.0;
    Index stored = 0;
    bool first = true;
    for (SparseView::InnerIterator it(X, j); it; ++it) {
      const double vi = v[it.row()];
      if (vi <= 0.0) continue;
      ++stored;
      mean += vi * it.value();
      if (first) { lo = hi = it.value(); first = false; }
      lo = std::min(lo, it.value());
      hi = std::max(hi, it.value());
    }
    if (stored < positive_rows) {  // implicit zeros among the weighted rows
      lo = std::min(lo, 0.0);
      hi = std::max(hi, 0.0);
    }
    st.mean[j] = mean;
    const bool constant = fit_intercept ? (lo == hi) : (lo == 0.0 && hi == 0.0);
    if (constant) { st.excluded[static_cast<std::size_t>(j)] = 1; continue; }
    const double center = fit_intercept ? mean : 0.0;
    double var = 0.0;
    for (SparseView::InnerIterator it(X, j); it; ++it) {
      const double d = it.value() - center;
      var += v[it.row()] * d * d;
      v_nonzero += v[it.row()];
    }
    var += center * center * std::max(0.0, 1.0 - v_nonzero);
    if (standardize_columns) {
      st.scale[j] = std::sqrt(var);
      st.col_sq[j] = 1.0;
    } else {
      st.col_sq[j] = var;
    }
  }
  st.xbar = fit_intercept ? st.mean : Vector::Zero(st.p);
  st.ybar = fit_intercept ? v.dot(y) : 0.0;
  st.y_tilde = st.sqrt_v.cwiseProduct((y.array() - st.ybar).matrix());
  st.y_norm2 = st.y_tilde.squaredNorm();
  return st;
}

// Dense back-end: X is used in place, never copied; centring, scaling and weights are
// folded into the inner products. The residual is kept as e = sqrt(v) .* rtilde
// (= v .* (y - ybar - fit)), stored as e = q + o v (q an n-vector, o a scalar) so that a
// coordinate update is one axpy on a column of X:
//   Z_j' rtilde = (x_j' q + o mean_j - xbar_j (sum(q) + o)) / s_j,
//   rtilde += a Z_j  <=>  q += (a / s_j) v .* x_j,  o -= a xbar_j / s_j.
class DenseDesign {
 public:
  DenseDesign(const DenseView& X, const Standardized& st)
      : st_(st), X_(X), inv_scale_(st.scale.cwiseInverse()) {
    const Vector v = st.sqrt_v.cwiseAbs2();
    uniform_ = (v.array() == v[0]).all();
    v_ = v;
    inv_sqrt_v_ = st.sqrt_v.unaryExpr([](double x) { return x > 0.0 ? 1.0 / x : 0.0; });
    y_centered_ = st.y_tilde.cwiseProduct(inv_sqrt_v_);  // y - ybar where v > 0
    for (Index j = 0; j < X.cols(); ++j)
      if (st.excluded[static_cast<std::size_t>(j)]) inv_scale_[j] = 0.0;
    reset_residual();
  }

  double dot(Index j) const {
    return inv_scale_[j] * (X_.col(j).dot(q_) + o_ * st_.mean[j] - st_.xbar[j] * (sq_ + o_));
  }
  void axpy(Index j, double a) {
    const double b = a * inv_scale_[j];
    if (uniform_) q_.noalias() += (b * v_[0]) * X_.col(j);
    else q_.array() += b * v_.array() * X_.col(j).array();
    o_ -= b * st_.xbar[j];
    sq_ += b * st_.mean[j];
  }
  void correlations(Vector& out) const {
    out.noalias() = X_.transpose() * q_;
    out = inv_scale_.cwiseProduct(out + o_ * st_.mean - (sq_ + o_) * st_.xbar);
  }
  // Every correlation to within a bound, at half the memory traffic of correlations():
  // x_j' q in single precision on a float32 copy of X (made on first use; half the size
  // of X, the one extra copy the dense path keeps). Rounding x and q to float and any
  // order of float accumulation err by at most (n + 2) u sum_i |x_ij q_i| with
  // u = 2^-24 (Higham, Accuracy and Stability, 3.1); sum_i |x_ij q_i| <= ||x_j|| ||q||.
  // `error` gets twice that bound (times 1/s_j, as the correlation), plus a term for
  // gradual underflow. Non-finite float results (|x| beyond float range) get an infinite
  // bound, so the caller computes them exactly.
  void approximate_correlations(Vector& out, Vector& error) {
    const double n = static_cast<double>(X_.rows());
    if (Xf_.size() == 0) {
      Xf_ = X_.cast<float>();
      // error_j = relative_j ||q|| + absolute_j (see above for the terms).
      // Gradual underflow: converting to float errs by up to 2^-150 absolutely, and each
      // product or sum by as much; with ||v||_1 <= sqrt(n) ||v||_2 that is within
      // 2^-126 (sqrt(n) (||x_j|| + ||q||) + n).
      const Vector x_norm = X_.colwise().norm().transpose();
      const double gamma = 2.0 * (n + 2.0) * std::ldexp(1.0, -24);
      const double tiny = std::ldexp(1.0, -126);
      error_relative_ = inv_scale_.cwiseProduct(gamma * x_norm + Vector::Constant(x_norm.size(), tiny * std::sqrt(n)));
      error_absolute_ = inv_scale_.cwiseProduct(tiny * (std::sqrt(n) * x_norm.array() + n).matrix());
    }
    qf_ = q_.cast<float>();
    cf_.noalias() = Xf_.transpose() * qf_;
    out = inv_scale_.cwiseProduct(cf_.cast<double>() + o_ * st_.mean - (sq_ + o_) * st_.xbar);
    error = q_.norm() * error_relative_ + error_absolute_;
    if (!cf_.allFinite()) {
      for (Index j = 0; j < out.size(); ++j)
        if (!std::isfinite(cf_[j])) {  // inf or NaN: no information
          out[j] = 0.0;
          error[j] = std::numeric_limits<double>::infinity();
        }
    }
  }
  // Z' Z_k = (X' u) / s / s_k with u = v .* (x_k - xbar_k) (sum(u) xbar_j vanishes: sum(u)
  // is 0 with an intercept, and xbar is 0 without).
  void gram_column(Index k, Eigen::Ref<Vector> out) const {
    const Vector u = (v_.array() * (X_.col(k).array() - st_.xbar[k])).matrix();
    out.noalias() = X_.transpose() * u;
    out = (inv_scale_[k] * inv_scale_.array() * out.array()).matrix();
  }
  // Z' Z for every column: rank updates with row blocks of Z (temporary standardized
  // copies). With OpenMP and enough work the row blocks go to separate threads (one
  // block per thread, partial Grams summed in a fixed order, so the result depends on
  // the thread count but not on scheduling); Eigen's rankUpdate itself is serial.
  static constexpr Index kGramRows = 256;
  void gram(Matrix& G) const {
    const Index n = X_.rows(), p = X_.cols();
    int blocks = 1;
#ifdef _OPENMP
    // ~n p^2 / 2 multiply-adds; below a few million a second thread costs more than it saves.
    if (!omp_in_parallel() && static_cast<double>(n) * static_cast<double>(p) * static_cast<double>(p) > 8e6)
      blocks = static_cast<int>(std::clamp<Index>(n / 256, 1, omp_get_max_threads()));
#endif
    std::vector<Matrix> part(static_cast<std::size_t>(blocks));
#ifdef _OPENMP
#pragma omp parallel for num_threads(blocks) schedule(static, 1) if (blocks > 1)
#endif
    for (int b = 0; b < blocks; ++b) {
      const Index lo = n * b / blocks, hi = n * (b + 1) / blocks;
      Matrix& Gb = part[static_cast<std::size_t>(b)];
      Gb.setZero(p, p);
      // Standardized rows in chunks of kGramRows, one reused buffer: a whole standardized
      // copy of X was n p fresh pages per fit, and page faults cost more than the Gram on
      // some machines (a VM measured 5 ms against 0.35 ms for n 1000, p 100).
      Matrix Z(std::min(kGramRows, hi - lo), p);
      for (Index r0 = lo; r0 < hi; r0 += kGramRows) {
        const Index rows = std::min(kGramRows, hi - r0);
        for (Index j = 0; j < p; ++j)
          Z.col(j).head(rows) = ((X_.col(j).segment(r0, rows).array() - st_.xbar[j]) *
                                 st_.sqrt_v.segment(r0, rows).array() * inv_scale_[j]).matrix();
        Gb.selfadjointView<Eigen::Lower>().rankUpdate(Z.topRows(rows).transpose());
      }
    }
    G = std::move(part[0]);
    for (std::size_t b = 1; b < part.size(); ++b) G.triangularView<Eigen::Lower>() += part[b];
    G.triangularView<Eigen::StrictlyUpper>() = G.transpose();
  }
  // out[a] = Z_{vars[a]}' Z_j.
  void cross_products(Index j, const std::vector<Index>& vars, Vector& out) const {
    const Vector w = (v_.array() * (X_.col(j).array() - st_.xbar[j]) * inv_scale_[j]).matrix();
    const double w_sum = w.sum();
    out.resize(static_cast<Index>(vars.size()));
    for (std::size_t a = 0; a < vars.size(); ++a) {
      const Index k = vars[a];
      out[static_cast<Index>(a)] = inv_scale_[k] * (X_.col(k).dot(w) - st_.xbar[k] * w_sum);
    }
  }
  void y_correlations(Vector& out) {
    reset_residual();
    correlations(out);
  }
  void reset_residual() {
    q_ = st_.sqrt_v.cwiseProduct(st_.y_tilde);  // v .* (y - ybar)
    o_ = 0.0;
    sq_ = q_.sum();
  }
  Vector residual() const {  // rtilde = e / sqrt(v)
    return ((q_ + o_ * v_).array() * inv_sqrt_v_.array()).matrix();
  }
  double residual_norm2() const { return residual().squaredNorm(); }
  double residual_dot_y() const { return y_centered_.dot(q_ + o_ * v_); }

 private:
  const Standardized& st_;
  DenseView X_;         // n x p, a view of the caller's matrix
  Vector inv_scale_;    // p: 1 / s_j (0 for excluded columns)
  Vector v_;            // n: normalized weights
  Vector inv_sqrt_v_;   // n: 1 / sqrt(v_i) (0 where v_i = 0)
  Vector y_centered_;   // n: y - ybar (0 where v_i = 0)
  bool uniform_ = true;
  Vector q_;            // n
  double o_ = 0.0;      // e = q + o v
  double sq_ = 0.0;     // sum(q)
  Eigen::MatrixXf Xf_;  // n x p, float32 copy of X for approximate_correlations (lazy)
  Eigen::VectorXf qf_;  // n, scratch
  Eigen::VectorXf cf_;  // p, scratch
  Vector error_relative_, error_absolute_;  // p, rounding bound terms (with Xf_)
};

// Sparse back-end: CSC arrays of sqrt(v_i) x_ij / s_j (same pattern as X, never dense);
// centring enters through xhat_j = xbar_j / s_j and mhat_j = mean_j / s_j:
//   Z_j' rtilde = sum_nz val_ij q_i + o mhat_j - xhat_j (sum_i sqrt(v_i) q_i + o).
class SparseDesign {
 public:
  SparseDesign(const SparseView& X, const Standardized& st)
      : st_(st), start_(static_cast<std::size_t>(X.cols()) + 1, 0) {
    const Index p = X.cols();
    xhat_ = Vector::Zero(p);
    mhat_ = Vector::Zero(p);
    for (Index j = 0; j < p; ++j) {
      const auto ju = static_cast<std::size_t>(j);
      if (!st.excluded[ju]) {
        const double inv_scale = 1.0 / st.scale[j];
        for (SparseView::InnerIterator it(X, j); it; ++it) {
          if (it.value() == 0.0) continue;
          row_.push_back(it.row());
          val_.push_back(st.sqrt_v[it.row()] * it.value() * inv_scale);
        }
        xhat_[j] = st.xbar[j] * inv_scale;
        mhat_[j] = st.mean[j] * inv_scale;
      }
      start_[ju + 1] = row_.size();
    }
    sy_ = st.sqrt_v.dot(st.y_tilde);
    reset_residual();
  }

  double dot(Index j) const {
    const auto ju = static_cast<std::size_t>(j);
    double s = 0.0;
    for (std::size_t k = start_[ju]; k < start_[ju + 1]; ++k) s += val_[k] * q_[row_[k]];
    return s + o_ * mhat_[j] - xhat_[j] * (sq_ + o_);
  }
  void axpy(Index j, double a) {
    const auto ju = static_cast<std::size_t>(j);
    for (std::size_t k = start_[ju]; k < start_[ju + 1]; ++k) q_[row_[k]] += a * val_[k];
    o_ -= a * xhat_[j];
    sq_ += a * mhat_[j];
  }
  void correlations(Vector& out) const {
    out.resize(st_.p);
    for (Index j = 0; j < st_.p; ++j) out[j] = dot(j);
  }
  void gram_column(Index k, Eigen::Ref<Vector> out) const {
    const auto ku = static_cast<std::size_t>(k);
    Vector zk = Vector::Zero(st_.n);  // sqrt(v) x_k / s_k, scattered
    for (std::size_t t = start_[ku]; t < start_[ku + 1]; ++t) zk[row_[t]] = val_[t];
    for (Index j = 0; j < st_.p; ++j) {
      const auto ju = static_cast<std::size_t>(j);
      double s = 0.0;
      for (std::size_t t = start_[ju]; t < start_[ju + 1]; ++t) s += val_[t] * zk[row_[t]];
      out[j] = s - xhat_[j] * mhat_[k] - mhat_[j] * xhat_[k] + xhat_[j] * xhat_[k];
    }
  }
  void cross_products(Index j, const std::vector<Index>& vars, Vector& out) const {
    const auto ju = static_cast<std::size_t>(j);
    Vector zj = Vector::Zero(st_.n);  // sqrt(v) x_j / s_j, scattered
    for (std::size_t t = start_[ju]; t < start_[ju + 1]; ++t) zj[row_[t]] = val_[t];
    out.resize(static_cast<Index>(vars.size()));
    for (std::size_t a = 0; a < vars.size(); ++a) {
      const Index k = vars[a];
      const auto ku = static_cast<std::size_t>(k);
      double s = 0.0;
      for (std::size_t t = start_[ku]; t < start_[ku + 1]; ++t) s += val_[t] * zj[row_[t]];
      out[static_cast<Index>(a)] =
          s - xhat_[k] * mhat_[j] - mhat_[k] * xhat_[j] + xhat_[k] * xhat_[j];
    }
  }
  void gram(Matrix& G) const {
    G.resize(st_.p, st_.p);
    for (Index k = 0; k < st_.p; ++k) gram_column(k, G.col(k));
  }
  void y_correlations(Vector& out) {
    const Vector q = q_;
    const double o = o_, sq = sq_;
    reset_residual();
    correlations(out);
    q_ = q;
    o_ = o;
    sq_ = sq;
  }
  void reset_residual() {
    q_ = st_.y_tilde;
    o_ = 0.0;
    sq_ = sy_;
  }
  Vector residual() const { return q_ + o_ * st_.sqrt_v; }
  double residual_norm2() const { return q_.squaredNorm() + 2.0 * o_ * sq_ + o_ * o_; }
  double residual_dot_y() const { return q_.dot(st_.y_tilde) + o_ * sy_; }

 private:
  const Standardized& st_;
  std::vector<std::size_t> start_;  // p + 1
  std::vector<Index> row_;          // nnz
  std::vector<double> val_;         // nnz
  Vector xhat_, mhat_;              // p
  double sy_ = 0.0;                 // sum_i sqrt(v_i) ytilde_i
  Vector q_;                        // n
  double o_ = 0.0;                  // rtilde = q + o sqrt(v)
  double sq_ = 0.0;                 // sum_i sqrt(v_i) q_i
};

}  // namespace regkit::linear::detail
