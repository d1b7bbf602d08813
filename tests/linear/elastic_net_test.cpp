// Lasso / elastic net by coordinate descent: closed forms, optimality certificates (KKT
// conditions recomputed here from the returned coefficients, duality gaps), and
// invariances (dense = sparse, covariance = naive, weights = duplicated rows, warm = cold).
#include "regkit/linear/elastic_net.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "regkit/core/errors.hpp"
#include "regkit/penalty/elastic_net.hpp"
#include "support/expect_error.hpp"
#include "support/regression_problems.hpp"

namespace regkit::linear {
namespace {

// Largest KKT violation of (coef, intercept) at lambda, from scratch: the columns of X are
// standardized here (weighted mean, 1/W standard deviation) and the gradient of
// 1/(2W) sum w (y - b - X coef)^2 is taken with respect to the standardized coefficients.
double kkt_violation(const Matrix& X, const Vector& y, const Vector& coef, double intercept,
                     double lambda, double alpha, const Vector& weights = {},
                     const Vector& penalty_factor = {}) {
  const Index n = X.rows(), p = X.cols();
  const Vector w = weights.size() ? Vector(weights / weights.sum())
                                  : Vector(Vector::Constant(n, 1.0 / static_cast<double>(n)));
  const Vector r = y - X * coef - Vector::Constant(n, intercept);
  double worst = 0.0;
  for (Index j = 0; j < p; ++j) {
    const double mean = w.dot(X.col(j));
    const double sd = std::sqrt((w.array() * (X.col(j).array() - mean).square()).sum());
    const double g = -(w.array() * (X.col(j).array() - mean) / sd * r.array()).sum();
    const double b = coef[j] * sd;
    const double pf = penalty_factor.size() ? penalty_factor[j] : 1.0;
    const double v = b != 0.0 ? std::abs(g + lambda * pf * (alpha * (b > 0 ? 1.0 : -1.0) +
                                                            (1.0 - alpha) * b))
                              : std::max(0.0, std::abs(g) - lambda * alpha * pf);
    worst = std::max(worst, v);
  }
  return worst;
}

ElasticNetOptions tight(double alpha = 1.0) {
  ElasticNetOptions options;
  options.alpha = alpha;
  options.tol = 1e-14;
  return options;
}

SparseMatrix sparsify(Matrix X, double keep_fraction, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (Index j = 0; j < X.cols(); ++j)
    for (Index i = 0; i < X.rows(); ++i)
      if (u(rng) > keep_fraction) X(i, j) = 0.0;
  return X.sparseView();
}

void expect_paths_equal(const PathResult& a, const PathResult& b, double tol) {
  ASSERT_EQ(a.size(), b.size());
  for (Index k = 0; k < a.size(); ++k) {
    EXPECT_NEAR(a.lambdas[k], b.lambdas[k], tol * a.lambdas[k]);
    EXPECT_NEAR(a.intercepts[k], b.intercepts[k], tol) << "lambda index " << k;
    for (Index j = 0; j < a.coefs.rows(); ++j)
      EXPECT_NEAR(a.coefs(j, k), b.coefs(j, k), tol) << "coef " << j << " at lambda index " << k;
  }
}

TEST(ElasticNet, LassoPathMeetsKktConditionsAtEveryLambda) {
  const auto data = test::fht_problem(200, 30, 0.5, 1);
  const PathResult path = elastic_net_path(data.X, data.y, tight());
  ASSERT_EQ(path.size(), 100);
  for (Index k = 0; k < path.size(); ++k) {
    const double v = kkt_violation(data.X, data.y, path.coefs.col(k), path.intercepts[k],
                                   path.lambdas[k], 1.0);
    EXPECT_LT(v, 1e-7) << "lambda index " << k;
    EXPECT_LT(path.max_kkt_violation[k], 1e-7);
    EXPECT_TRUE(path.converged[static_cast<std::size_t>(k)]);
  }
  EXPECT_EQ(path.df.front(), 0);
  EXPECT_EQ(path.df.back(), 30);
}

TEST(ElasticNet, ElasticNetPathMeetsKktConditionsWhenPGreaterThanN) {
  const auto data = test::fht_problem(40, 300, 0.5, 2);
  const PathResult path = elastic_net_path(data.X, data.y, tight(0.3));
  ASSERT_EQ(path.size(), 100);
  for (Index k = 0; k < path.size(); ++k)
    EXPECT_LT(kkt_violation(data.X, data.y, path.coefs.col(k), path.intercepts[k],
                            path.lambdas[k], 0.3),
              1e-7)
        << "lambda index " << k;
  EXPECT_NEAR(path.lambdas[99] / path.lambdas[0], 1e-2, 1e-12);  // n < p grid
}

// The wide dense path screens with float32 products (with a rounding bound); columns
// scaled beyond float range, or into float's underflow, must still give the same path
// (standardized, the coefficients scale by the inverse).
TEST(ElasticNet, WidePathIsScaleInvariantBeyondFloatRange) {
  const auto data = test::fht_problem(30, 400, 0.5, 12);
  const PathResult base = elastic_net_path(data.X, data.y, tight());
  for (double scale : {1e40, 1e-42}) {
    const Matrix X = data.X * scale;
    const PathResult scaled = elastic_net_path(X, data.y, tight());
    ASSERT_EQ(scaled.size(), base.size());
    for (Index k = 0; k < base.size(); ++k) {
      EXPECT_NEAR(scaled.lambdas[k], base.lambdas[k], 1e-9 * base.lambdas[0]);
      const double norm = std::max(base.coefs.col(k).norm(), 1e-3);
      EXPECT_LT((scaled.coefs.col(k) * scale - base.coefs.col(k)).norm() / norm, 1e-7)
          << "scale " << scale << ", lambda index " << k;
    }
  }
}

TEST(ElasticNet, LambdaMaxIsTheFirstLambdaWithAllCoefficientsZero) {
  const auto data = test::fht_problem(100, 10, 0.0, 3);
  const double lmax = lambda_max(data.X, data.y, tight());
  const FitResult at_max = fit_elastic_net(data.X, data.y, lmax, tight());
  EXPECT_EQ(at_max.coef.cwiseAbs().maxCoeff(), 0.0);
  EXPECT_NEAR(at_max.intercept, data.y.mean(), 1e-12);
  const FitResult below = fit_elastic_net(data.X, data.y, 0.99 * lmax, tight());
  EXPECT_GT(below.coef.cwiseAbs().maxCoeff(), 0.0);
  // alpha = 0 uses alpha = 0.001 in lambda_max, as glmnet does.
  EXPECT_NEAR(lambda_max(data.X, data.y, tight(0.0)), 1000.0 * lmax, 1e-9 * lmax);
  const Vector grid = lambda_grid(data.X, data.y, tight(), {});
  EXPECT_NEAR(grid[0], lmax, 1e-12);
  EXPECT_NEAR(grid[99], 1e-4 * lmax, 1e-15);  // n > p grid
}

TEST(ElasticNet, OneFeatureLassoAndElasticNetMatchClosedForm) {
  // beta = S(<x, y>/n, lambda alpha) / (x'x/n + lambda (1 - alpha)), no intercept, raw x.
  Matrix X(5, 1);
  X << 1.0, -2.0, 0.5, 3.0, 1.5;
  Vector y(5);
  y << 2.0, -3.0, 1.0, 4.0, 0.0;
  const double xy = X.col(0).dot(y) / 5.0, xx = X.col(0).squaredNorm() / 5.0;
  for (double alpha : {1.0, 0.5, 0.0}) {
    for (double lambda : {0.1, 1.0, 3.0, 10.0}) {
      ElasticNetOptions options = tight(alpha);
      options.fit_intercept = false;
      options.standardize = false;
      const FitResult fit = fit_elastic_net(X, y, lambda, options);
      const double expected =
          penalty::soft_threshold(xy, lambda * alpha) / (xx + lambda * (1.0 - alpha));
      EXPECT_NEAR(fit.coef[0], expected, 1e-12) << "alpha " << alpha << " lambda " << lambda;
      EXPECT_EQ(fit.intercept, 0.0);
      EXPECT_NEAR(fit.duality_gap, 0.0, 1e-12);
    }
  }
}

TEST(ElasticNet, SparseAndDenseXGiveTheSamePath) {
  const auto data = test::fht_problem(120, 40, 0.3, 4);
  const SparseMatrix Xs = sparsify(data.X, 0.3, 5);
  const Matrix Xd(Xs);
  for (double alpha : {1.0, 0.5}) {
    for (bool intercept : {true, false}) {
      ElasticNetOptions options = tight(alpha);
      options.fit_intercept = intercept;
      const PathResult dense = elastic_net_path(Xd, data.y, options);
      const PathResult sparse = elastic_net_path(Xs, data.y, options);
      expect_paths_equal(dense, sparse, 1e-8);
      options.update = UpdateRule::covariance;
      expect_paths_equal(dense, elastic_net_path(Xs, data.y, options), 1e-8);
    }
  }
}

TEST(ElasticNet, SparseWideXMatchesDense) {
  const auto data = test::fht_problem(30, 200, 0.0, 6);
  const SparseMatrix Xs = sparsify(data.X, 0.2, 7);
  expect_paths_equal(elastic_net_path(Matrix(Xs), data.y, tight()),
                     elastic_net_path(Xs, data.y, tight()), 1e-8);
}

TEST(ElasticNet, CovarianceAndNaiveUpdatesGiveTheSamePath) {
  const auto data = test::fht_problem(150, 20, 0.5, 8);
  for (double alpha : {1.0, 0.2}) {
    ElasticNetOptions covariance = tight(alpha), naive = tight(alpha);
    covariance.update = UpdateRule::covariance;
    naive.update = UpdateRule::naive;
    expect_paths_equal(elastic_net_path(data.X, data.y, covariance),
                       elastic_net_path(data.X, data.y, naive), 1e-9);
  }
}

// Covariance mode builds Z'Z from standardized chunks of 256 rows (and, with OpenMP and
// n p^2 > 8e6, from one row block per thread): with n = 700 the last chunk is partial and
// p = 120 makes two blocks. The path must equal naive updates, which never form Z'Z.
TEST(ElasticNet, ChunkedGramGivesTheNaivePath) {
  const auto data = test::fht_problem(700, 120, 0.5, 13);
  for (const bool intercept : {true, false}) {
    ElasticNetOptions covariance = tight(0.8), naive = tight(0.8);
    covariance.fit_intercept = naive.fit_intercept = intercept;
    covariance.update = UpdateRule::covariance;
    naive.update = UpdateRule::naive;
    PathOptions path;
    path.lambda_count = 30;
    expect_paths_equal(elastic_net_path(data.X, data.y, covariance, path),
                       elastic_net_path(data.X, data.y, naive, path), 1e-9);
  }
}

TEST(ElasticNet, WarmAndColdStartsAgree) {
  const auto data = test::fht_problem(80, 25, 0.5, 9);
  const PathResult path = elastic_net_path(data.X, data.y, tight(0.7));
  for (Index k : {5, 30, 70}) {
    const double lambda = path.lambdas[k];
    const FitResult cold = fit_elastic_net(data.X, data.y, lambda, tight(0.7));
    const FitResult warm =
        fit_elastic_net(data.X, data.y, lambda, tight(0.7), Vector(path.coefs.col(k - 1)));
    EXPECT_TRUE(cold.converged && warm.converged);
    // A duality gap of 1e-14 (relative) bounds the distance to the optimum by about
    // sqrt(2e-14 / smallest curvature): 1e-7 here.
    EXPECT_LT((cold.coef - warm.coef).cwiseAbs().maxCoeff(), 1e-7);
    EXPECT_LT((cold.coef - path.coefs.col(k)).cwiseAbs().maxCoeff(), 1e-7);
    EXPECT_NEAR(cold.intercept, path.intercepts[k], 1e-7);
  }
}

TEST(ElasticNet, IntegerSampleWeightsEqualDuplicatedRows) {
  const auto data = test::fht_problem(40, 8, 0.5, 10);
  Vector weights(40);
  std::vector<Index> rows_out;
  for (Index i = 0; i < 40; ++i) {
    weights[i] = static_cast<double>(i % 3);  // 0, 1 or 2 copies
    for (Index c = 0; c < i % 3; ++c) rows_out.push_back(i);
  }
  Matrix Xdup(static_cast<Index>(rows_out.size()), 8);
  Vector ydup(static_cast<Index>(rows_out.size()));
  for (std::size_t r = 0; r < rows_out.size(); ++r) {
    Xdup.row(static_cast<Index>(r)) = data.X.row(rows_out[r]);
    ydup[static_cast<Index>(r)] = data.y[rows_out[r]];
  }
  for (double alpha : {1.0, 0.5}) {
    ElasticNetOptions weighted = tight(alpha);
    weighted.sample_weight = weights;
    PathOptions grid;
    grid.lambda_count = 30;
    const PathResult a = elastic_net_path(data.X, data.y, weighted, grid);
    const PathResult b = elastic_net_path(Xdup, ydup, tight(alpha), grid);
    expect_paths_equal(a, b, 1e-8);
    const SparseMatrix Xs = data.X.sparseView();
    expect_paths_equal(a, elastic_net_path(Xs, data.y, weighted, grid), 1e-8);
    for (Index k = 0; k < a.size(); k += 7)
      EXPECT_LT(kkt_violation(data.X, data.y, a.coefs.col(k), a.intercepts[k], a.lambdas[k],
                              alpha, weights),
                1e-7);
  }
}

TEST(ElasticNet, ZeroPenaltyFactorLeavesAVariableUnpenalized) {
  const auto data = test::fht_problem(100, 6, 0.5, 11);
  ElasticNetOptions options = tight();
  options.penalty_factor = Vector::Ones(6);
  options.penalty_factor[4] = 0.0;
  options.penalty_factor[1] = 2.5;
  const PathResult path = elastic_net_path(data.X, data.y, options);
  // At lambda_max only x5 is in the model: its simple least-squares fit.
  const Vector x = data.X.col(4);
  const double slope = ((x.array() - x.mean()) * (data.y.array() - data.y.mean())).sum() /
                       (x.array() - x.mean()).square().sum();
  EXPECT_NEAR(path.coefs(4, 0), slope, 1e-9);
  EXPECT_EQ(path.df.front(), 1);
  for (Index k = 0; k < path.size(); ++k) {
    EXPECT_NE(path.coefs(4, k), 0.0);
    EXPECT_LT(kkt_violation(data.X, data.y, path.coefs.col(k), path.intercepts[k],
                            path.lambdas[k], 1.0, {}, options.penalty_factor),
              1e-7);
  }
  // Factors are used as given, not rescaled to sum to p (glmnet does rescale).
  const double lmax = lambda_max(data.X, data.y, options);
  EXPECT_NEAR(path.lambdas[0], lmax, 1e-12 * lmax);
}

TEST(ElasticNet, StandardizeFalseOnManuallyStandardizedXMatchesStandardize) {
  const auto data = test::fht_problem(90, 7, 0.5, 12);
  Matrix X = data.X;
  X.col(2) *= 10.0;
  X.col(5).array() += 3.0;
  Matrix Z = X;
  Vector scale(7);
  for (Index j = 0; j < 7; ++j) {
    const double mean = X.col(j).mean();
    scale[j] = std::sqrt((X.col(j).array() - mean).square().mean());
    Z.col(j) = (X.col(j).array() - mean) / scale[j];
  }
  ElasticNetOptions raw = tight(0.8);
  raw.standardize = false;
  const PathResult a = elastic_net_path(X, data.y, tight(0.8));
  const PathResult b = elastic_net_path(Z, data.y, raw);
  ASSERT_EQ(a.size(), b.size());
  for (Index k = 0; k < a.size(); ++k) {
    EXPECT_NEAR(a.lambdas[k], b.lambdas[k], 1e-12 * a.lambdas[0]);
    for (Index j = 0; j < 7; ++j) EXPECT_NEAR(a.coefs(j, k) * scale[j], b.coefs(j, k), 1e-9);
  }
  // Without standardize the penalty acts on the raw coefficients: KKT on raw X.
  const PathResult c = elastic_net_path(X, data.y, raw);
  for (Index k = 0; k < c.size(); k += 9) {
    const Vector r = data.y - X * c.coefs.col(k) - Vector::Constant(90, c.intercepts[k]);
    for (Index j = 0; j < 7; ++j) {
      const double g = -((X.col(j).array() - X.col(j).mean()) * r.array()).mean();
      const double beta = c.coefs(j, k), lambda = c.lambdas[k];
      const double v = beta != 0.0
                           ? std::abs(g + lambda * (0.8 * (beta > 0 ? 1 : -1) + 0.2 * beta))
                           : std::max(0.0, std::abs(g) - 0.8 * lambda);
      EXPECT_LT(v, 1e-7);
    }
  }
}

TEST(ElasticNet, NoInterceptUsesRootMeanSquareScaling) {
  const auto data = test::fht_problem(60, 5, 0.2, 13);
  Matrix X = data.X;
  X.array() += 1.0;
  ElasticNetOptions options = tight();
  options.fit_intercept = false;
  const PathResult path = elastic_net_path(X, data.y, options);
  for (Index k = 0; k < path.size(); k += 11) {
    EXPECT_EQ(path.intercepts[k], 0.0);
    const Vector r = data.y - X * path.coefs.col(k);
    for (Index j = 0; j < 5; ++j) {
      const double rms = std::sqrt(X.col(j).squaredNorm() / 60.0);
      const double g = -(X.col(j).array() / rms * r.array()).mean();
      const double b = path.coefs(j, k);
      const double v = b != 0.0 ? std::abs(g + path.lambdas[k] * (b > 0 ? 1 : -1))
                                : std::max(0.0, std::abs(g) - path.lambdas[k]);
      EXPECT_LT(v, 1e-7);
    }
  }
}

TEST(ElasticNet, ConstantColumnGetsZeroCoefficient) {
  auto data = test::fht_problem(50, 5, 0.0, 14);
  data.X.col(3).setConstant(2.0);
  const PathResult path = elastic_net_path(data.X, data.y, tight());
  EXPECT_EQ(path.coefs.row(3).cwiseAbs().maxCoeff(), 0.0);
  EXPECT_GT(path.coefs.row(0).cwiseAbs().maxCoeff(), 0.0);
  const SparseMatrix Xs = data.X.sparseView();
  expect_paths_equal(path, elastic_net_path(Xs, data.y, tight()), 1e-8);
}

TEST(ElasticNet, DualityGapIsNonNegativeAndSmall) {
  const auto data = test::fht_problem(100, 50, 0.5, 15);
  for (double alpha : {1.0, 0.5, 0.0}) {
    ElasticNetOptions options;
    options.alpha = alpha;
    const PathResult path = elastic_net_path(data.X, data.y, options);
    const double null_objective = 0.5 * (data.y.array() - data.y.mean()).square().mean();
    for (Index k = 0; k < path.size(); ++k) {
      EXPECT_GE(path.duality_gap[k], -1e-15 * null_objective);
      EXPECT_LE(path.duality_gap[k], options.tol * null_objective);
      EXPECT_GT(path.objective[k], 0.0);
      EXPECT_LE(path.objective[k], null_objective * (1 + 1e-12));
    }
  }
}

TEST(ElasticNet, PathResultAtReturnsOnePoint) {
  const auto data = test::fht_problem(50, 5, 0.0, 16);
  PathOptions grid;
  grid.lambdas = Vector::LinSpaced(4, 0.01, 0.3);  // increasing: fitted decreasing
  const PathResult path = elastic_net_path(data.X, data.y, tight(), grid);
  ASSERT_EQ(path.size(), 4);
  EXPECT_DOUBLE_EQ(path.lambdas[0], 0.3);
  EXPECT_GT(path.fit_seconds, 0.0);
  const FitResult fit = path.at(2);
  EXPECT_EQ(fit.lambda, path.lambdas[2]);
  EXPECT_EQ(fit.coef, Vector(path.coefs.col(2)));
  EXPECT_EQ(fit.intercept, path.intercepts[2]);
  EXPECT_EQ(path.df[2], static_cast<int>((fit.coef.array() != 0.0).count()));
  REGKIT_EXPECT_ERROR(path.at(4), InvalidArgument, "index 4 is outside [0, 4)");
}

TEST(ElasticNet, MaxIterReachedIsReportedAndLogged) {
  const auto data = test::fht_problem(50, 20, 0.9, 17);
  ElasticNetOptions options = tight();
  options.max_iter = 2;
  std::vector<std::string> warnings;
  options.log = [&](LogLevel level, std::string_view message) {
    if (level == LogLevel::warning) warnings.emplace_back(message);
  };
  const FitResult fit = fit_elastic_net(data.X, data.y, 0.001, options);
  EXPECT_FALSE(fit.converged);
  EXPECT_LE(fit.iterations, 2);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("max_iter"), std::string::npos);
}

TEST(ElasticNet, BadInputsGiveNamedErrors) {
  const auto data = test::fht_problem(100, 4, 0.0, 18);
  REGKIT_EXPECT_ERROR(fit_elastic_net(data.X, data.y, -1.0, {}), InvalidArgument,
                      "lambda must be a finite number >= 0; got -1");
  ElasticNetOptions bad_alpha;
  bad_alpha.alpha = 1.5;
  REGKIT_EXPECT_ERROR(elastic_net_path(data.X, data.y, bad_alpha), InvalidArgument,
                      "alpha must be in [0, 1] (glmnet convention); got 1.5");
  Matrix with_nan = data.X;
  with_nan(3, 2) = std::numeric_limits<double>::quiet_NaN();
  REGKIT_EXPECT_ERROR(elastic_net_path(with_nan, data.y, {}), InvalidArgument,
                      "X has a non-finite value (nan) at row 4, column 3");
  REGKIT_EXPECT_ERROR(elastic_net_path(data.X, Vector(data.y.head(99)), {}), InvalidArgument,
                      "X has 100 rows but y has 99 entries");
  PathOptions negative;
  negative.lambdas = Vector::Constant(2, 0.1);
  negative.lambdas[1] = -0.5;
  REGKIT_EXPECT_ERROR(elastic_net_path(data.X, data.y, {}, negative), InvalidArgument,
                      "lambdas[1] must be a finite number >= 0; got -0.5");
  ElasticNetOptions bad_pf;
  bad_pf.penalty_factor = Vector::Ones(3);
  REGKIT_EXPECT_ERROR(elastic_net_path(data.X, data.y, bad_pf), InvalidArgument,
                      "penalty_factor has 3 entries; expected p = 4");
  ElasticNetOptions bad_weights;
  bad_weights.sample_weight = Vector::Zero(100);
  REGKIT_EXPECT_ERROR(elastic_net_path(data.X, data.y, bad_weights), InvalidArgument,
                      "sum of sample_weight must be a finite number > 0; got 0");
  ElasticNetOptions bad_tol;
  bad_tol.tol = 0.0;
  REGKIT_EXPECT_ERROR(elastic_net_path(data.X, data.y, bad_tol), InvalidArgument,
                      "tol must be a finite number > 0; got 0");
  REGKIT_EXPECT_ERROR(elastic_net_path(Matrix(0, 3), Vector(0), {}), InvalidArgument,
                      "the dataset is empty");
}

}  // namespace
}  // namespace regkit::linear
