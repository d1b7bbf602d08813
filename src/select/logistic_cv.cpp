// k-fold cross-validation of a logistic path (cv.glmnet, family binomial / multinomial):
//
//   1. the lambda grid: path.lambdas (sorted decreasing) or the automatic grid from all data
//      (linear::logistic_lambda_grid), reused in every fold;
//   2. fold ids: given, or data::stratified_kfold_ids over the class codes (each class
//      spread evenly over the folds) or data::kfold_ids, both seeded;
//   3. for each fold f (in parallel, OpenMP): the path on the other folds, the held-out
//      class probabilities at every lambda, and their scores s_fl for every metric;
//   4. cv_mean_l = sum_f W_f s_fl / sum_f W_f,
//      cv_se_l   = sqrt( sum_f W_f (s_fl - cv_mean_l)^2 / sum_f W_f / (K - 1) ),
//      W_f the fold's total sample weight (its size when unweighted), as the linear CV;
//      a fold whose AUC is undefined (one class held out) is left out of that lambda's sums;
//   5. lambda_min / lambda_1se by select::choose_lambda; the path refit on all data.
//
// Metrics of held-out probabilities P (n x k) against codes y_i, weights w_i, W = sum w_i:
//   deviance  -2/W sum_i w_i log max(P(i, y_i), 1e-15)           (2 x scikit-learn log_loss)
//   accuracy  1/W sum_i w_i [argmax_c P(i, c) == y_i]   (first maximum on ties, as numpy)
//   auc       binomial: the weighted Mann-Whitney statistic of P(., 1) (ties count 1/2),
//             scikit-learn roc_auc_score; multinomial: the mean over classes c of the
//             one-vs-rest AUC of P(., c) (roc_auc_score multi_class="ovr", macro), over
//             the classes with rows on both sides (in and not in c); NaN when none has.
#include "regkit/select/logistic_cv.hpp"

#include <omp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <exception>
#include <functional>
#include <limits>
#include <numeric>
#include <string>

#include "regkit/core/check.hpp"
#include "regkit/data/split.hpp"
#include "regkit/select/cross_validation.hpp"

namespace regkit::select {

namespace {

constexpr std::array<std::pair<const char*, ClassMetric>, 3> kClassMetrics{{
    {"accuracy", ClassMetric::accuracy},
    {"auc", ClassMetric::auc},
    {"deviance", ClassMetric::deviance},
}};

constexpr double kProbabilityFloor = 1e-15;

// Weighted AUC of `score` for the rows where positive[i] is true against the others;
// NaN when either side is empty (or has zero weight).
double weighted_auc(const Vector& score, const std::vector<bool>& positive, const Vector& w) {
  const Index n = score.size();
  std::vector<Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Index{0});
  std::sort(order.begin(), order.end(), [&](Index a, Index b) { return score[a] < score[b]; });
  double total_pos = 0.0, total_neg = 0.0;
  for (Index i = 0; i < n; ++i) (positive[static_cast<std::size_t>(i)] ? total_pos : total_neg) += w[i];
  if (!(total_pos > 0.0) || !(total_neg > 0.0)) return std::numeric_limits<double>::quiet_NaN();
  // Walk groups of tied scores upwards: each positive beats the negatives below its group
  // and ties with half of those in it.
  double neg_below = 0.0, sum = 0.0;
  std::size_t g = 0;
  while (g < order.size()) {
    std::size_t end = g;
    double pos = 0.0, neg = 0.0;
    while (end < order.size() && score[order[end]] == score[order[g]]) {
      const Index i = order[end++];
      (positive[static_cast<std::size_t>(i)] ? pos : neg) += w[i];
    }
    sum += pos * (neg_below + 0.5 * neg);
    neg_below += neg;
    g = end;
  }
  return sum / (total_pos * total_neg);
}

int fold_count(const std::vector<int>& ids) {
  return ids.empty() ? 0 : *std::max_element(ids.begin(), ids.end()) + 1;
}

// The metrics' one-SE rule reuses choose_lambda: deviance is minimised as mse is,
// accuracy and auc are maximised as r2 is.
Metric choice_direction(ClassMetric metric) { return lower_is_better(metric) ? Metric::mse : Metric::r2; }

struct Curve {
  Vector mean, se;
};

// Fold-weighted mean and standard error of each column of `scores` (folds x L); NaN
// entries (undefined AUC) are left out of their column.
Curve summarise(const Matrix& scores, const Vector& fold_weight) {
  const Index K = scores.rows(), L = scores.cols();
  Curve c;
  c.mean = Vector::Constant(L, std::numeric_limits<double>::quiet_NaN());
  c.se = Vector::Constant(L, std::numeric_limits<double>::quiet_NaN());
  for (Index l = 0; l < L; ++l) {
    double total = 0.0, sum = 0.0;
    int used = 0;
    for (Index f = 0; f < K; ++f)
      if (std::isfinite(scores(f, l))) {
        total += fold_weight[f];
        sum += fold_weight[f] * scores(f, l);
        ++used;
      }
    if (used == 0 || !(total > 0.0)) continue;
    c.mean[l] = sum / total;
    if (used < 2) continue;
    double spread = 0.0;
    for (Index f = 0; f < K; ++f)
      if (std::isfinite(scores(f, l))) spread += fold_weight[f] * std::pow(scores(f, l) - c.mean[l], 2);
    c.se[l] = std::sqrt(spread / total / static_cast<double>(used - 1));
  }
  return c;
}

}  // namespace

