// Internal to the GLM engine: the weighted least-squares model of one proximal Newton
// iteration and its coordinate-descent solver.
//
// With g_i, h_i the family's gradient and IRLS weights at eta, the model of the datafit in
// the change d of eta is sum g_i d_i + h_i d_i^2 / 2 = 1/2 sum h_i R_i^2 + const, R = r - d,
// r_i = -g_i / h_i the working residual, d_i = change of b + sum_j change of beta_j
// (x_ij - c_j) / s_j. The solver minimizes 1/2 sum h_i R_i^2 + sum_j rho(beta_j) over the
// intercept and a working set by cyclic coordinate descent (the penalty's own update),
// full passes alternating with passes over the nonzero coefficients, and Anderson
// extrapolation of the latter (Bertrand & Massias 2021, as in skglm): every K passes a
// combination of the last iterates is tried and kept when it lowers the model. On
// correlated columns plain coordinate descent crawls; extrapolation restores a fast rate
// once the signs settle.
// The weighted residual h R is kept as a vector qs plus a scalar multiple of h
// (h_i R_i = qs_i + shift h_i): a coordinate reads one column against qs and touches only
// the stored entries of its column; the centring c_j and the intercept move the shift.
#pragma once

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <vector>

#include "problem.hpp"
#include "regkit/penalty/penalty.hpp"

namespace regkit::linear::glm {

template <class XMap>
class QuadraticModel {
 public:
  QuadraticModel(const Problem<XMap>& prob, const penalty::Penalty& pen, const std::vector<Index>& set,
                 double lambda)
      : prob_(prob), pen_(pen), set_(set), m_(set.size()) {
    hx_.resize(m_);
    hjj_.resize(m_);
    mean_.resize(m_);
    level_.resize(m_);
    for (std::size_t k = 0; k < m_; ++k) level_[k] = lambda * prob.level_factor[set[k]];
  }

  // The model at (g, h): working residual, column moments of the set. beta and b are
  // the current coefficients (the starting point).
  void reset(const Vector& g, const Vector& h, const Vector& beta, double b) {
    h_ = &h;
    const Index n = prob_.n();
    r_.resize(n);
    H0_ = 0.0;
    for (Index i = 0; i < n; ++i) {
      r_[i] = h[i] > 0.0 ? -g[i] / h[i] : 0.0;
      H0_ += h[i];
    }
    // Sparse X: every moment now (one pass over the stored entries). Dense X: a moment
    // on the first move of its coordinate; a coordinate that stays at zero costs one
    // inner product.
    known_.assign(m_, 0);
    if constexpr (!kDense)
      for (std::size_t k = 0; k < m_; ++k) ensure_moments(k);
    qs_ = h.cwiseProduct(r_);
    shift_ = 0.0;
    qsum_ = qs_.sum();
    beta_ = beta;
    b_ = b;
    beta_start_ = beta;
    b_start_ = b;
  }

  // Coordinate descent until a pass moves the model by less than `threshold`
  // (sum_j h_jj change_j^2, the intercept's included) or `passes` reaches max_passes.
  void solve(double threshold, int max_passes, int& passes) {
    std::vector<std::size_t> active;
    active.reserve(m_);
    for (;;) {
      double change = intercept();
      for (std::size_t k = 0; k < m_; ++k) change += coordinate(k);
      ++passes;
      if (change < threshold || passes >= max_passes) return;
      active.clear();
      for (std::size_t k = 0; k < m_; ++k)
        if (beta_[set_[k]] != 0.0) active.push_back(k);
      cycle(active, threshold, max_passes, passes);
    }
  }

  const Vector& beta() const { return beta_; }
  double intercept_value() const { return b_; }
  // d, the change of eta: b's change plus sum_j beta_j's change times (x_j - c_j) / s_j.
  void step(Vector& d) const {
    double constant = b_ - b_start_;
    d.setZero(prob_.n());
    for (std::size_t k = 0; k < m_; ++k) {
      const Index j = set_[k];
      const double delta = beta_[j] - beta_start_[j];
      if (delta == 0.0) continue;
      prob_.columns.axpy(j, delta / prob_.scale[j], d);
      constant -= delta * prob_.center[j] / prob_.scale[j];
    }
    d.array() += constant;
  }

