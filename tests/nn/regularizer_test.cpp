// Keras regularizers: value c*sum|w| / c*sum w^2 (no 1/2), gradient by central
// differences, and the translation to regkit's glmnet convention (penalty::from_keras).
#include <gtest/gtest.h>

#include <vector>

#include "regkit/nn/regularizer.hpp"
#include "regkit/core/errors.hpp"
#include "support/expect_error.hpp"
#include "support/gradient_check.hpp"

namespace regkit::nn {
namespace {

TEST(Regularizer, ValuesAreKerasDefinitions) {
  const std::vector<double> w = {1.0, -2.0, 0.5};
  EXPECT_DOUBLE_EQ(l1(0.1).value(w.data(), 3), 0.1 * 3.5);
  EXPECT_DOUBLE_EQ(l2(0.01).value(w.data(), 3), 0.01 * 5.25);
  EXPECT_DOUBLE_EQ(l1_l2(0.1, 0.01).value(w.data(), 3), 0.1 * 3.5 + 0.01 * 5.25);
  EXPECT_DOUBLE_EQ(Regularizer{}.value(w.data(), 3), 0.0);
}

TEST(Regularizer, GradientMatchesCentralDifferences) {
  std::vector<double> w = {0.7, -1.3, 0.25, -0.05};
  for (const Regularizer& r : {l1(0.3), l2(0.02), l1_l2(0.1, 0.5)}) {
    std::vector<double> g(w.size(), 0.0);
    r.add_gradient(w.data(), g.data(), static_cast<Index>(w.size()));
    test::expect_gradient_near(
        g, test::numeric_gradient([&] { return r.value(w.data(), static_cast<Index>(w.size())); }, w.data(), w.size()),
        "regularizer", 1e-8);
  }
}

TEST(Regularizer, TranslatesToGlmnetAsPenaltyFromKeras) {
  // from_keras(a, b): lambda = a + 2b, alpha = a / (a + 2b); and back.
  const Regularizer r = l1_l2(0.003, 0.001);
  EXPECT_DOUBLE_EQ(r.glmnet_lambda(), 0.005);
  EXPECT_DOUBLE_EQ(r.glmnet_alpha(), 0.6);
  EXPECT_DOUBLE_EQ(r.to_glmnet().lambda, r.glmnet_lambda());
  EXPECT_DOUBLE_EQ(r.to_glmnet().alpha, r.glmnet_alpha());
  const Regularizer back = from_glmnet(r.glmnet_lambda(), r.glmnet_alpha());
  EXPECT_NEAR(back.l1, 0.003, 1e-18);
  EXPECT_NEAR(back.l2, 0.001, 1e-18);
  // Same objective: a|w| + b w^2 == lambda (alpha |w| + (1 - alpha)/2 w^2)
  const std::vector<double> w = {0.4, -1.1};
  const double glmnet = r.glmnet_lambda() * (r.glmnet_alpha() * 1.5 + (1 - r.glmnet_alpha()) / 2 * (0.16 + 1.21));
  EXPECT_NEAR(r.value(w.data(), 2), glmnet, 1e-16);
}

TEST(Regularizer, RejectsNegativeCoefficients) {
  REGKIT_EXPECT_ERROR(l1(-0.1).validate("Dense kernel_regularizer"), InvalidArgument, "l1");
}

}  // namespace
}  // namespace regkit::nn
