// Translations of other libraries' penalty parameters into glmnet's lambda/alpha:
// each one checked as an identity of objectives (the peer's penalty divided by the factor
// that makes its loss a mean equals ElasticNet(lambda, alpha).value), and where regkit has
// the solver, against the peer's fitted coefficients (tests/reference/).
#include "regkit/penalty/conventions.hpp"

#include <gtest/gtest.h>

#include "regkit/core/errors.hpp"
#include "regkit/linear/ridge.hpp"
#include "regkit/penalty/elastic_net.hpp"
#include "support/expect_error.hpp"
#include "support/reference_data.hpp"

namespace regkit::penalty {
namespace {

Vector some_w() {
  Vector w(4);
  w << 0.5, -1.25, 0.0, 2.0;
  return w;
}
double l1(const Vector& w) { return w.cwiseAbs().sum(); }
double l2sq(const Vector& w) { return w.squaredNorm(); }
ElasticNet as_penalty(const GlmnetPenalty& p) { return ElasticNet(p.lambda, p.alpha); }

TEST(Conventions, SklearnRidgeAlphaIsLambdaTimesN) {
  const GlmnetPenalty p = from_sklearn_ridge_alpha(1.0, 100);
  EXPECT_DOUBLE_EQ(p.lambda, 0.01);
  EXPECT_EQ(p.alpha, 0.0);
  EXPECT_DOUBLE_EQ(to_sklearn_ridge_alpha(p.lambda, 100), 1.0);
  // ||y - Xw||^2 + a ||w||^2 divided by 2n: the penalty part is a/(2n) ||w||^2.
  const Vector w = some_w();
  EXPECT_NEAR(as_penalty(from_sklearn_ridge_alpha(3.0, 50)).value(w), 3.0 * l2sq(w) / 100.0, 1e-15);
}

TEST(Conventions, SklearnElasticNetIsGlmnetForm) {
  const GlmnetPenalty p = from_sklearn_elastic_net(0.1, 0.3);
  EXPECT_EQ(p.lambda, 0.1);
  EXPECT_EQ(p.alpha, 0.3);
  EXPECT_EQ(to_sklearn_elastic_net_alpha(0.1), 0.1);
  const Vector w = some_w();
  EXPECT_NEAR(as_penalty(p).value(w), 0.1 * 0.3 * l1(w) + 0.5 * 0.1 * 0.7 * l2sq(w), 1e-15);
}

TEST(Conventions, LiblinearCIsOneOverCn) {
  const Vector w = some_w();
  // (C sum loss + 1/2 ||w||^2) / (C n) = mean loss + ||w||^2 / (2 C n)
  const GlmnetPenalty l2p = from_liblinear_C(0.25, 200, CPenalty::l2);
  EXPECT_DOUBLE_EQ(l2p.lambda, 1.0 / 50.0);
  EXPECT_EQ(l2p.alpha, 0.0);
  EXPECT_NEAR(as_penalty(l2p).value(w), 0.5 * l2sq(w) / (0.25 * 200), 1e-15);
  const GlmnetPenalty l1p = from_liblinear_C(0.25, 200, CPenalty::l1);
  EXPECT_EQ(l1p.alpha, 1.0);
  EXPECT_NEAR(as_penalty(l1p).value(w), l1(w) / (0.25 * 200), 1e-15);
  EXPECT_DOUBLE_EQ(to_liblinear_C(l1p.lambda, 200), 0.25);
  const GlmnetPenalty en = from_sklearn_logistic_C(2.0, 0.4, 10);
  EXPECT_NEAR(as_penalty(en).value(w), (0.4 * l1(w) + 0.3 * l2sq(w)) / 20.0, 1e-15);
}

TEST(Conventions, KerasAddsL1PlusL2Squared) {
  const Vector w = some_w();
  const GlmnetPenalty p = from_keras(0.01, 0.002);
  EXPECT_NEAR(as_penalty(p).value(w), 0.01 * l1(w) + 0.002 * l2sq(w), 1e-15);
  EXPECT_NEAR(from_keras(0.0, 0.001).lambda, 0.002, 1e-18);  // l2(c) is lambda = 2c
  EXPECT_EQ(from_keras(0.0, 0.001).alpha, 0.0);
  EXPECT_EQ(from_keras(0.001, 0.0).alpha, 1.0);
  const KerasPenalty k = to_keras(p);
  EXPECT_NEAR(k.l1, 0.01, 1e-16);
  EXPECT_NEAR(k.l2, 0.002, 1e-16);
  EXPECT_EQ(from_keras(0.0, 0.0).lambda, 0.0);
}

TEST(Conventions, TorchWeightDecayIsTheL2Gradient) {
  const Vector w = some_w();
  const GlmnetPenalty p = from_torch_weight_decay(0.01);
  EXPECT_LT((as_penalty(p).gradient(w) - 0.01 * w).cwiseAbs().maxCoeff(), 1e-17);
  EXPECT_EQ(to_torch_weight_decay(0.01), 0.01);
}

TEST(Conventions, BadValuesAreNamed) {
  REGKIT_EXPECT_ERROR(from_sklearn_ridge_alpha(-1.0, 10), InvalidArgument,
                      "from_sklearn_ridge_alpha: alpha must be a finite number >= 0; got -1");
  REGKIT_EXPECT_ERROR(from_sklearn_ridge_alpha(1.0, 0), InvalidArgument,
                      "from_sklearn_ridge_alpha: n (number of training samples) must be >= 1; got 0");
  REGKIT_EXPECT_ERROR(from_sklearn_elastic_net(0.1, 1.5), InvalidArgument, "l1_ratio must be in [0, 1]; got 1.5");
  REGKIT_EXPECT_ERROR(from_liblinear_C(0.0, 10, CPenalty::l2), InvalidArgument,
                      "from_liblinear_C: C must be a finite number > 0; got 0");
  REGKIT_EXPECT_ERROR(from_glmnet(0.1, -0.1), InvalidArgument,
                      "from_glmnet: alpha must be in [0, 1] (glmnet convention); got -0.10000000000000001");
  REGKIT_EXPECT_ERROR(from_keras(-0.1, 0.0), InvalidArgument, "from_keras: l1 must be a finite number >= 0");
}

// scikit-learn 1.2.1 Ridge(alpha=1.0) on seed 002's data (tests/reference/make_sklearn_reference.py).
TEST(Conventions, ReproducesSklearnRidgeOnSeed002) {
  const auto data = test::load_reference_csv("seed002_ridge.csv");
  const auto ref = test::load_reference_json("sklearn_reference.json");
  const auto& ridge = ref["fits"]["ridge"];
  ASSERT_EQ(data.X.rows(), 100);
  const GlmnetPenalty p = from_sklearn_ridge_alpha(ridge["params"]["alpha"].get<double>(), data.X.rows());
  linear::RidgeOptions o;
  o.standardize = false;  // scikit-learn does not standardize
  const linear::FitResult fit = linear::fit_ridge(data.X, data.y, p.lambda, o);
  const Vector coef = test::to_vector(ridge["coef"]);
  EXPECT_LT((fit.coef - coef).cwiseAbs().maxCoeff(), 1e-10);
  EXPECT_NEAR(fit.intercept, ridge["intercept"].get<double>(), 1e-10);
}

// glmnet 4.1-6 alpha = 0 on the same data (tests/reference/make_glmnet_ridge_reference.R):
// glmnet's lambda is regkit's lambda, with and without standardization; its lambda 0.01
// is scikit-learn's Ridge(alpha = 1) at n = 100.
TEST(Conventions, ReproducesGlmnetRidgeOnSeed002) {
  const auto data = test::load_reference_csv("seed002_ridge.csv");
  const auto ref = test::load_reference_json("glmnet_ridge_reference.json");
  ASSERT_EQ(ref["fits"].size(), 3u);
  for (const auto& fit_ref : ref["fits"]) {
    linear::RidgeOptions o;
    o.standardize = fit_ref["standardize"].get<bool>();
    const double lambda = from_glmnet(fit_ref["lambda"].get<double>(), 0.0).lambda;
    const linear::FitResult fit = linear::fit_ridge(data.X, data.y, lambda, o);
    const Vector coef = test::to_vector(fit_ref["coef"]);
    EXPECT_LT((fit.coef - coef).cwiseAbs().maxCoeff(), 1e-9) << "lambda " << lambda;
    EXPECT_NEAR(fit.intercept, fit_ref["intercept"].get<double>(), 1e-9);
  }
  const Vector sk = test::to_vector(test::load_reference_json("sklearn_reference.json")["fits"]["ridge"]["coef"]);
  EXPECT_LT((test::to_vector(ref["fits"][0]["coef"]) - sk).cwiseAbs().maxCoeff(), 1e-9);
}

}  // namespace
}  // namespace regkit::penalty