 private:
  static constexpr int kAndersonK = 5;
  static constexpr bool kDense = std::is_same_v<XMap, DenseView>;

  // Coordinate j together with the intercept: beta_j moves by delta and b by -delta m_j,
  // m_j the h-weighted mean of column j, i.e. a step along the column centred with the
  // model's own weights. Exact minimization over the pair (b, beta_j); with IRLS weights
  // far from uniform, updating b and beta_j one at a time would zig-zag between them.
  double coordinate(std::size_t k) {
    const Index j = set_[k];
    const double c = prob_.center[j], s = prob_.scale[j];
    const double dot = prob_.columns.dot(j, qs_);
    if constexpr (kDense) {
      // The gradient at beta_j = 0 without the moments: (x_j - c_j)/s_j against h R, whose
      // sum the intercept keeps at 0 (the h-weighted mean's term vanishes).
      if (!known_[k] && beta_[j] == 0.0 && std::abs((dot - c * qsum_) / s) <= pen_.zero_bound(level_[k]))
        return 0.0;
    }
    ensure_moments(k);
    if (!(hjj_[k] > 0.0)) return 0.0;
    const double m = mean_[k];
    const double curvature = hjj_[k] - H0_ * m * m;
    if (!(curvature > 1e-12 * hjj_[k])) return 0.0;
    const double hR = qsum_ + shift_ * H0_;
    const double grad_part = (dot + shift_ * hx_[k] - c * hR) / s - m * hR;
    const double old = beta_[j];
    const double v = pen_.update(curvature * old + grad_part, curvature, level_[k], prob_.lower[j], prob_.upper[j]);
    if (v == old) return 0.0;
    move(k, v - old);
    return curvature * (v - old) * (v - old);
  }

  void ensure_moments(std::size_t k) {
    if (known_[k]) return;
    known_[k] = 1;
    const Index j = set_[k];
    double sx = 0.0, sxx = 0.0;
    prob_.columns.moments(j, *h_, sx, sxx);
    const double c = prob_.center[j], s = prob_.scale[j];
    hx_[k] = sx;
    hjj_[k] = std::max(0.0, (sxx - 2.0 * c * sx + c * c * H0_) / (s * s));
    mean_[k] = prob_.fit_intercept && H0_ > 0.0 ? (sx - c * H0_) / (s * H0_) : 0.0;
  }

  // h R -= delta h (x_j - c_j) / s_j - delta m_j h. Dense: in qs itself (one pass over the
  // column; the sum of h R does not change). Sparse: the stored entries, and the shift.
  void move(std::size_t k, double delta) {
    const Index j = set_[k];
    const double c = prob_.center[j], s = prob_.scale[j], m = mean_[k];
    beta_[j] += delta;
    b_ -= delta * m;
    if constexpr (kDense) {
      const double a = -delta / s, constant = delta * (c / s + m);
      qs_.array() += h_->array() * (a * prob_.X.col(j).array() + constant);
    } else {
      prob_.columns.axpy_weighted(j, -delta / s, *h_, qs_);
      qsum_ -= delta * hx_[k] / s;
      shift_ += delta * (c / s + m);
    }
  }

  double intercept() {
    if (!prob_.fit_intercept || !(H0_ > 0.0)) return 0.0;
    const double delta = (qsum_ + shift_ * H0_) / H0_;
    move_intercept(delta);
    return H0_ * delta * delta;
  }

  // b += delta: h R -= delta h.
  void move_intercept(double delta) {
    b_ += delta;
    if constexpr (kDense) {
      qs_ -= delta * *h_;
      qsum_ -= delta * H0_;
    } else {
      shift_ -= delta;
    }
  }

