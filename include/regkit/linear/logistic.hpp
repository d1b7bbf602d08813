// Regularized logistic regression: binomial and multinomial (softmax), L2 / L1 / elastic net.
//
//   minimise  -(1/W) sum_i w_i c_{y_i} log p(y_i | x_i)
//             + lambda * sum_j pf_j ( alpha |beta_j| + (1 - alpha)/2 ||beta_j||^2 )
//
// w_i sample weights (default 1, W = sum w_i), c_y class weights (default 1), pf_j penalty
// factors (0 = unpenalized), unpenalized intercepts. The penalty is glmnet's (see
// penalty/conventions.hpp for liblinear / scikit-learn C: lambda = 1 / (C n)).
//
// Binomial: one coefficient vector beta (p), p(1|x) = sigmoid(b + x'beta), classes[1] is
// the positive class. Multinomial (k >= 3 classes, or forced): glmnet's symmetric
// parametrization, beta is p x k, p(c|x) = softmax(b + x'B)_c; ||beta_j||^2 sums over the
// row j of B; with `grouped` the L1 term is the group lasso ||beta_j||_2 over that row
// (glmnet type.multinomial = "grouped"), otherwise sum_c |beta_jc|. For multinomial with
// alpha > 0 the symmetric solution is not unique in the intercepts; intercepts are
// centred to sum to 0 (as glmnet).
//
// Solvers: L2 (alpha == 0): trust-region Newton with conjugate gradients (liblinear's
// TRON) or L-BFGS, chosen by `solver`; automatic runs L-BFGS (the fewest passes over X in
// bench/logistic) and hands over to TRON if it has not converged after 200 iterations
// (or max_iter - 20, at least half of max_iter).
// alpha > 0: proximal Newton (glmnet / newGLMNET): a weighted quadratic approximation of
// the log-likelihood solved by coordinate descent with active sets, an outer line search.
// Dense (column-major) and sparse (CSC) X; sparse X is centred implicitly, never densified.
// With standardize (default) columns are scaled to unit (weighted) variance inside the
// solver and coefficients are returned on the original scale.
//
// Numerics: log-loss via log1p(exp(-|z|)) + max(z, 0) and log-sum-exp; perfectly
// separable data with tiny lambda never produces NaN: the solver stops at max_iter with
// converged = false and a warning through `log`, coefficients finite.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "regkit/core/types.hpp"
#include "regkit/linear/elastic_net.hpp"  // PathOptions

namespace regkit::linear {

enum class LogisticFamily { automatic, binomial, multinomial };
enum class LogisticSolver { automatic, trust_region_newton, lbfgs, proximal_newton };

struct LogisticOptions {
  double alpha = 0.0;          // glmnet mix in [0, 1]; 0 = L2, 1 = L1
  LogisticFamily family = LogisticFamily::automatic;  // binomial for 2 classes
  bool grouped = false;        // multinomial: group lasso over each row of B
  bool fit_intercept = true;   // unpenalized intercept(s)
  bool standardize = true;     // scale columns to unit variance inside; coefs on original scale
  double tol = 1e-8;           // stop when the largest KKT violation (scaled gradient, see
                               // LogisticFit::max_kkt_violation) is below tol
  int max_iter = 1000;         // outer (Newton / L-BFGS) iterations per lambda
  LogisticSolver solver = LogisticSolver::automatic;
  bool use_strong_rules = true;
  Vector penalty_factor;       // p entries >= 0, or empty (all 1)
  Vector sample_weight;        // n entries >= 0, or empty (all 1)
  Vector class_weight;         // k entries > 0 in the order of `classes`, or empty (all 1)
  int threads = 0;             // 0 = OpenMP default
  Logger log;                  // warnings (max_iter reached, separable data)

