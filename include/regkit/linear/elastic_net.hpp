// Lasso and elastic net by cyclic coordinate descent (Friedman, Hastie & Tibshirani 2010).
//
//   minimise  1/(2 W) sum_i w_i (y_i - b - x_i'beta)^2
//             + lambda * sum_j pf_j ( alpha |beta_j| + (1 - alpha)/2 beta_j^2 )
//
// w_i sample weights (default 1, W = sum w_i), b the unpenalized intercept, pf_j penalty
// factors (0 = unpenalized). With standardize (default) each column is scaled to unit
// (weighted, 1/W) variance inside the solver and coefficients are returned on the
// original scale; the penalty then acts on the standardized coefficients, as in glmnet.
//
// Covariance updates (keep <x_j, x_k> for variables ever active; O(p) per update) when
// n >= p and p <= 500 (or when forced), naive updates (keep the residual, O(n) per update)
// otherwise; active-set cycling; sequential strong rules with a KKT re-check along paths;
// warm starts; stop when the duality gap is below tol * (1/(2W)) * sum w_i (y_i - ybar)^2.
// Sparse X (CSC) is centred implicitly, never densified.
//
// Details of regkit's implementation (src/linear/elastic_net*.{hpp,cpp}):
// - Dense X is not copied either: column means, scales and weights are folded into the
//   inner products (peak extra memory O(n + p), plus the p x p Gram in covariance mode).
// - Covariance mode forms the whole Gram matrix at once (one rank-n update) when p <= 500
//   and otherwise caches the columns of variables ever active.
// - Penalty factors are used as given; glmnet rescales them to sum to p, regkit does not,
//   so lambda means the same thing whatever the factors are.
// - Without an intercept, standardize scales columns by their (weighted) root mean square,
//   as glmnet does with intercept = FALSE. Constant columns (all zero without an
//   intercept) get coefficient 0.
// - Stopping: the duality gap of the problem in the solver's standardized coordinates
//   (penalty on the standardized coefficients, as in glmnet) below tol times the null
//   objective 1/(2W) sum w_i (y_i - ybar)^2 (ybar = 0 without an intercept); `objective`,
//   `duality_gap` and `max_kkt_violation` are reported in those coordinates.
// - When coordinate descent crawls (correlated columns, small lambda), Newton steps on
//   the active set with signs held (cut where a coefficient would cross zero; Cholesky
//   factor updated as variables enter and leave) finish the solve; they change the route,
//   not the certificate.
// - KKT checks outside the working set use Cauchy-Schwarz bounds on the correlations
//   (|x_j' r_now| <= |x_j' r_then| + ||x_j|| ||r_now - r_then||) and compute only the
//   inner products the bounds cannot settle.
// - PathResult::fit_seconds is the wall time of the solver, after input validation.
#pragma once

#include <optional>

#include "regkit/linear/fit_result.hpp"

namespace regkit::linear {

enum class UpdateRule { automatic, covariance, naive };

struct ElasticNetOptions {
  double alpha = 1.0;          // glmnet mix in [0, 1]; 1 = lasso
  bool fit_intercept = true;   // unpenalized intercept
  bool standardize = true;     // scale columns to unit variance inside; coefs on original scale
  double tol = 1e-7;           // duality-gap tolerance, relative to the null objective
                               // (coefficient accuracy ~ sqrt(tol); use 1e-12..1e-14 for
                               // reference-grade solutions)
  int max_iter = 100000;       // coordinate passes per lambda
  UpdateRule update = UpdateRule::automatic;
  bool use_strong_rules = true;
  Vector penalty_factor;       // p entries >= 0, or empty (all 1)
  Vector sample_weight;        // n entries >= 0, or empty (all 1)
  Logger log;                  // warnings (e.g. max_iter reached)

  void validate(Index n, Index p) const;  // throws InvalidArgument naming the option
};

struct PathOptions {
  Vector lambdas;                // user grid (any order; fitted in decreasing order); empty = automatic
  int lambda_count = 100;        // automatic grid size
  double lambda_min_ratio = -1;  // automatic: 1e-4 if n > p else 1e-2; else in (0, 1)
  void validate() const;
};

// Every entry point takes a DesignView (core/types.hpp): X is read in place, never copied
// (a Fortran-ordered NumPy array or a SciPy CSC matrix from Python); the Design overloads
// are thin wrappers.

// Largest lambda with a nonzero coefficient: max_j |<x_j, w (y - ybar)>| / (W alpha pf_j).
// For alpha == 0 uses alpha = 0.001 as glmnet does.
double lambda_max(const DesignView& X, const Vector& y, const ElasticNetOptions& options);
inline double lambda_max(const Design& X, const Vector& y, const ElasticNetOptions& options) {
  return lambda_max(view(X), y, options);
}

// The automatic grid: lambda_count points log-spaced from lambda_max down to
// lambda_min_ratio * lambda_max.
Vector lambda_grid(const DesignView& X, const Vector& y, const ElasticNetOptions& options,
                   const PathOptions& path);
inline Vector lambda_grid(const Design& X, const Vector& y, const ElasticNetOptions& options,
                          const PathOptions& path) {
  return lambda_grid(view(X), y, options, path);
}

// One lambda. `warm_start` (p coefficients on the original scale) starts the solver there.
FitResult fit_elastic_net(const DesignView& X, const Vector& y, double lambda,
                          const ElasticNetOptions& options,
                          const std::optional<Vector>& warm_start = std::nullopt);
inline FitResult fit_elastic_net(const Design& X, const Vector& y, double lambda,
                                 const ElasticNetOptions& options,
                                 const std::optional<Vector>& warm_start = std::nullopt) {
  return fit_elastic_net(view(X), y, lambda, options, warm_start);
}

// A whole path with warm starts and strong rules.
PathResult elastic_net_path(const DesignView& X, const Vector& y, const ElasticNetOptions& options,
                            const PathOptions& path = {});
inline PathResult elastic_net_path(const Design& X, const Vector& y,
                                   const ElasticNetOptions& options, const PathOptions& path = {}) {
  return elastic_net_path(view(X), y, options, path);
}

}  // namespace regkit::linear
