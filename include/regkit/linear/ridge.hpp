// Ridge regression, glmnet form (alpha = 0):
//
//   minimise  1/(2 W) sum_i w_i (y_i - b - x_i'beta)^2 + lambda/2 * sum_j pf_j beta_j^2
//
// scikit-learn Ridge(alpha) is lambda = alpha / n (penalty/conventions.hpp).
// One lambda: Cholesky on X'WX + W lambda diag(pf) when n >= p, on the n x n kernel
// X X' + ... when n < p. A path: one SVD of the (centred, scaled) X serves every lambda.
// Leave-one-out and GCV errors for every lambda from the same SVD (RidgeCV-style).
// Multi-target Y (n x t) accepted by the *_multi functions. Every entry point takes a
// DesignView (X read in place, not copied); the Design overloads are thin wrappers.
#pragma once

#include "regkit/linear/fit_result.hpp"

namespace regkit::linear {

struct RidgeOptions {
  bool fit_intercept = true;
  bool standardize = true;   // scale columns to unit variance; coefs on original scale
  Vector penalty_factor;     // p entries > 0, or empty (all 1)
  Vector sample_weight;      // n entries >= 0, or empty (all 1)
  void validate(Index n, Index p) const;
};

// Single target, single lambda (Cholesky). duality_gap = 0, max_kkt_violation = norm of
// the gradient of the objective at the solution.
FitResult fit_ridge(const DesignView& X, const Vector& y, double lambda, const RidgeOptions& options);
inline FitResult fit_ridge(const Design& X, const Vector& y, double lambda,
                           const RidgeOptions& options) {
  return fit_ridge(view(X), y, lambda, options);
}

struct RidgeMultiFit {
  double lambda = 0.0;
  Matrix coef;        // p x t
  Vector intercept;   // t
};
RidgeMultiFit fit_ridge_multi(const DesignView& X, const Matrix& Y, double lambda,
                              const RidgeOptions& options);
inline RidgeMultiFit fit_ridge_multi(const Design& X, const Matrix& Y, double lambda,
                                     const RidgeOptions& options) {
  return fit_ridge_multi(view(X), Y, lambda, options);
}

// Every lambda from one SVD. `lambdas` empty = 100 log-spaced lambdas from
// lambda_max(alpha = 0.001) down to 1e-4 of it (as glmnet's alpha = 0 grid).
PathResult ridge_path(const DesignView& X, const Vector& y, const Vector& lambdas,
                      const RidgeOptions& options);
inline PathResult ridge_path(const Design& X, const Vector& y, const Vector& lambdas,
                             const RidgeOptions& options) {
  return ridge_path(view(X), y, lambdas, options);
}

// Efficient leave-one-out (exact) and GCV mean squared errors for every lambda, from
// one SVD / eigendecomposition (Rifkin & Lippert; scikit-learn _RidgeGCV).
struct RidgeLooResult {
  Vector lambdas;     // L
  Vector loo_mse;     // L: mean over samples of the exact leave-one-out squared residual
  Vector gcv;         // L: generalized cross-validation score
  Index best = 0;     // argmin of loo_mse
};
RidgeLooResult ridge_loo(const DesignView& X, const Vector& y, const Vector& lambdas,
                         const RidgeOptions& options);
inline RidgeLooResult ridge_loo(const Design& X, const Vector& y, const Vector& lambdas,
                                const RidgeOptions& options) {
  return ridge_loo(view(X), y, lambdas, options);
}

}  // namespace regkit::linear