  // 1/2 sum h R^2 + the penalty of the active coefficients (the others do not move).
  double model_value(const std::vector<std::size_t>& active) const {
    // h R^2 = (qs + shift h)^2 / h over the rows with h > 0 (R is free where h = 0)
    const double quad = 0.5 * ((qs_.array() + shift_ * h_->array()).square() / h_->array().max(1e-300)).sum();
    double penalty = 0.0;
    for (std::size_t k : active) penalty += pen_.value(beta_[set_[k]], level_[k]);
    return quad + penalty;
  }

  // Passes over `active` with Anderson extrapolation every kAndersonK passes.
  void cycle(const std::vector<std::size_t>& active, double threshold, int max_passes, int& passes) {
    const Index a = static_cast<Index>(active.size()) + 1;  // + the intercept
    Matrix history(a, kAndersonK + 1);
    int stored = 0;
    auto record = [&](int col) {
      history(0, col) = b_;
      for (std::size_t q = 0; q < active.size(); ++q) history(static_cast<Index>(q) + 1, col) = beta_[set_[active[q]]];
    };
    record(stored++);
    for (;;) {
      double change = intercept();
      for (std::size_t k : active) change += coordinate(k);
      ++passes;
      if (change < threshold || passes >= max_passes) return;
      record(stored++);
      if (stored == kAndersonK + 1) {
        extrapolate(active, history);
        stored = 0;
        record(stored++);
      }
    }
  }

  void extrapolate(const std::vector<std::size_t>& active, const Matrix& history) {
    const Matrix U = history.rightCols(kAndersonK) - history.leftCols(kAndersonK);
    Matrix C = U.transpose() * U;
    const double scale = C.trace();
    if (!(scale > 0.0) || !std::isfinite(scale)) return;
    C.diagonal().array() += 1e-10 * scale;
    const Eigen::LDLT<Matrix> ldlt(C);
    if (ldlt.info() != Eigen::Success) return;
    const Vector z = ldlt.solve(Vector::Ones(kAndersonK));
    const double total = z.sum();
    if (!(std::abs(total) > 0.0) || !z.allFinite()) return;
    const Vector extrapolated = history.rightCols(kAndersonK) * (z / total);
    // Inside the box, or not at all.
    for (std::size_t q = 0; q < active.size(); ++q) {
      const Index j = set_[active[q]];
      const double v = extrapolated[static_cast<Index>(q) + 1];
      if (v < prob_.lower[j] || v > prob_.upper[j]) return;
    }
    const double before = model_value(active);
    Vector delta(static_cast<Index>(active.size()) + 1);
    delta[0] = extrapolated[0] - b_;
    for (std::size_t q = 0; q < active.size(); ++q)
      delta[static_cast<Index>(q) + 1] = extrapolated[static_cast<Index>(q) + 1] - beta_[set_[active[q]]];
    const Vector old = history.col(kAndersonK);  // the current iterate
    apply(active, delta);
    if (model_value(active) < before) return;
    // Not better: back to the iterate, restoring the coefficients exactly.
    apply(active, -delta);
    b_ = old[0];
    for (std::size_t q = 0; q < active.size(); ++q) beta_[set_[active[q]]] = old[static_cast<Index>(q) + 1];
  }

  // Moves the intercept by delta[0] and the active coefficients by the rest (each move
  // also shifts b by -change m_j, made up for at the end).
  void apply(const std::vector<std::size_t>& active, const Vector& delta) {
    double intercept_change = delta[0];
    for (std::size_t q = 0; q < active.size(); ++q) {
      const double dq = delta[static_cast<Index>(q) + 1];
      if (dq == 0.0) continue;
      move(active[q], dq);
      intercept_change += dq * mean_[active[q]];
    }
    if (intercept_change != 0.0) move_intercept(intercept_change);
  }

  const Problem<XMap>& prob_;
  const penalty::Penalty& pen_;
  const std::vector<Index>& set_;
  std::size_t m_;
  const Vector* h_ = nullptr;
  std::vector<double> hx_, hjj_, mean_, level_;
  std::vector<char> known_;  // moments computed at this model
  Vector r_, qs_;
  double H0_ = 0.0, shift_ = 0.0, qsum_ = 0.0;
  Vector beta_, beta_start_;
  double b_ = 0.0, b_start_ = 0.0;
};

}  // namespace regkit::linear::glm
