// k-fold cross-validation over a regularization path, as glmnet's cv.glmnet does it:
//
//   1. fit the path on all data; its lambdas are the grid every fold reuses;
//   2. for each fold f (in parallel, OpenMP), fit the path on the other folds and score
//      the held-out rows at every lambda: fold_scores(f, l);
//   3. cv_mean_l = sum_f W_f s_fl / sum_f W_f and
//      cv_se_l   = sqrt( sum_f W_f (s_fl - cv_mean_l)^2 / sum_f W_f / (K - 1) ),
//      W_f the fold's total sample weight (its size when unweighted);
//   4. index_min / index_1se by choose_lambda.
//
// Fold ids: data::kfold_ids (a seeded, platform-independent shuffle; fold sizes differ by
// at most one); rows are taken with data::take_rows (dense or sparse, never densified).
#include "regkit/select/cross_validation.hpp"

#include <omp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <exception>
#include <limits>
#include <string>

#include "regkit/core/check.hpp"
#include "regkit/data/split.hpp"

namespace regkit::select {

namespace {

constexpr std::array<std::pair<const char*, Metric>, 3> kMetrics{{
    {"mae", Metric::mae},
    {"mse", Metric::mse},
    {"r2", Metric::r2},
}};

// Sample weights may be empty (all 1): then they stay empty.
Vector take_weights(const Vector& w, const std::vector<Index>& rows) {
  return w.size() == 0 ? w : data::take_rows(w, rows);
}

int fold_count(const std::vector<int>& ids) {
  return ids.empty() ? 0 : *std::max_element(ids.begin(), ids.end()) + 1;
}

}  // namespace

Metric parse_metric(const std::string& name) {
  for (const auto& [metric_str, metric] : kMetrics)
    if (name == metric_str) return metric;
  throw InvalidArgument("parse_metric: unknown metric '" + name + "'; expected one of: mae, mse, r2");
}

const char* metric_name(Metric metric) {
  for (const auto& [name, m] : kMetrics)
    if (m == metric) return name;
  return "unknown";
}

bool lower_is_better(Metric metric) { return metric != Metric::r2; }

double score(Metric metric, const Vector& y_true, const Vector& y_pred, const Vector& weights) {
  const char* where = "score";
  if (y_true.size() == 0) throw InvalidArgument("score: y_true is empty; expected at least one sample");
  if (y_pred.size() != y_true.size())
    throw InvalidArgument(std::string(where) + ": y_true has " + check::str(y_true.size()) +
                          " entries but y_pred has " + check::str(y_pred.size()));
  if (weights.size() != 0 && weights.size() != y_true.size())
    throw InvalidArgument(std::string(where) + ": weights has " + check::str(weights.size()) +
                          " entries; expected 0 or " + check::str(y_true.size()));
  const Vector w = weights.size() ? weights : Vector::Ones(y_true.size());
  const double total = w.sum();
  if (!(total > 0.0) || !std::isfinite(total))
    throw InvalidArgument("score: weights sum to " + check::str(total) + "; expected a positive total");
  const Vector residual = y_true - y_pred;
  switch (metric) {
    case Metric::mse:
      return w.dot(residual.cwiseAbs2()) / total;
    case Metric::mae:
      return w.dot(residual.cwiseAbs()) / total;
    case Metric::r2: {
      const double mean = w.dot(y_true) / total;
      const double ss_res = w.dot(residual.cwiseAbs2());
      const double ss_tot = w.dot((y_true.array() - mean).square().matrix());
      // Constant truth: 1 for a perfect prediction, else 0 (scikit-learn's r2_score).
      if (ss_tot == 0.0) return ss_res == 0.0 ? 1.0 : 0.0;
      return 1.0 - ss_res / ss_tot;
    }
  }
  return 0.0;
}

void CvOptions::validate(Index n) const {
  const char* where = "CvOptions";
  check::thread_count(where, "threads", threads);
  if (fold_ids.empty()) {
    if (folds < 2 || static_cast<Index>(folds) > n)
      throw InvalidArgument(std::string(where) + ": folds must be >= 2 and <= n = " + check::str(n) +
                            "; got " + check::str(folds));
    return;
  }
  if (static_cast<Index>(fold_ids.size()) != n)
    throw InvalidArgument(std::string(where) + ": fold_ids has " + check::str(fold_ids.size()) +
                          " entries; expected n = " + check::str(n));
  for (std::size_t i = 0; i < fold_ids.size(); ++i)
    if (fold_ids[i] < 0 || static_cast<Index>(fold_ids[i]) >= n)
      throw InvalidArgument(std::string(where) + ": fold_ids[" + check::str(i) + "] = " +
                            check::str(fold_ids[i]) + "; expected an id in 0..folds-1");
  const int k = fold_count(fold_ids);
  if (k < 2)
    throw InvalidArgument(std::string(where) + ": fold_ids name " + check::str(k) +
                          " fold; expected at least 2");
  std::vector<bool> used(static_cast<std::size_t>(k), false);
  for (int id : fold_ids) used[static_cast<std::size_t>(id)] = true;
  for (int f = 0; f < k; ++f)
    if (!used[static_cast<std::size_t>(f)])
      throw InvalidArgument(std::string(where) + ": fold " + check::str(f) +
                            " has no samples; expected fold ids 0.." + check::str(k - 1) +
                            " each used");
}

CvChoice choose_lambda(const Vector& lambdas, const Vector& cv_mean, const Vector& cv_se,
                       Metric metric) {
  const Index L = lambdas.size();
  if (L == 0 || cv_mean.size() != L || cv_se.size() != L)
    throw InvalidArgument("choose_lambda: lambdas, cv_mean and cv_se must have the same positive size; got " +
                          check::str(L) + ", " + check::str(cv_mean.size()) + ", " +
                          check::str(cv_se.size()));
  const double sign = lower_is_better(metric) ? 1.0 : -1.0;  // minimise sign * mean
  CvChoice choice;
  for (Index l = 1; l < L; ++l) {
    const double a = sign * cv_mean[l];
    const double best = sign * cv_mean[choice.index_min];
    if (a < best || (a == best && lambdas[l] > lambdas[choice.index_min])) choice.index_min = l;
  }
  const double bound = sign * cv_mean[choice.index_min] + cv_se[choice.index_min];
  choice.index_1se = choice.index_min;
  for (Index l = 0; l < L; ++l)
    if (sign * cv_mean[l] <= bound && lambdas[l] > lambdas[choice.index_1se]) choice.index_1se = l;
  return choice;
}

CvResult cross_validate_path(const Design& X, const Vector& y, const Vector& sample_weight,
                             const Vector& lambdas, const PathFitter& fit,
                             const CvOptions& options) {
  const char* where = "cross_validate_path";
  const Index n = rows(X);
  check::not_empty(where, n, cols(X));
  check::same_rows(where, n, y.size());
  if (sample_weight.size() != 0 && sample_weight.size() != n)
    throw InvalidArgument(std::string(where) + ": sample_weight has " +
                          check::str(sample_weight.size()) + " entries; expected 0 or n = " +
                          check::str(n));
  if (!fit) throw InvalidArgument(std::string(where) + ": the path fitter is empty");
  options.validate(n);

  CvResult result;
  result.metric = options.metric;
  result.fold_ids = options.fold_ids.empty() ? data::kfold_ids(n, options.folds, options.seed)
                                             : options.fold_ids;
  const int K = fold_count(result.fold_ids);

  // The grid: from the fit on all data (which is also the refit returned).
  result.path = fit(X, y, sample_weight, lambdas);
  const Vector grid = result.path.lambdas;
  const Index L = grid.size();
  if (L == 0) throw InvalidArgument(std::string(where) + ": the path fitter returned no lambdas");

  result.fold_scores.resize(K, L);
  Vector fold_weight(K);
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(K));
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();

#pragma omp parallel for num_threads(threads) schedule(dynamic)
  for (int f = 0; f < K; ++f) {
    try {
      std::vector<Index> train, test;
      for (Index i = 0; i < n; ++i)
        (result.fold_ids[static_cast<std::size_t>(i)] == f ? test : train).push_back(i);
      const Vector w_test = take_weights(sample_weight, test);
      fold_weight[f] = w_test.size() ? w_test.sum() : static_cast<double>(test.size());
      const linear::PathResult path =
          fit(data::take_rows(X, train), data::take_rows(y, train), take_weights(sample_weight, train), grid);
      if (path.size() != L || path.coefs.cols() != L || path.coefs.rows() != cols(X))
        throw InvalidArgument(std::string(where) + ": the path fitter returned " +
                              check::str(path.size()) + " lambdas for fold " + check::str(f) +
                              "; expected the " + check::str(L) + " of the full-data grid");
      const Design X_test = data::take_rows(X, test);
      Matrix predictions = std::visit([&](const auto& x) -> Matrix { return x * path.coefs; }, X_test);
      predictions.rowwise() += path.intercepts.transpose();
      const Vector y_test = data::take_rows(y, test);
      for (Index l = 0; l < L; ++l)
        result.fold_scores(f, l) = score(options.metric, y_test, predictions.col(l), w_test);
    } catch (...) {
      errors[static_cast<std::size_t>(f)] = std::current_exception();
    }
  }
  for (const auto& error : errors)
    if (error) std::rethrow_exception(error);

  // Fold-size-weighted mean and standard error over folds (cv.glmnet, grouped = TRUE).
  const double total = fold_weight.sum();
  result.cv_mean = (fold_weight.transpose() * result.fold_scores).transpose() / total;
  result.cv_se.resize(L);
  for (Index l = 0; l < L; ++l) {
    const Vector d = result.fold_scores.col(l).array() - result.cv_mean[l];
    result.cv_se[l] = std::sqrt(fold_weight.dot(d.cwiseAbs2()) / total / static_cast<double>(K - 1));
  }
  const CvChoice choice = choose_lambda(grid, result.cv_mean, result.cv_se, options.metric);
  result.index_min = choice.index_min;
  result.index_1se = choice.index_1se;
  result.lambda_min = grid[choice.index_min];
  result.lambda_1se = grid[choice.index_1se];
  return result;
}

}  // namespace regkit::select