ClassMetric parse_class_metric(const std::string& name) {
  for (const auto& [metric_name, metric] : kClassMetrics)
    if (name == metric_name) return metric;
  throw InvalidArgument("parse_class_metric: unknown metric '" + name +
                        "'; expected one of: accuracy, auc, deviance");
}

const char* class_metric_name(ClassMetric metric) {
  for (const auto& [name, m] : kClassMetrics)
    if (m == metric) return name;
  return "unknown";
}

bool lower_is_better(ClassMetric metric) { return metric == ClassMetric::deviance; }

double class_score(ClassMetric metric, const std::vector<int>& codes, const Matrix& proba,
                   const Vector& weights) {
  const char* where = "class_score";
  const Index n = static_cast<Index>(codes.size());
  const Index k = proba.cols();
  if (n == 0) throw InvalidArgument("class_score: no samples; expected at least one");
  if (proba.rows() != n)
    throw InvalidArgument(std::string(where) + ": " + check::str(n) + " class codes but proba has " +
                          check::str(proba.rows()) + " rows");
  if (k < 2) throw InvalidArgument(std::string(where) + ": proba has " + check::str(k) + " columns; expected one per class (>= 2)");
  if (weights.size() != 0 && weights.size() != n)
    throw InvalidArgument(std::string(where) + ": weights has " + check::str(weights.size()) +
                          " entries; expected 0 or " + check::str(n));
  for (Index i = 0; i < n; ++i) {
    const int c = codes[static_cast<std::size_t>(i)];
    if (c < 0 || c >= k)
      throw InvalidArgument(std::string(where) + ": codes[" + check::str(i) + "] = " + check::str(c) +
                            "; expected a class code in 0.." + check::str(k - 1));
  }
  const Vector w = weights.size() ? weights : Vector::Ones(n);
  const double total = w.sum();
  if (!(total > 0.0) || !std::isfinite(total))
    throw InvalidArgument(std::string(where) + ": weights sum to " + check::str(total) +
                          "; expected a positive total");
  switch (metric) {
    case ClassMetric::deviance: {
      double sum = 0.0;
      for (Index i = 0; i < n; ++i)
        sum += w[i] * std::log(std::max(proba(i, codes[static_cast<std::size_t>(i)]), kProbabilityFloor));
      return -2.0 * sum / total;
    }
    case ClassMetric::accuracy: {
      double right = 0.0;
      for (Index i = 0; i < n; ++i) {
        Index best = 0;
        for (Index c = 1; c < k; ++c)
          if (proba(i, c) > proba(i, best)) best = c;
        if (best == codes[static_cast<std::size_t>(i)]) right += w[i];
      }
      return right / total;
    }
    case ClassMetric::auc: {
      std::vector<bool> positive(static_cast<std::size_t>(n));
      if (k == 2) {
        for (Index i = 0; i < n; ++i) positive[static_cast<std::size_t>(i)] = codes[static_cast<std::size_t>(i)] == 1;
        return weighted_auc(proba.col(1), positive, w);
      }
      double sum = 0.0;
      int defined = 0;
      for (Index c = 0; c < k; ++c) {
        for (Index i = 0; i < n; ++i) positive[static_cast<std::size_t>(i)] = codes[static_cast<std::size_t>(i)] == c;
        const double auc = weighted_auc(proba.col(c), positive, w);
        if (std::isnan(auc)) continue;
        sum += auc;
        ++defined;
      }
      return defined ? sum / defined : std::numeric_limits<double>::quiet_NaN();
    }
  }
  return 0.0;
}

void LogisticCvOptions::validate(Index n) const {
  CvOptions linear;  // the same rules for folds, fold ids and threads
  linear.folds = folds;
  linear.seed = seed;
  linear.fold_ids = fold_ids;
  linear.threads = threads;
  linear.validate(n);
}

