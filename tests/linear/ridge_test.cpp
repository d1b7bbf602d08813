// Ridge: closed forms (normal equations), path vs pointwise fits, n < p vs n >= p,
// dense vs sparse, multi-target vs per-column, exact LOO vs brute-force refits.
#include "regkit/linear/ridge.hpp"

#include <gtest/gtest.h>

#include <Eigen/LU>
#include <cmath>
#include <vector>

#include "regkit/core/errors.hpp"
#include "support/expect_error.hpp"
#include "support/random_data.hpp"

namespace regkit::linear {
namespace {

using test::linear_target;
using test::random_matrix;
using test::random_sparse;
using test::random_weights;

double max_abs(const Matrix& m) { return m.size() ? m.cwiseAbs().maxCoeff() : 0.0; }

// The documented problem solved directly by its p x p normal equations (full-pivot LU),
// written independently of src/linear/ridge.cpp:
//   (Xs' Omega Xs + lambda diag(pf)) beta_std = Xs' Omega (y - ybar),  Xs = (X - xbar)/s.
struct Direct {
  Vector coef;
  double intercept = 0.0;
};
Direct direct_ridge(const Matrix& X, const Vector& y, double lambda, const RidgeOptions& o) {
  const Index n = X.rows();
  const Index p = X.cols();
  Vector omega = o.sample_weight.size() ? o.sample_weight : Vector::Ones(n);
  omega /= omega.sum();
  const Vector mean = X.transpose() * omega;
  const Vector xm = o.fit_intercept ? mean : Vector::Zero(p);
  const double ym = o.fit_intercept ? omega.dot(y) : 0.0;
  Vector s = Vector::Ones(p);
  if (o.standardize)
    for (Index j = 0; j < p; ++j)
      s[j] = std::sqrt(omega.dot((X.col(j).array() - mean[j]).square().matrix()));
  Matrix Xs = X.rowwise() - xm.transpose();
  for (Index j = 0; j < p; ++j) Xs.col(j) /= s[j];
  const Vector pf = o.penalty_factor.size() ? o.penalty_factor : Vector::Ones(p);
  Matrix A = Xs.transpose() * omega.asDiagonal() * Xs;
  A.diagonal() += lambda * pf;
  const Vector rhs = Xs.transpose() * omega.asDiagonal() * (y.array() - ym).matrix();
  Direct d;
  d.coef = A.fullPivLu().solve(rhs).cwiseQuotient(s);
  d.intercept = ym - xm.dot(d.coef);
  return d;
}

TEST(Ridge, EqualsNormalEquationsWithoutIntercept) {
  const Matrix X = random_matrix(60, 5, 1);
  const Vector y = linear_target(X, 2);
  const double lambda = 0.37;
  RidgeOptions o;
  o.standardize = false;
  o.fit_intercept = false;
  const FitResult fit = fit_ridge(X, y, lambda, o);
  // 1/(2n)||y - Xb||^2 + lambda/2 ||b||^2  <=>  (X'X + n lambda I) b = X'y
  Matrix A = X.transpose() * X;
  A.diagonal().array() += 60.0 * lambda;
  const Vector expected = A.fullPivLu().solve(X.transpose() * y);
  EXPECT_LT(max_abs(fit.coef - expected), 1e-12);
  EXPECT_EQ(fit.intercept, 0.0);
  EXPECT_EQ(fit.alpha, 0.0);
  EXPECT_EQ(fit.iterations, 0);
  EXPECT_EQ(fit.duality_gap, 0.0);
  EXPECT_LT(fit.max_kkt_violation, 1e-12);
  const Vector r = y - X * fit.coef;
  EXPECT_NEAR(fit.objective, r.squaredNorm() / 120.0 + 0.5 * lambda * fit.coef.squaredNorm(), 1e-12);
}

TEST(Ridge, EqualsNormalEquationsWithInterceptByCentering) {
  const Matrix X = random_matrix(40, 4, 3, 0.7);
  const Vector y = linear_target(X, 4);
  const double lambda = 0.05;
  RidgeOptions o;
  o.standardize = false;
  const FitResult fit = fit_ridge(X, y, lambda, o);
  const Vector xm = X.colwise().mean();
  const Matrix Xc = X.rowwise() - xm.transpose();
  Matrix A = Xc.transpose() * Xc;
  A.diagonal().array() += 40.0 * lambda;
  const Vector expected = A.fullPivLu().solve(Xc.transpose() * (y.array() - y.mean()).matrix());
  EXPECT_LT(max_abs(fit.coef - expected), 1e-12);
  EXPECT_NEAR(fit.intercept, y.mean() - xm.dot(expected), 1e-12);
  EXPECT_LT(fit.max_kkt_violation, 1e-12);
}

// Weights, penalty factors and standardization, for n >= p (Gram) and n < p (kernel),
// dense and sparse.
TEST(Ridge, WeightedStandardizedMatchesDirectSolveDenseAndSparse) {
  for (auto [n, p] : {std::pair<Index, Index>{50, 6}, {12, 30}}) {
    const SparseMatrix Xs = random_sparse(n, p, 0.4, 5 + static_cast<std::uint64_t>(p));
    const Matrix X = Matrix(Xs);
    const Vector y = linear_target(X, 6);
    RidgeOptions o;
    o.sample_weight = random_weights(n, 7);
    o.penalty_factor = random_weights(p, 8);
    for (bool intercept : {true, false}) {
      o.fit_intercept = intercept;
      const Direct d = direct_ridge(X, y, 0.2, o);
      const FitResult dense = fit_ridge(X, y, 0.2, o);
      const FitResult sparse = fit_ridge(Xs, y, 0.2, o);
      EXPECT_LT(max_abs(dense.coef - d.coef), 1e-10) << "n " << n << " p " << p;
      EXPECT_NEAR(dense.intercept, d.intercept, 1e-10);
      EXPECT_LT(max_abs(sparse.coef - d.coef), 1e-10) << "sparse n " << n << " p " << p;
      EXPECT_NEAR(sparse.intercept, d.intercept, 1e-10);
      EXPECT_LT(dense.max_kkt_violation, 1e-10);
      EXPECT_LT(sparse.max_kkt_violation, 1e-10);
      EXPECT_NEAR(dense.objective, sparse.objective, 1e-12);
    }
  }
}

TEST(Ridge, KernelFormEqualsPrimalFormula) {
  // n < p: the solver uses the n x n kernel; the p x p normal equations must agree.
  const Matrix X = random_matrix(15, 40, 9, 0.3);
  const Vector y = linear_target(X, 10);
  RidgeOptions o;
  o.standardize = false;
  const FitResult fit = fit_ridge(X, y, 0.8, o);
  const Direct d = direct_ridge(X, y, 0.8, o);
  EXPECT_LT(max_abs(fit.coef - d.coef), 1e-12);
  EXPECT_NEAR(fit.intercept, d.intercept, 1e-12);
}

TEST(Ridge, ConstantColumnGetsZeroCoefficientWhenStandardized) {
  Matrix X = random_matrix(30, 3, 11);
  X.col(1).setConstant(4.0);
  const Vector y = linear_target(X, 12);
  const FitResult dense = fit_ridge(X, y, 0.1, RidgeOptions{});
  EXPECT_EQ(dense.coef[1], 0.0);
  const FitResult sparse = fit_ridge(SparseMatrix(X.sparseView()), y, 0.1, RidgeOptions{});
  EXPECT_EQ(sparse.coef[1], 0.0);
  EXPECT_LT(max_abs(dense.coef - sparse.coef), 1e-12);
}

TEST(Ridge, PathEqualsPointwiseCholeskyFits) {
  struct Case {
    Index n, p;
    bool sparse, standardize;
  };
  for (const Case c : {Case{80, 7, false, true}, Case{20, 45, false, false}, Case{60, 8, true, true},
                       Case{15, 35, true, true}}) {
    const SparseMatrix Xsp = random_sparse(c.n, c.p, 0.5, 13);
    const Matrix Xd = c.sparse ? Matrix(Xsp) : random_matrix(c.n, c.p, 14, 0.4);
    const Design X = c.sparse ? Design(Xsp) : Design(Xd);
    const Vector y = linear_target(Xd, 15);
    RidgeOptions o;
    o.standardize = c.standardize;
    o.sample_weight = random_weights(c.n, 16);
    Vector lambdas(5);
    lambdas << 0.01, 3.0, 0.3, 1e-3, 30.0;  // any order; returned decreasing
    const PathResult path = ridge_path(X, y, lambdas, o);
    ASSERT_EQ(path.size(), 5);
    for (Index l = 1; l < 5; ++l) EXPECT_GT(path.lambdas[l - 1], path.lambdas[l]);
    for (Index l = 0; l < 5; ++l) {
      const FitResult point = fit_ridge(X, y, path.lambdas[l], o);
      const double scale = 1.0 + point.coef.cwiseAbs().maxCoeff();
      EXPECT_LT(max_abs(path.coefs.col(l) - point.coef), 1e-9 * scale)
          << "n " << c.n << " p " << c.p << " sparse " << c.sparse << " lambda " << path.lambdas[l];
      EXPECT_NEAR(path.intercepts[l], point.intercept, 1e-9 * scale);
      EXPECT_NEAR(path.objective[l], point.objective, 1e-10 * (1.0 + point.objective));
      EXPECT_LT(path.max_kkt_violation[l], 1e-8);
      EXPECT_EQ(path.df[static_cast<std::size_t>(l)], c.p);
    }
    EXPECT_EQ(path.alpha, 0.0);
  }
}

TEST(Ridge, DefaultGridIsGlmnetAlphaZeroGrid) {
  const Matrix X = random_matrix(50, 4, 17);
  const Vector y = linear_target(X, 18);
  const PathResult path = ridge_path(X, y, Vector(), RidgeOptions{});
  ASSERT_EQ(path.size(), 100);
  EXPECT_NEAR(path.lambdas[99] / path.lambdas[0], 1e-4, 1e-12);
  // lambda_max = max_j |<x_j std, y - ybar>| / (n * 0.001)
  const Vector xm = X.colwise().mean();
  double lambda_max = 0.0;
  for (Index j = 0; j < 4; ++j) {
    const Vector xc = X.col(j).array() - xm[j];
    const double sd = std::sqrt(xc.squaredNorm() / 50.0);
    lambda_max = std::max(lambda_max, std::abs(xc.dot(y) / sd) / (50.0 * 0.001));
  }
  EXPECT_NEAR(path.lambdas[0], lambda_max, 1e-10 * lambda_max);
}

TEST(Ridge, MultiTargetEqualsPerColumnFits) {
  for (auto [n, p] : {std::pair<Index, Index>{40, 5}, {10, 25}}) {
    const Matrix X = random_matrix(n, p, 19, 0.2);
    Matrix Y(n, 3);
    for (Index k = 0; k < 3; ++k) Y.col(k) = linear_target(X, 20 + static_cast<std::uint64_t>(k)) * (1.0 + static_cast<double>(k));
    RidgeOptions o;
    o.sample_weight = random_weights(n, 23);
    const RidgeMultiFit multi = fit_ridge_multi(X, Y, 0.15, o);
    ASSERT_EQ(multi.coef.cols(), 3);
    for (Index k = 0; k < 3; ++k) {
      const FitResult single = fit_ridge(X, Y.col(k), 0.15, o);
      EXPECT_LT(max_abs(multi.coef.col(k) - single.coef), 1e-12);
      EXPECT_NEAR(multi.intercept[k], single.intercept, 1e-12);
    }
  }
}

// Exact LOO: refit without sample i at the same sum-form penalty (lambda W / (W - w_i)
// in regkit's mean form), predict sample i.
double brute_force_loo(const Design& X, const Matrix& Xd, const Vector& y, double lambda,
                       const RidgeOptions& o) {
  const Index n = Xd.rows();
  const Vector w = o.sample_weight.size() ? o.sample_weight : Vector::Ones(n);
  const double W = w.sum();
  double total = 0.0;
  for (Index i = 0; i < n; ++i) {
    std::vector<Index> keep;
    for (Index k = 0; k < n; ++k)
      if (k != i) keep.push_back(k);
    Matrix Xi(n - 1, Xd.cols());
    Vector yi(n - 1), wi(n - 1);
    for (Index k = 0; k < n - 1; ++k) {
      Xi.row(k) = Xd.row(keep[static_cast<std::size_t>(k)]);
      yi[k] = y[keep[static_cast<std::size_t>(k)]];
      wi[k] = w[keep[static_cast<std::size_t>(k)]];
    }
    RidgeOptions oi = o;
    oi.sample_weight = wi;
    const bool sparse = is_sparse(X);
    const FitResult fit = sparse ? fit_ridge(SparseMatrix(Xi.sparseView()), yi, lambda * W / (W - w[i]), oi)
                                 : fit_ridge(Xi, yi, lambda * W / (W - w[i]), oi);
    const double e = y[i] - fit.intercept - Xd.row(i).dot(fit.coef);
    total += w[i] * e * e;
  }
  return total / W;
}

TEST(Ridge, LeaveOneOutEqualsBruteForceRefits) {
  struct Case {
    Index n, p;
    bool intercept, weighted, sparse;
  };
  for (const Case c : {Case{30, 4, true, false, false}, Case{30, 4, false, true, false},
                       Case{25, 5, true, true, false}, Case{12, 20, true, false, false},
                       Case{12, 20, true, true, true}, Case{30, 4, true, true, true}}) {
    const SparseMatrix Xsp = random_sparse(c.n, c.p, 0.5, 24);
    const Matrix Xd = c.sparse ? Matrix(Xsp) : random_matrix(c.n, c.p, 25, 0.5);
    const Design X = c.sparse ? Design(Xsp) : Design(Xd);
    const Vector y = linear_target(Xd, 26);
    RidgeOptions o;
    o.standardize = false;
    o.fit_intercept = c.intercept;
    if (c.weighted) o.sample_weight = random_weights(c.n, 27);
    Vector lambdas(3);
    lambdas << 2.0, 0.2, 0.02;
    const RidgeLooResult loo = ridge_loo(X, y, lambdas, o);
    for (Index l = 0; l < 3; ++l) {
      const double expected = brute_force_loo(X, Xd, y, loo.lambdas[l], o);
      EXPECT_NEAR(loo.loo_mse[l], expected, 1e-9 * expected)
          << "n " << c.n << " p " << c.p << " intercept " << c.intercept << " weighted "
          << c.weighted << " sparse " << c.sparse << " lambda " << loo.lambdas[l];
    }
    Index best = 0;
    for (Index l = 1; l < 3; ++l)
      if (loo.loo_mse[l] < loo.loo_mse[best]) best = l;
    EXPECT_EQ(loo.best, best);
  }
}

TEST(Ridge, GcvMatchesHatMatrixFormula) {
  const Index n = 25;
  const Matrix X = random_matrix(n, 4, 28, 0.3);
  const Vector y = linear_target(X, 29);
  RidgeOptions o;
  o.standardize = false;
  Vector lambdas(1);
  lambdas << 0.3;
  const RidgeLooResult loo = ridge_loo(X, y, lambdas, o);
  // H = 11'/n + Xc (Xc'Xc + n lambda I)^{-1} Xc'; GCV = mean(r^2) / (1 - tr(H)/n)^2.
  const Matrix Xc = X.rowwise() - X.colwise().mean();
  Matrix A = Xc.transpose() * Xc;
  A.diagonal().array() += static_cast<double>(n) * 0.3;
  const Matrix H = Matrix::Constant(n, n, 1.0 / static_cast<double>(n)) + Xc * A.fullPivLu().solve(Xc.transpose());
  const Vector r = y - H * y;
  const double shrink = 1.0 - H.trace() / static_cast<double>(n);
  EXPECT_NEAR(loo.gcv[0], r.squaredNorm() / static_cast<double>(n) / (shrink * shrink), 1e-12);
  // And the exact LOO from the same hat matrix: mean (r_i / (1 - H_ii))^2.
  double expected = 0.0;
  for (Index i = 0; i < n; ++i) expected += std::pow(r[i] / (1.0 - H(i, i)), 2);
  EXPECT_NEAR(loo.loo_mse[0], expected / static_cast<double>(n), 1e-12);
}

TEST(Ridge, BadInputIsNamed) {
  const Matrix X = random_matrix(10, 3, 30);
  const Vector y = Vector::Ones(10);
  REGKIT_EXPECT_ERROR(fit_ridge(X, Vector::Ones(9), 1.0, RidgeOptions{}), InvalidArgument,
                      "fit_ridge: X has 10 rows but y has 9 entries");
  REGKIT_EXPECT_ERROR(fit_ridge(X, y, -1.0, RidgeOptions{}), InvalidArgument,
                      "fit_ridge: lambda must be a finite number >= 0; got -1");
  RidgeOptions bad_pf;
  bad_pf.penalty_factor = Vector::Ones(2);
  REGKIT_EXPECT_ERROR(fit_ridge(X, y, 1.0, bad_pf), InvalidArgument,
                      "penalty_factor has 2 entries; expected 0 or p = 3");
  bad_pf.penalty_factor = Vector::Zero(3);
  REGKIT_EXPECT_ERROR(fit_ridge(X, y, 1.0, bad_pf), InvalidArgument,
                      "penalty_factor[0] must be a finite number > 0; got 0");
  RidgeOptions bad_w;
  bad_w.sample_weight = Vector::Zero(10);
  REGKIT_EXPECT_ERROR(fit_ridge(X, y, 1.0, bad_w), InvalidArgument, "sample_weight sums to 0");
  bad_w.sample_weight = -Vector::Ones(10);
  REGKIT_EXPECT_ERROR(fit_ridge(X, y, 1.0, bad_w), InvalidArgument,
                      "sample_weight[0] must be a finite number >= 0; got -1");
  Matrix Xnan = X;
  Xnan(2, 1) = std::nan("");
  REGKIT_EXPECT_ERROR(fit_ridge(Xnan, y, 1.0, RidgeOptions{}), InvalidArgument,
                      "fit_ridge: X has a non-finite value (nan) at row 3, column 2");
  Vector lambdas(2);
  lambdas << 1.0, -0.5;
  REGKIT_EXPECT_ERROR(ridge_path(X, y, lambdas, RidgeOptions{}), InvalidArgument,
                      "ridge_path: lambdas[1] must be a finite number >= 0; got -0.5");
  // Rank-deficient X at lambda 0: a named numerical error, not garbage.
  Matrix Xdup = X;
  Xdup.col(2) = Xdup.col(1);
  RidgeOptions plain;
  plain.standardize = false;
  REGKIT_EXPECT_ERROR(fit_ridge(Xdup, y, 0.0, plain), NumericalError, "not positive definite");
  REGKIT_EXPECT_ERROR(fit_ridge_multi(X, Matrix::Ones(9, 2), 1.0, RidgeOptions{}), InvalidArgument,
                      "fit_ridge_multi: X has 10 rows but y has 9 entries");
}

}  // namespace
}  // namespace regkit::linear
