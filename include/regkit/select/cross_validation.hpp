// k-fold cross-validation over a regularization path (glmnet's cv.glmnet):
// fixed, reusable fold ids; the path grid computed once on all data and reused in every
// fold; folds fitted in parallel (OpenMP); lambda_min and lambda_1se (largest lambda
// whose mean error is within one standard error of the minimum); refit on all data.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "regkit/linear/fit_result.hpp"

namespace regkit::select {

enum class Metric { mse, mae, r2 };
Metric parse_metric(const std::string& name);  // "mse", "mae", "r2"
const char* metric_name(Metric metric);
bool lower_is_better(Metric metric);

// Score of predictions against truth (weighted when weights is non-empty).
double score(Metric metric, const Vector& y_true, const Vector& y_pred, const Vector& weights = {});

// Fits a path on (X, y, sample weights) for the given lambdas (decreasing).
using PathFitter = std::function<linear::PathResult(const Design& X, const Vector& y,
                                                    const Vector& sample_weight,
                                                    const Vector& lambdas)>;

struct CvOptions {
  int folds = 10;
  std::uint64_t seed = 0;
  std::vector<int> fold_ids;  // optional: n entries in 0..folds-1 (overrides folds/seed)
  Metric metric = Metric::mse;
  int threads = 0;            // 0 = OpenMP default
  void validate(Index n) const;
};

struct CvResult {
  linear::PathResult path;  // refit on all data
  Metric metric = Metric::mse;
  Vector cv_mean;           // L
  Vector cv_se;             // L (standard error of the mean over folds)
  Matrix fold_scores;       // folds x L
  Index index_min = 0;
  Index index_1se = 0;
  double lambda_min = 0.0;
  double lambda_1se = 0.0;
  std::vector<int> fold_ids;
};

// lambda_min and lambda_1se from a CV curve (cv.glmnet's rule): index_min has the best
// mean (the largest lambda among ties); index_1se has the largest lambda whose mean is
// within one standard error of it: mean <= mean_min + se_min when lower is better,
// mean >= mean_max - se_max for r2.
struct CvChoice {
  Index index_min = 0;
  Index index_1se = 0;
};
CvChoice choose_lambda(const Vector& lambdas, const Vector& cv_mean, const Vector& cv_se,
                       Metric metric);

CvResult cross_validate_path(const Design& X, const Vector& y, const Vector& sample_weight,
                             const Vector& lambdas, const PathFitter& fit,
                             const CvOptions& options);

}  // namespace regkit::select
