// Degenerate and hostile inputs to the linear solvers, each with its defined outcome
// (docs/bad-inputs.md lists them): non-finite data named by its place, lambda = 0,
// huge lambda, constant and duplicated columns, n < p, n = 1, all-zero data. Outcomes
// are asserted against closed forms and optimality conditions, not against our output.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <limits>

#include "regkit/core/errors.hpp"
#include "regkit/linear/elastic_net.hpp"
#include "regkit/linear/ridge.hpp"
#include "support/expect_error.hpp"
#include "support/random_data.hpp"

// Designated initializers name only the options a test changes; the rest keep their
// defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace regkit::linear {
namespace {

Vector response(const Matrix& X, std::uint64_t seed) {
  Vector beta = Vector::LinSpaced(X.cols(), 1.0, -1.0);
  return X * beta + 0.1 * test::random_vector(X.rows(), seed);
}

TEST(DegenerateInputs, NonFiniteDataIsRejectedWithItsPlace) {
  Matrix X = test::random_matrix(20, 3, 1);
  Vector y = response(X, 2);
  X(7, 2) = std::numeric_limits<double>::quiet_NaN();
  // 1-based in messages (core/check.hpp): X(7, 2) is row 8, column 3.
  REGKIT_EXPECT_ERROR(fit_ridge(X, y, 0.1, {}), InvalidArgument, "(nan) at row 8, column 3");
  REGKIT_EXPECT_ERROR(fit_elastic_net(X, y, 0.1, {}), InvalidArgument, "(nan) at row 8, column 3");
  X(7, 2) = 0.0;
  y(4) = -std::numeric_limits<double>::infinity();
  REGKIT_EXPECT_ERROR(fit_ridge(X, y, 0.1, {}), InvalidArgument, "y");
  REGKIT_EXPECT_ERROR(elastic_net_path(X, y, {}), InvalidArgument, "y");
}

TEST(DegenerateInputs, RidgeAtLambdaZeroIsOrdinaryLeastSquares) {
  const Matrix X = test::random_matrix(40, 5, 3);
  const Vector y = response(X, 4);
  RidgeOptions raw;
  raw.standardize = false;
  const FitResult fit = fit_ridge(X, y, 0.0, raw);
  // OLS with intercept by an independent route: QR of [1, X].
  Matrix A(40, 6);
  A.col(0).setOnes();
  A.rightCols(5) = X;
  const Vector ols = A.colPivHouseholderQr().solve(y);
  EXPECT_NEAR(fit.intercept, ols(0), 1e-10);
  for (Index j = 0; j < 5; ++j) EXPECT_NEAR(fit.coef(j), ols(j + 1), 1e-10);
}

TEST(DegenerateInputs, RidgeAtLambdaZeroWithFewerSamplesThanFeaturesInterpolates) {
  // n < p at lambda = 0: the kernel form gives the minimum-norm interpolant (no
  // intercept) or an error naming the singular system; never NaN coefficients.
  const Matrix X = test::random_matrix(6, 12, 5);
  const Vector y = test::random_vector(6, 6);
  try {
    RidgeOptions raw;
    raw.fit_intercept = false;
    raw.standardize = false;
    const FitResult fit = fit_ridge(X, y, 0.0, raw);
    ASSERT_TRUE(fit.coef.allFinite());
    const Vector min_norm = X.completeOrthogonalDecomposition().solve(y);
    EXPECT_LT((fit.coef - min_norm).norm(), 1e-8 * min_norm.norm());
  } catch (const NumericalError& e) {
    EXPECT_NE(std::string(e.what()).find("lambda"), std::string::npos) << e.what();
  }
}

TEST(DegenerateInputs, HugeLambdaGivesZeroCoefficientsAndTheMeanAsIntercept) {
  const Matrix X = test::random_matrix(30, 4, 7);
  const Vector y = response(X, 8);
  const FitResult ridge = fit_ridge(X, y, 1e12, {});
  EXPECT_TRUE(ridge.coef.allFinite());
  EXPECT_LT(ridge.coef.cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_NEAR(ridge.intercept, y.mean(), 1e-9);
  const FitResult lasso = fit_elastic_net(X, y, 1e12, {});
  EXPECT_TRUE((lasso.coef.array() == 0.0).all());
  EXPECT_NEAR(lasso.intercept, y.mean(), 1e-12);
  ElasticNetOptions half;
  half.alpha = 0.5;
  const FitResult enet = fit_elastic_net(X, y, 1e300, half);
  EXPECT_TRUE((enet.coef.array() == 0.0).all());
}

TEST(DegenerateInputs, LassoAtLambdaZeroIsLeastSquaresWhenNExceedsP) {
  const Matrix X = test::random_matrix(50, 4, 9);
  const Vector y = response(X, 10);
  ElasticNetOptions tight;
  tight.tol = 1e-14;
  const FitResult fit = fit_elastic_net(X, y, 0.0, tight);
  Matrix A(50, 5);
  A.col(0).setOnes();
  A.rightCols(4) = X;
  const Vector ols = A.colPivHouseholderQr().solve(y);
  for (Index j = 0; j < 4; ++j) EXPECT_NEAR(fit.coef(j), ols(j + 1), 1e-6);
}

TEST(DegenerateInputs, ConstantColumnsGetZeroAndDuplicatedColumnsShareEvenly) {
  Matrix X = test::random_matrix(40, 4, 11);
  X.col(1).setConstant(3.5);  // constant
  X.col(3) = X.col(2);        // duplicate
  const Vector y = response(X, 12);
  for (const bool standardize : {true, false}) {
    SCOPED_TRACE(standardize);
    RidgeOptions ro;
    ro.standardize = standardize;
    const FitResult ridge = fit_ridge(X, y, 0.05, ro);
    ASSERT_TRUE(ridge.coef.allFinite());
    EXPECT_NEAR(ridge.coef(1), 0.0, 1e-12);
    EXPECT_NEAR(ridge.coef(2), ridge.coef(3), 1e-10 * std::max(1.0, std::fabs(ridge.coef(2))));
    ElasticNetOptions eo;
    eo.alpha = 0.5;
    eo.standardize = standardize;
    eo.tol = 1e-14;
    const FitResult enet = fit_elastic_net(X, y, 0.01, eo);
    ASSERT_TRUE(enet.coef.allFinite());
    EXPECT_EQ(enet.coef(1), 0.0);
    EXPECT_NEAR(enet.coef(2), enet.coef(3), 1e-6 * std::max(1.0, std::fabs(enet.coef(2))));
  }
  // All columns constant: an intercept-only model, the mean of y.
  Matrix C(10, 2);
  C.col(0).setConstant(1.0);
  C.col(1).setConstant(-2.0);
  const Vector yc = test::random_vector(10, 13);
  const FitResult ridge = fit_ridge(C, yc, 0.1, {});
  EXPECT_LT(ridge.coef.cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_NEAR(ridge.intercept, yc.mean(), 1e-12);
  const FitResult lasso = fit_elastic_net(C, yc, 0.1, {});
  EXPECT_TRUE((lasso.coef.array() == 0.0).all());
  EXPECT_NEAR(lasso.intercept, yc.mean(), 1e-12);
}

TEST(DegenerateInputs, LassoWithFewerSamplesThanFeaturesMeetsKktWithAtMostNNonzeros) {
  const Matrix X = test::random_matrix(10, 200, 14);
  Vector beta = Vector::Zero(200);
  beta.head(3) << 2.0, -1.5, 1.0;
  const Vector y = X * beta + 0.01 * test::random_vector(10, 15);
  ElasticNetOptions tight;
  tight.tol = 1e-12;
  const PathResult path = elastic_net_path(X, y, tight);
  for (Index k = 0; k < path.size(); ++k) {
    ASSERT_TRUE(path.coefs.col(k).allFinite());
    EXPECT_LE(path.df[static_cast<std::size_t>(k)], 10) << "lambda " << path.lambdas(k);
    EXPECT_LE(path.duality_gap(k), 1e-10);
  }
}

TEST(DegenerateInputs, OneSampleFitsTheInterceptExactly) {
  Matrix X(1, 3);
  X << 1.0, 2.0, 3.0;
  Vector y(1);
  y << 4.2;
  const FitResult ridge = fit_ridge(X, y, 0.1, {});
  EXPECT_TRUE(ridge.coef.allFinite());
  EXPECT_DOUBLE_EQ(ridge.intercept + X.row(0).dot(ridge.coef), 4.2);
  try {
    const FitResult lasso = fit_elastic_net(X, y, 0.1, {});
    EXPECT_TRUE((lasso.coef.array() == 0.0).all());
    EXPECT_DOUBLE_EQ(lasso.intercept, 4.2);
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("sample"), std::string::npos) << e.what();
  }
}

TEST(DegenerateInputs, AllZeroDataGiveTheZeroModel) {
  const Matrix X = Matrix::Zero(8, 3);
  const Vector y = Vector::Zero(8);
  const FitResult lasso = fit_elastic_net(X, y, 0.1, {});
  EXPECT_TRUE((lasso.coef.array() == 0.0).all());
  EXPECT_EQ(lasso.intercept, 0.0);
  EXPECT_EQ(lasso.duality_gap, 0.0);
  const FitResult ridge = fit_ridge(X, y, 0.1, {});
  EXPECT_TRUE((ridge.coef.array() == 0.0).all());
  EXPECT_EQ(ridge.intercept, 0.0);
  // Constant y: predictions equal y exactly.
  const Matrix Xr = test::random_matrix(8, 3, 16);
  const Vector yc = Vector::Constant(8, 2.5);
  const FitResult c = fit_elastic_net(Xr, yc, 0.1, {});
  EXPECT_TRUE((c.coef.array() == 0.0).all());
  EXPECT_EQ(c.intercept, 2.5);
}

}  // namespace
}  // namespace regkit::linear