  void validate(Index n, Index p) const;  // throws InvalidArgument naming the option
};

// Class labels: y holds integer-valued labels (any integers, as doubles). `classes` are the
// distinct values in increasing order; codes[i] is the index of y[i] in classes.
// Errors (DataError-style messages, thrown as InvalidArgument naming `what`, e.g. a file):
// NaN / inf, a non-integer label, fewer than two classes.
struct Labels {
  Vector classes;            // k distinct labels, increasing
  std::vector<int> codes;    // n entries in 0..k-1
  Index n_classes() const { return classes.size(); }
};
Labels encode_labels(const Vector& y, const std::string& what = "labels");

// One fitted point. coef is p x m with m = 1 (binomial) or k (multinomial).
struct LogisticFit {
  double lambda = 0.0;
  double alpha = 0.0;
  Vector classes;             // k
  Matrix coef;                // p x m, original scale
  Vector intercept;           // m
  int iterations = 0;         // outer iterations
  bool converged = true;
  double objective = 0.0;     // mean weighted log-loss + penalty at the solution
  double deviance = 0.0;      // 2 * mean weighted log-loss
  double max_kkt_violation = 0.0;  // in the solver's (standardized) coordinates, relative
                                   // to lambda for alpha > 0 (absolute gradient norm for L2)
  bool multinomial() const { return coef.cols() > 1; }
};

struct LogisticPath {
  double alpha = 0.0;
  Vector classes;                  // k
  Vector lambdas;                  // L, decreasing
  std::vector<Matrix> coefs;       // L matrices p x m, original scale
  Matrix intercepts;               // m x L
  std::vector<int> iterations;
  std::vector<bool> converged;
  Vector objective;                // L
  Vector deviance;                 // L
  Vector max_kkt_violation;        // L
  std::vector<int> df;             // nonzero rows of B at each lambda
  double fit_seconds = 0.0;        // wall time of the solver alone

  Index size() const { return lambdas.size(); }
  LogisticFit at(Index k) const;
};

// Smallest lambda with all coefficients zero (alpha > 0): max_j ||grad_j at the
// intercept-only fit|| / (alpha pf_j); for alpha == 0 uses alpha = 0.001 (as glmnet).
double logistic_lambda_max(const DesignView& X, const Labels& labels,
                           const LogisticOptions& options);
inline double logistic_lambda_max(const Design& X, const Labels& labels,
                                  const LogisticOptions& options) {
  return logistic_lambda_max(view(X), labels, options);
}

Vector logistic_lambda_grid(const DesignView& X, const Labels& labels,
                            const LogisticOptions& options, const PathOptions& path);
inline Vector logistic_lambda_grid(const Design& X, const Labels& labels,
                                   const LogisticOptions& options, const PathOptions& path) {
  return logistic_lambda_grid(view(X), labels, options, path);
}

// Every entry point below takes a non-owning DesignView (core/types.hpp; the solver never
// copies X) and, for convenience, an owned Design.
//
// One lambda; warm_start (p x m on the original scale, plus intercepts) starts the solver.
struct LogisticStart {
  Matrix coef;
  Vector intercept;
};
LogisticFit fit_logistic(const DesignView& X, const Labels& labels, double lambda,
                         const LogisticOptions& options,
                         const std::optional<LogisticStart>& warm_start = std::nullopt);
inline LogisticFit fit_logistic(const Design& X, const Labels& labels, double lambda,
                                const LogisticOptions& options,
                                const std::optional<LogisticStart>& warm_start = std::nullopt) {
  return fit_logistic(view(X), labels, lambda, options, warm_start);
}

// A whole path: lambda_max down (or the user grid), warm starts, strong rules + KKT re-check.
LogisticPath logistic_path(const DesignView& X, const Labels& labels,
                           const LogisticOptions& options, const PathOptions& path = {});
inline LogisticPath logistic_path(const Design& X, const Labels& labels,
                                  const LogisticOptions& options, const PathOptions& path = {}) {
  return logistic_path(view(X), labels, options, path);
}

// Linear predictor / probabilities / labels for one fit.
// decision: n x m (m = 1 binomial: b + X beta; k multinomial).  proba: n x k (binomial: two
// columns, [1 - p, p]).  predict: n class labels (values of `classes`).
Matrix logistic_decision(const LogisticFit& fit, const DesignView& X);
Matrix logistic_proba(const LogisticFit& fit, const DesignView& X);
Vector logistic_predict(const LogisticFit& fit, const DesignView& X);
inline Matrix logistic_decision(const LogisticFit& fit, const Design& X) {
  return logistic_decision(fit, view(X));
}
inline Matrix logistic_proba(const LogisticFit& fit, const Design& X) {
  return logistic_proba(fit, view(X));
}
inline Vector logistic_predict(const LogisticFit& fit, const Design& X) {
  return logistic_predict(fit, view(X));
}

}  // namespace regkit::linear