LogisticCvResult cross_validate_logistic(const Design& X, const linear::Labels& labels,
                                         const linear::LogisticOptions& options,
                                         const linear::PathOptions& path,
                                         const LogisticCvOptions& cv) {
  const char* where = "cross_validate_logistic";
  const Index n = rows(X);
  const Index p = cols(X);
  check::not_empty(where, n, p);
  check::same_rows(where, n, static_cast<Index>(labels.codes.size()));
  if (labels.n_classes() < 2)
    throw InvalidArgument(std::string(where) + ": labels have " + check::str(labels.n_classes()) +
                          " class(es); expected at least 2");
  options.validate(n, p);
  path.validate();
  cv.validate(n);
  const Vector& sample_weight = options.sample_weight;

  LogisticCvResult result;
  result.metric = cv.metric;
  if (!cv.fold_ids.empty()) {
    result.fold_ids = cv.fold_ids;
  } else if (cv.stratified) {
    Vector codes(n);
    for (Index i = 0; i < n; ++i) codes[i] = labels.codes[static_cast<std::size_t>(i)];
    result.fold_ids = data::stratified_kfold_ids(codes, cv.folds, cv.seed);
  } else {
    result.fold_ids = data::kfold_ids(n, cv.folds, cv.seed);
  }
  const int K = fold_count(result.fold_ids);

  // The grid once, on all data; the refit on all data uses it too.
  linear::PathOptions grid_path = path;
  if (path.lambdas.size() == 0) {
    grid_path.lambdas = linear::logistic_lambda_grid(X, labels, options, path);
  } else {  // the user's grid, decreasing
    std::sort(grid_path.lambdas.data(), grid_path.lambdas.data() + grid_path.lambdas.size(), std::greater<double>());
  }
  const Index L = grid_path.lambdas.size();
  if (L == 0) throw InvalidArgument(std::string(where) + ": the lambda grid is empty");
  result.path = linear::logistic_path(X, labels, options, grid_path);

  std::array<Matrix, 3> scores;  // deviance, accuracy, auc: folds x L
  for (auto& s : scores) s.resize(K, L);
  Vector fold_weight(K);
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(K));
  const int threads = cv.threads > 0 ? cv.threads : omp_get_max_threads();

#pragma omp parallel for num_threads(threads) schedule(dynamic)
  for (int f = 0; f < K; ++f) {
    try {
      std::vector<Index> train, test;
      for (Index i = 0; i < n; ++i) (result.fold_ids[static_cast<std::size_t>(i)] == f ? test : train).push_back(i);
      linear::Labels train_labels, test_labels;
      train_labels.classes = test_labels.classes = labels.classes;
      for (const Index i : train) train_labels.codes.push_back(labels.codes[static_cast<std::size_t>(i)]);
      for (const Index i : test) test_labels.codes.push_back(labels.codes[static_cast<std::size_t>(i)]);
      linear::LogisticOptions fold_options = options;
      fold_options.threads = 1;  // the folds are the parallel loop
      fold_options.log = nullptr;  // the Logger need not be thread-safe; the refit reports
      Vector w_test;
      if (sample_weight.size() != 0) {
        fold_options.sample_weight = data::take_rows(sample_weight, train);
        w_test = data::take_rows(sample_weight, test);
      }
      fold_weight[f] = w_test.size() ? w_test.sum() : static_cast<double>(test.size());
      const Design X_train = data::take_rows(X, train);
      const linear::LogisticPath fold_path = linear::logistic_path(X_train, train_labels, fold_options, grid_path);
      if (fold_path.size() != L)
        throw InvalidArgument(std::string(where) + ": the path of fold " + check::str(f) + " has " +
                              check::str(fold_path.size()) + " lambdas; expected the " + check::str(L) +
                              " of the full-data grid");
      const Design X_test = data::take_rows(X, test);
      for (Index l = 0; l < L; ++l) {
        const Matrix proba = linear::logistic_proba(fold_path.at(l), X_test);
        scores[0](f, l) = class_score(ClassMetric::deviance, test_labels.codes, proba, w_test);
        scores[1](f, l) = class_score(ClassMetric::accuracy, test_labels.codes, proba, w_test);
        scores[2](f, l) = class_score(ClassMetric::auc, test_labels.codes, proba, w_test);
      }
    } catch (...) {
      errors[static_cast<std::size_t>(f)] = std::current_exception();
    }
  }
  for (const auto& error : errors)
    if (error) std::rethrow_exception(error);

  const Curve deviance = summarise(scores[0], fold_weight);
  const Curve accuracy = summarise(scores[1], fold_weight);
  const Curve auc = summarise(scores[2], fold_weight);
  result.cv_deviance = deviance.mean;
  result.cv_accuracy = accuracy.mean;
  result.cv_auc = auc.mean;
  const std::size_t chosen = cv.metric == ClassMetric::deviance ? 0 : cv.metric == ClassMetric::accuracy ? 1 : 2;
  const Curve& curve = chosen == 0 ? deviance : chosen == 1 ? accuracy : auc;
  result.fold_scores = scores[chosen];
  result.cv_mean = curve.mean;
  result.cv_se = curve.se;
  if (!curve.mean.allFinite())
    throw NumericalError(std::string(where) + ": the cross-validated " + class_metric_name(cv.metric) +
                         " is undefined at some lambda (AUC needs both classes in a held-out fold); use "
                         "more samples per fold or another metric");
  const CvChoice choice = choose_lambda(grid_path.lambdas, curve.mean, curve.se.unaryExpr([](double s) {
                                          return std::isfinite(s) ? s : 0.0;
                                        }),
                                        choice_direction(cv.metric));
  result.index_min = choice.index_min;
  result.index_1se = choice.index_1se;
  result.lambda_min = grid_path.lambdas[choice.index_min];
  result.lambda_1se = grid_path.lambdas[choice.index_1se];
  return result;
}

}  // namespace regkit::select
