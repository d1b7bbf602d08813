// Internal to the GLM engine: the standardized problem a solver sees, over dense
// (column-major) or sparse (CSC) X read in place.
//
// With u_i = w_i / W, centers c_j (weighted means; 0 without an intercept) and scales s_j
// (weighted standard deviations, or root mean squares without an intercept; 1 without
// standardize), the solver's coefficients beta_j multiply the columns (x_ij - c_j) / s_j:
//
//   eta_i = offset_i + b + sum_j beta_j (x_ij - c_j) / s_j,
//
// so that original-scale coefficients are beta_j / s_j and the intercept is
// b - sum_j c_j beta_j / s_j. X itself is never centred or copied: the column operations
// below work on raw x_ij and the caller folds c_j and s_j into scalars.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include "regkit/core/types.hpp"
#include "regkit/linear/family.hpp"

namespace regkit::linear::glm {

// Raw column operations on dense or sparse X (j a column; vectors have n entries).
template <class XMap>
struct Columns;

// Dense columns: Eigen's reductions (vectorized, several accumulators; a plain loop's
// floating-point sum would not be reordered by the compiler).
template <>
struct Columns<DenseView> {
  const DenseView& X;
  // sum_i x_ij a_i
  double dot(Index j, const Vector& a) const { return X.col(j).dot(a); }
  // sum_i h_i x_ij and sum_i h_i x_ij^2
  void moments(Index j, const Vector& h, double& hx, double& hxx) const {
    hx = X.col(j).dot(h);
    hxx = (X.col(j).array().square() * h.array()).sum();
  }
  // r_i += a x_ij
  void axpy(Index j, double a, Vector& r) const { r.noalias() += a * X.col(j); }
  // q_i += a h_i x_ij
  void axpy_weighted(Index j, double a, const Vector& h, Vector& q) const {
    q.array() += a * X.col(j).array() * h.array();
  }
  // sum_i u_i (x_ij - c)^2, without cancellation
  double centered_square(Index j, const Vector& u, double c) const {
    return ((X.col(j).array() - c).square() * u.array()).sum();
  }
};

template <>
struct Columns<SparseView> {
  const SparseView& X;
  template <class F>
  void each(Index j, F&& f) const {
    for (SparseView::InnerIterator it(X, j); it; ++it) f(it.index(), it.value());
  }
  double dot(Index j, const Vector& a) const {
    double s = 0.0;
    each(j, [&](Index i, double x) { s += x * a[i]; });
    return s;
  }
  void moments(Index j, const Vector& h, double& hx, double& hxx) const {
    double s1 = 0.0, s2 = 0.0;
    each(j, [&](Index i, double x) {
      s1 += h[i] * x;
      s2 += h[i] * x * x;
    });
    hx = s1;
    hxx = s2;
  }
  void axpy(Index j, double a, Vector& r) const {
    each(j, [&](Index i, double x) { r[i] += a * x; });
  }
  void axpy_weighted(Index j, double a, const Vector& h, Vector& q) const {
    each(j, [&](Index i, double x) { q[i] += a * h[i] * x; });
  }
  // sum_i u_i (x_ij - c)^2 with u summing to 1: stored entries, plus c^2 for the others
  double centered_square(Index j, const Vector& u, double c) const {
    double s = 0.0, stored_weight = 0.0;
    each(j, [&](Index i, double x) {
      s += u[i] * (x - c) * (x - c);
      stored_weight += u[i];
    });
    return s + std::max(0.0, 1.0 - stored_weight) * c * c;
  }
};

// The standardized problem. `level_factor` are glmnet's rescaled penalty factors (0 =
// unpenalized); excluded features (constant columns, `exclude`, infinite factors) never
// enter. lower / upper are the limits on the solver's scale (limit * s_j).
template <class XMap>
struct Problem {
  const XMap& X;
  const Vector& y;
  const Family& family;
  Columns<XMap> columns;
  Vector u;                     // n, normalized weights (sum 1)
  Vector offset;                // n (zeros when none)
  Vector center;                // p
  Vector scale;                 // p
  Vector level_factor;          // p
  Vector lower, upper;          // p
  std::vector<char> excluded;   // p
  bool fit_intercept = true;
  int threads = 1;

  Index n() const { return X.rows(); }
  Index p() const { return X.cols(); }
  bool eligible(Index j) const { return !excluded[static_cast<std::size_t>(j)]; }
  bool penalized(Index j) const { return level_factor[j] > 0.0; }

  // eta = offset + b + sum_j beta_j (x_j - c_j) / s_j over the nonzero beta_j.
  void linear_predictor(const Vector& beta, double b, Vector& eta) const {
    double shift = b;
    eta = offset;
    for (Index j = 0; j < p(); ++j) {
      if (beta[j] == 0.0) continue;
      const double a = beta[j] / scale[j];
      columns.axpy(j, a, eta);
      shift -= a * center[j];
    }
    eta.array() += shift;
  }

  // gradient_j = sum_i g_i (x_ij - c_j) / s_j for every eligible j (0 elsewhere); g sums
  // to g_sum. Parallel over columns.
  void full_gradient(const Vector& g, Vector& gradient) const {
    const double g_sum = g.sum();
    gradient.resize(p());
#pragma omp parallel for schedule(static) num_threads(threads) if (threads > 1 && n() * p() > 200000)
    for (Index j = 0; j < p(); ++j)
      gradient[j] = eligible(j) ? (columns.dot(j, g) - center[j] * g_sum) / scale[j] : 0.0;
  }
};

}  // namespace regkit::linear::glm
