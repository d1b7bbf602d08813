// k-fold cross-validation of a logistic path (cv.glmnet with family binomial / multinomial):
// the lambda grid computed once on all data and reused in every fold, fold ids fixed
// (stratified by class by default, seedable, reusable), folds fitted in parallel (OpenMP),
// metrics deviance (mean -2 log-likelihood of the held-out rows), misclassification error
// ("accuracy" reported as 1 - error), and AUC (binomial only; multinomial: mean one-vs-rest
// AUC); lambda_min / lambda_1se by the same rule as the linear CV (select::choose_lambda),
// refit on all data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "regkit/linear/logistic.hpp"

namespace regkit::select {

enum class ClassMetric { deviance, accuracy, auc };
ClassMetric parse_class_metric(const std::string& name);  // "deviance", "accuracy", "auc"
const char* class_metric_name(ClassMetric metric);
bool lower_is_better(ClassMetric metric);  // deviance: lower; accuracy, auc: higher

// Score of predicted probabilities (n x k, columns in the order of `classes`) against the
// class codes (0..k-1), weighted when weights is non-empty.
double class_score(ClassMetric metric, const std::vector<int>& codes, const Matrix& proba,
                   const Vector& weights = {});

struct LogisticCvOptions {
  int folds = 10;
  std::uint64_t seed = 0;
  bool stratified = true;
  std::vector<int> fold_ids;   // optional: n entries in 0..folds-1 (overrides folds/seed)
  ClassMetric metric = ClassMetric::deviance;
  int threads = 0;             // 0 = OpenMP default
  void validate(Index n) const;
};

struct LogisticCvResult {
  linear::LogisticPath path;   // refit on all data
  ClassMetric metric = ClassMetric::deviance;
  Vector cv_mean;              // L, for `metric`
  Vector cv_se;                // L
  Matrix fold_scores;          // folds x L
  // every metric's mean curve, for reports (auc NaN for multinomial if undefined)
  Vector cv_deviance, cv_accuracy, cv_auc;
  Index index_min = 0;
  Index index_1se = 0;
  double lambda_min = 0.0;
  double lambda_1se = 0.0;
  std::vector<int> fold_ids;
};

LogisticCvResult cross_validate_logistic(const Design& X, const linear::Labels& labels,
                                         const linear::LogisticOptions& options,
                                         const linear::PathOptions& path,
                                         const LogisticCvOptions& cv);

}  // namespace regkit::select
