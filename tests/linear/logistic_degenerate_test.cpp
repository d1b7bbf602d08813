// Logistic regression on degenerate inputs (docs/bad-inputs.md, section 4): a constant
// column, duplicated columns, a huge lambda, one sample, NaN in X. Each has a defined
// outcome, never NaN coefficients.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "regkit/core/errors.hpp"
#include "regkit/linear/logistic.hpp"
#include "support/expect_error.hpp"
#include "support/random_data.hpp"

namespace regkit::linear {
namespace {

struct Binary {
  Matrix X;
  Vector y;
};

// 60 x 3: columns 0 and 1 informative, column 2 as given by `third`.
template <class Third>
Binary make_binary(Third third) {
  test::Gaussian g(11);
  Binary b{Matrix(60, 3), Vector(60)};
  for (Index i = 0; i < 60; ++i) {
    b.X(i, 0) = g();
    b.X(i, 1) = g();
    b.X(i, 2) = third(b.X(i, 0), b.X(i, 1));
    b.y[i] = (b.X(i, 0) - 0.5 * b.X(i, 1) + 0.8 * g() > 0.0) ? 1.0 : 0.0;
  }
  return b;
}

TEST(LogisticDegenerate, ConstantColumnGetsZeroCoefficient) {
  const Binary b = make_binary([](double, double) { return 4.0; });
  const Labels labels = encode_labels(b.y);
  for (const double alpha : {0.0, 1.0}) {
    for (const bool standardize : {true, false}) {
      LogisticOptions o;
      o.alpha = alpha;
      o.standardize = standardize;
      const LogisticFit fit = fit_logistic(Design(b.X), labels, 0.01, o);
      SCOPED_TRACE(std::to_string(alpha) + (standardize ? " standardized" : " raw"));
      ASSERT_TRUE(fit.coef.allFinite() && fit.intercept.allFinite());
      EXPECT_TRUE(fit.converged);
      EXPECT_NEAR(fit.coef(2, 0), 0.0, 1e-8);
      // The constant column changes nothing: same fit as without it.
      const Matrix X2 = b.X.leftCols(2);
      const LogisticFit ref = fit_logistic(Design(X2), labels, 0.01, o);
      EXPECT_NEAR(fit.coef(0, 0), ref.coef(0, 0), 1e-6);
      EXPECT_NEAR(fit.coef(1, 0), ref.coef(1, 0), 1e-6);
      EXPECT_NEAR(fit.intercept[0] + 4.0 * fit.coef(2, 0), ref.intercept[0], 1e-6);
    }
  }
}

TEST(LogisticDegenerate, DuplicatedColumnsShareTheWeightUnderL2) {
  const Binary b = make_binary([](double x0, double) { return x0; });
  const LogisticFit fit = fit_logistic(Design(b.X), encode_labels(b.y), 0.01, LogisticOptions{});
  ASSERT_TRUE(fit.coef.allFinite());
  EXPECT_TRUE(fit.converged);
  EXPECT_NEAR(fit.coef(0, 0), fit.coef(2, 0), 1e-6 * std::abs(fit.coef(0, 0)));
}

TEST(LogisticDegenerate, HugeLambdaGivesTheInterceptOnlyModel) {
  const Binary b = make_binary([](double x0, double x1) { return x0 + x1; });
  const double ybar = b.y.mean();
  for (const double alpha : {0.0, 0.5, 1.0}) {
    LogisticOptions o;
    o.alpha = alpha;
    const LogisticFit fit = fit_logistic(Design(b.X), encode_labels(b.y), 1e12, o);
    SCOPED_TRACE(alpha);
    ASSERT_TRUE(fit.coef.allFinite());
    EXPECT_LT(fit.coef.cwiseAbs().maxCoeff(), 1e-9);
    if (alpha > 0.0) {
      EXPECT_EQ(fit.coef.cwiseAbs().maxCoeff(), 0.0);  // exact zeros
    }
    EXPECT_NEAR(fit.intercept[0], std::log(ybar / (1.0 - ybar)), 1e-6);
  }
}

TEST(LogisticDegenerate, OneSampleIsASingleClassError) {
  Vector y(1);
  y << 1.0;
  REGKIT_EXPECT_ERROR(encode_labels(y, "one.csv"), InvalidArgument, "one.csv: all 1 labels are 1 (a single class)");
}

TEST(LogisticDegenerate, NonFiniteXIsRejectedWithItsPlace) {
  Binary b = make_binary([](double, double) { return 1.5; });
  b.X(7, 1) = std::numeric_limits<double>::infinity();
  REGKIT_EXPECT_ERROR(fit_logistic(Design(b.X), encode_labels(b.y), 0.1, LogisticOptions{}),
                      InvalidArgument, "row 8, column 2");
}

}  // namespace
}  // namespace regkit::linear
