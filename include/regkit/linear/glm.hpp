// The GLM engine: any family (linear/family.hpp) x any penalty (penalty/penalty.hpp), one
// path driver, one result type. glmnet's problem, for normalized weights u_i = w_i / W:
//
//   minimise  sum_i u_i loss(y_i, offset_i + b + x_i'beta)
//             + lambda * sum_j pf_j rho(beta_j)          subject to lower_j <= beta_j <= upper_j
//
// (Poisson: -1/W sum w_i (y_i eta_i - e^eta_i) + lambda P(beta), glmnet's objective.)
// b the unpenalized intercept; pf_j the penalty factors. With standardize (default) the
// penalty acts on the coefficients of columns scaled to unit (weighted) variance, as in
// glmnet, and coefficients come back on the original scale; limits are on the original
// scale.
//
// glmnet's options, with glmnet's meaning:
// - penalty_factor: p entries >= 0, +inf allowed; 0 = unpenalized, inf = excluded; the
//   finite ones are rescaled to sum to the number of included features (glmnet does this;
//   regkit's older lasso / logistic entry points do not).
// - exclude: 0-based feature indices never in the model.
// - sample_weight (n, >= 0), offset (n; e.g. log exposure for Poisson).
// - lower_limits (entries <= 0) and upper_limits (entries >= 0): 1 entry for all features
//   or p entries; scikit-learn's positive=True is lower_limits = {0}.
// - dfmax / pmax: the path stops before the first lambda with more than dfmax nonzero
//   coefficients, or more than pmax features ever nonzero (-1 = no limit).
// - the automatic grid stops early, as glmnet's, once the deviance ratio passes 0.999 or
//   gains less than 1e-5 of itself from one lambda to the next (after at least 5 lambdas).
//
// Solver (src/linear/glm/): proximal Newton. At each iteration the family's gradient and
// IRLS weights give a weighted least-squares model, solved by coordinate descent over
// the working set (active-set cycling; the penalty's coordinate update); a backtracking
// line search on the objective keeps every step a decrease (no overflow for the log
// link). Along a path: warm starts, sequential strong rules and a KKT check of every
// feature after each solve. It stops when the Newton step's predicted decrease is below
// tol times the null deviance and every coordinate satisfies its KKT conditions within
// sqrt(tol) (relative, see GlmPath::max_kkt_violation). Dense (column-major) and sparse
// (CSC) X are read in place; sparse X is centred implicitly, never densified.
#pragma once

#include <string>
#include <vector>

#include "regkit/core/types.hpp"
#include "regkit/linear/elastic_net.hpp"  // PathOptions
#include "regkit/linear/family.hpp"
#include "regkit/penalty/penalty.hpp"

namespace regkit::linear {

struct GlmOptions {
  bool fit_intercept = true;   // unpenalized intercept
  bool standardize = true;     // penalize the coefficients of unit-variance columns (glmnet)
  double tol = 1e-10;          // relative objective accuracy (see above)
  int max_iter = 100;          // Newton iterations per lambda
  int max_passes = 100000;     // coordinate passes per Newton iteration
  bool use_strong_rules = true;
  Vector penalty_factor;       // p entries >= 0 or +inf, or empty (all 1)
  std::vector<Index> exclude;  // features never in the model
  Vector sample_weight;        // n entries >= 0, or empty (all 1)
  Vector offset;               // n entries, or empty (all 0)
  Vector lower_limits;         // 1 or p entries <= 0, or empty (-inf)
  Vector upper_limits;         // 1 or p entries >= 0, or empty (+inf)
  Index dfmax = -1;            // -1: no limit
  Index pmax = -1;             // -1: no limit
  int threads = 0;             // 0 = OpenMP default
  Logger log;                  // warnings (max_iter reached, early stops)

  void validate(Index n, Index p) const;  // throws InvalidArgument naming the option
};

// A fitted path; lambdas decreasing. Single-response families: coefs is p x L.
struct GlmPath {
  std::string family;
  std::string penalty;
  Vector lambdas;                  // L
  Matrix coefs;                    // p x L, original scale
  Vector intercepts;               // L
  Vector deviance;                 // L, glmnet's deviance per unit weight (Family::deviance)
  Vector dev_ratio;                // L, 1 - deviance / null_deviance
  double null_deviance = 0.0;      // of the intercept(-and-offset)-only model
  Vector objective;                // L, the objective above (penalty on the solver's scale)
  std::vector<int> df;             // L, nonzero coefficients
  std::vector<int> iterations;     // L, Newton iterations
  std::vector<bool> converged;     // L
  Vector max_kkt_violation;        // L, largest KKT violation / max(lambda, lambda_max * 1e-6)
  double fit_seconds = 0.0;        // wall time of the solver alone

  Index size() const { return lambdas.size(); }
};

// The smallest lambda with every penalized coefficient at zero.
double glm_lambda_max(const DesignView& X, const Vector& y, const Family& family,
                      const penalty::Penalty& penalty, const GlmOptions& options);

// lambda_count points log-spaced from glm_lambda_max down to lambda_min_ratio times it
// (default 1e-4 when n > p, else 1e-2), or path.lambdas sorted decreasing.
Vector glm_lambda_grid(const DesignView& X, const Vector& y, const Family& family,
                       const penalty::Penalty& penalty, const GlmOptions& options,
                       const PathOptions& path);

// The path (path.lambdas, or the automatic grid with glmnet's early stop).
GlmPath glm_path(const DesignView& X, const Vector& y, const Family& family,
                 const penalty::Penalty& penalty, const GlmOptions& options,
                 const PathOptions& path = {});
inline GlmPath glm_path(const Design& X, const Vector& y, const Family& family,
                        const penalty::Penalty& penalty, const GlmOptions& options,
                        const PathOptions& path = {}) {
  return glm_path(view(X), y, family, penalty, options, path);
}

// Predictions of column k of a path: "link" (eta = offset + b + X beta) or "response"
// (mu). offset: n entries or empty.
enum class PredictType { link, response };
PredictType parse_predict_type(std::string_view name);  // "link", "response"
Vector glm_predict(const Family& family, const Vector& coef, double intercept,
                   const DesignView& X, const Vector& offset, PredictType type);

}  // namespace regkit::linear
