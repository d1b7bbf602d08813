// k-fold CV over a path: equals a hand-written loop over folds, the 1-SE rule on a
// constructed curve, deterministic fold ids, named errors.
#include "regkit/select/cross_validation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>

#include "regkit/core/errors.hpp"
#include "regkit/linear/ridge.hpp"
#include "support/expect_error.hpp"
#include "support/random_data.hpp"

namespace regkit::select {
namespace {

using linear::PathResult;
using linear::RidgeOptions;

PathFitter ridge_fitter(bool standardize) {
  return [standardize](const Design& X, const Vector& y, const Vector& w, const Vector& lambdas) {
    RidgeOptions o;
    o.standardize = standardize;
    o.sample_weight = w;
    return linear::ridge_path(X, y, lambdas, o);
  };
}

TEST(Metrics, ScoresMatchHandValues) {
  Vector y(4), yhat(4), w(4);
  y << 1.0, 2.0, 3.0, 4.0;
  yhat << 1.5, 2.0, 2.0, 4.0;
  w << 1.0, 1.0, 2.0, 0.0;
  EXPECT_DOUBLE_EQ(score(Metric::mse, y, yhat), (0.25 + 1.0) / 4.0);
  EXPECT_DOUBLE_EQ(score(Metric::mae, y, yhat), 1.5 / 4.0);
  EXPECT_DOUBLE_EQ(score(Metric::r2, y, yhat), 1.0 - 1.25 / 5.0);
  EXPECT_DOUBLE_EQ(score(Metric::mse, y, yhat, w), (0.25 + 2.0) / 4.0);
  // weighted mean of y = (1 + 2 + 6)/4 = 2.25; ss_tot = 1.5625 + 0.0625 + 2 * 0.5625
  EXPECT_DOUBLE_EQ(score(Metric::r2, y, yhat, w), 1.0 - 2.25 / 2.75);
  EXPECT_EQ(parse_metric("r2"), Metric::r2);
  EXPECT_STREQ(metric_name(Metric::mae), "mae");
  EXPECT_TRUE(lower_is_better(Metric::mse));
  EXPECT_FALSE(lower_is_better(Metric::r2));
  REGKIT_EXPECT_ERROR(parse_metric("rmse"), InvalidArgument,
                      "parse_metric: unknown metric 'rmse'; expected one of: mae, mse, r2");
  REGKIT_EXPECT_ERROR(score(Metric::mse, y, Vector::Ones(3)), InvalidArgument,
                      "score: y_true has 4 entries but y_pred has 3");
}

// The CV of ridge over fixed folds, recomputed with a plain loop of pointwise fits.
TEST(CrossValidation, EqualsHandWrittenLoopOverFolds) {
  const Index n = 47;  // folds of 12, 12, 12, 11
  const Matrix X = test::random_matrix(n, 6, 31, 0.2);
  const Vector y = test::linear_target(X, 32);
  const Vector w = test::random_weights(n, 33);
  Vector lambdas(4);
  lambdas << 1.0, 0.1, 0.01, 0.001;
  CvOptions o;
  o.folds = 4;
  o.seed = 7;
  for (Metric metric : {Metric::mse, Metric::mae, Metric::r2}) {
    o.metric = metric;
    const CvResult cv = cross_validate_path(X, y, w, lambdas, ridge_fitter(true), o);
    ASSERT_EQ(cv.fold_scores.rows(), 4);
    ASSERT_EQ(cv.fold_scores.cols(), 4);
    Matrix scores(4, 4);
    Vector fold_w = Vector::Zero(4);
    for (int f = 0; f < 4; ++f) {
      std::vector<Index> train, held;
      for (Index i = 0; i < n; ++i) (cv.fold_ids[static_cast<std::size_t>(i)] == f ? held : train).push_back(i);
      const Matrix Xtr = X(train, Eigen::all);
      RidgeOptions ro;
      ro.sample_weight = w(train);
      for (Index l = 0; l < 4; ++l) {
        const linear::FitResult fit = linear::fit_ridge(Xtr, y(train), lambdas[l], ro);
        const Vector pred = (X(held, Eigen::all) * fit.coef).array() + fit.intercept;
        scores(f, l) = score(metric, y(held), pred, w(held));
      }
      fold_w[f] = w(held).sum();
    }
    EXPECT_LT((cv.fold_scores - scores).cwiseAbs().maxCoeff(), 1e-10);
    for (Index l = 0; l < 4; ++l) {
      const double mean = fold_w.dot(scores.col(l)) / fold_w.sum();
      double var = 0.0;
      for (int f = 0; f < 4; ++f) var += fold_w[f] * std::pow(scores(f, l) - mean, 2);
      EXPECT_NEAR(cv.cv_mean[l], mean, 1e-12);
      EXPECT_NEAR(cv.cv_se[l], std::sqrt(var / fold_w.sum() / 3.0), 1e-12);
    }
    // The refit is the full-data path.
    RidgeOptions all;
    all.sample_weight = w;
    const linear::FitResult full = linear::fit_ridge(X, y, cv.lambda_min, all);
    EXPECT_LT((cv.path.coefs.col(cv.index_min) - full.coef).cwiseAbs().maxCoeff(), 1e-10);
    EXPECT_EQ(cv.lambda_min, lambdas[cv.index_min]);
    EXPECT_EQ(cv.metric, metric);
  }
}

TEST(CrossValidation, SparseEqualsDenseAndThreadsDoNotChangeResults) {
  const SparseMatrix Xs = test::random_sparse(40, 5, 0.5, 34);
  const Matrix X = Matrix(Xs);
  const Vector y = test::linear_target(X, 35);
  CvOptions o;
  o.folds = 5;
  o.threads = 1;
  const CvResult dense = cross_validate_path(X, y, Vector(), Vector(), ridge_fitter(true), o);
  o.threads = 3;
  const CvResult sparse = cross_validate_path(Xs, y, Vector(), Vector(), ridge_fitter(true), o);
  ASSERT_EQ(dense.path.size(), 100);  // the automatic grid from the full-data fit
  EXPECT_LT((dense.fold_scores - sparse.fold_scores).cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_EQ(dense.index_min, sparse.index_min);
  EXPECT_EQ(dense.fold_ids, sparse.fold_ids);
}

// A fitter whose predictions are constants chosen per fold so that the CV curve is known:
// y = 0, coefs 0, intercept sqrt(curve_l + delta_fl) -> fold MSE = curve_l + delta_fl.
TEST(CrossValidation, OneStandardErrorRuleOnConstructedCurve) {
  const Index n = 40;
  Matrix X(n, 1);
  for (Index i = 0; i < n; ++i) X(i, 0) = static_cast<double>(i);
  std::vector<int> ids(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) ids[static_cast<std::size_t>(i)] = static_cast<int>(i % 4);
  std::map<double, int> fold_of_train_sum;  // sum of the training X identifies the fold
  for (int f = 0; f < 4; ++f) {
    double sum = 0.0;
    for (Index i = 0; i < n; ++i)
      if (ids[static_cast<std::size_t>(i)] != f) sum += X(i, 0);
    fold_of_train_sum[sum] = f;
  }
  Vector curve(10), lambdas(10);
  curve << 5.0, 4.0, 3.0, 2.25, 2.15, 2.0, 2.1, 2.5, 3.0, 4.0;
  for (Index l = 0; l < 10; ++l) lambdas[l] = std::pow(0.5, static_cast<double>(l));
  const double d = 0.2 * std::sqrt(3.0);  // deltas +-d over 4 equal folds: se = d / sqrt(3) = 0.2
  const PathFitter fitter = [&](const Design& Xf, const Vector&, const Vector&, const Vector& grid) {
    PathResult path;
    path.lambdas = grid.size() ? grid : lambdas;
    const Index L = path.lambdas.size();
    path.coefs = Matrix::Zero(1, L);
    path.intercepts = Vector::Zero(L);
    const auto it = fold_of_train_sum.find(std::get<Matrix>(Xf).sum());
    if (it != fold_of_train_sum.end())
      for (Index l = 0; l < L; ++l)
        path.intercepts[l] = std::sqrt(curve[l] + (it->second % 2 ? -d : d));
    return path;
  };
  CvOptions o;
  o.fold_ids = ids;
  const CvResult cv = cross_validate_path(X, Vector::Zero(n), Vector(), Vector(), fitter, o);
  EXPECT_LT((cv.cv_mean - curve).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_NEAR(cv.cv_se[5], 0.2, 1e-12);
  EXPECT_EQ(cv.index_min, 5);
  EXPECT_EQ(cv.index_1se, 4);  // 2.15 <= 2.0 + 0.2 < 2.25; the largest such lambda
  EXPECT_EQ(cv.lambda_1se, lambdas[4]);
}

TEST(CrossValidation, ChooseLambdaMirrorsForR2AndPrefersLargerLambdaOnTies) {
  Vector lambdas(5), mean(5), se(5);
  lambdas << 1.0, 0.5, 0.25, 0.125, 0.0625;
  mean << 0.2, 0.75, 0.85, 0.9, 0.9;
  se << 0.1, 0.1, 0.1, 0.08, 0.1;
  const CvChoice r2 = choose_lambda(lambdas, mean, se, Metric::r2);
  EXPECT_EQ(r2.index_min, 3);  // tie 0.9: the larger lambda
  EXPECT_EQ(r2.index_1se, 2);  // 0.85 >= 0.9 - 0.08; 0.75 is not
  const CvChoice mse = choose_lambda(lambdas, -mean, se, Metric::mse);
  EXPECT_EQ(mse.index_min, 3);
  EXPECT_EQ(mse.index_1se, 2);
  // Lambdas in any order: the rule picks by lambda value, not position.
  Vector reversed = lambdas.reverse(), rmean = mean.reverse(), rse = se.reverse();
  const CvChoice rev = choose_lambda(reversed, rmean, rse, Metric::r2);
  EXPECT_EQ(rev.index_min, 1);
  EXPECT_EQ(rev.index_1se, 2);
}

TEST(CrossValidation, FoldIdsAreDeterministicAndBalanced) {
  const Matrix X = test::random_matrix(23, 2, 36);
  const Vector y = test::linear_target(X, 37);
  CvOptions o;
  o.folds = 5;
  o.seed = 42;
  const CvResult a = cross_validate_path(X, y, Vector(), Vector(), ridge_fitter(false), o);
  const CvResult b = cross_validate_path(X, y, Vector(), Vector(), ridge_fitter(false), o);
  EXPECT_EQ(a.fold_ids, b.fold_ids);
  std::vector<int> sizes(5, 0);
  for (int id : a.fold_ids) ++sizes[static_cast<std::size_t>(id)];
  EXPECT_EQ(*std::max_element(sizes.begin(), sizes.end()) - *std::min_element(sizes.begin(), sizes.end()), 1);
  o.seed = 43;
  const CvResult c = cross_validate_path(X, y, Vector(), Vector(), ridge_fitter(false), o);
  EXPECT_NE(a.fold_ids, c.fold_ids);
  // Given ids are used as they are.
  o.fold_ids = a.fold_ids;
  o.seed = 99;
  const CvResult d = cross_validate_path(X, y, Vector(), Vector(), ridge_fitter(false), o);
  EXPECT_EQ(d.fold_ids, a.fold_ids);
  EXPECT_LT((d.cv_mean - a.cv_mean).cwiseAbs().maxCoeff(), 1e-14);
}

TEST(CrossValidation, BadOptionsAreNamed) {
  CvOptions o;
  o.folds = 1;
  REGKIT_EXPECT_ERROR(o.validate(10), InvalidArgument, "CvOptions: folds must be >= 2 and <= n = 10; got 1");
  o.folds = 11;
  REGKIT_EXPECT_ERROR(o.validate(10), InvalidArgument, "folds must be >= 2 and <= n = 10; got 11");
  o.folds = 3;
  o.fold_ids = {0, 1, 0};
  REGKIT_EXPECT_ERROR(o.validate(4), InvalidArgument, "CvOptions: fold_ids has 3 entries; expected n = 4");
  o.fold_ids = {0, 1, -1, 0};
  REGKIT_EXPECT_ERROR(o.validate(4), InvalidArgument, "fold_ids[2] = -1; expected an id in 0..folds-1");
  o.fold_ids = {0, 0, 0, 0};
  REGKIT_EXPECT_ERROR(o.validate(4), InvalidArgument, "fold_ids name 1 fold; expected at least 2");
  o.fold_ids = {0, 2, 2, 0};
  REGKIT_EXPECT_ERROR(o.validate(4), InvalidArgument, "fold 1 has no samples");
  o.fold_ids.clear();
  o.threads = -1;
  REGKIT_EXPECT_ERROR(o.validate(4), InvalidArgument, "threads must be in [0, 1024]");
  o.threads = 100000;  // asking OpenMP for that many threads crashed the process
  REGKIT_EXPECT_ERROR(o.validate(4), InvalidArgument, "threads must be in [0, 1024]");
  const Matrix X = test::random_matrix(10, 2, 38);
  REGKIT_EXPECT_ERROR(cross_validate_path(X, Vector::Ones(9), Vector(), Vector(), ridge_fitter(true), CvOptions{}),
                      InvalidArgument, "cross_validate_path: X has 10 rows but y has 9 entries");
}

TEST(CrossValidation, ErrorInsideAFoldIsRethrown) {
  const Matrix X = test::random_matrix(20, 2, 39);
  const Vector y = test::linear_target(X, 40);
  std::atomic<int> calls{0};
  const PathFitter failing = [&](const Design& Xf, const Vector& yf, const Vector& w, const Vector& grid) {
    if (calls++ > 2) throw NumericalError("fitter: diverged");
    return ridge_fitter(true)(Xf, yf, w, grid);
  };
  CvOptions o;
  o.folds = 5;
  REGKIT_EXPECT_ERROR(cross_validate_path(X, y, Vector(), Vector(), failing, o), NumericalError,
                      "fitter: diverged");
}

}  // namespace
}  // namespace regkit::select
