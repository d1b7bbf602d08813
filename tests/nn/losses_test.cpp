// Losses: values against their formulas (Keras's definitions), gradients against
// central differences in double; the fused softmax cross-entropy is stable for huge logits.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "regkit/nn/losses/binary_crossentropy.hpp"
#include "regkit/nn/losses/registry.hpp"
#include "regkit/nn/rng.hpp"
#include "regkit/core/errors.hpp"
#include "support/expect_error.hpp"
#include "support/gradient_check.hpp"

namespace regkit::nn {
namespace {

struct Case {
  std::string name;
  Index k;
};

class LossGradientTest : public ::testing::TestWithParam<Case> {};

TEST_P(LossGradientTest, GradientOfTheMeanMatchesCentralDifferences) {
  const auto [name, k] = GetParam();
  const auto loss = make_loss<double>(name);
  const Index b = 6, tc = loss->target_cols(k);
  std::vector<double> out(b * k), y(b * tc), grad(b * k);
  Rng rng(11);
  for (Index i = 0; i < b * k; ++i)
    out[i] = name == "binary_crossentropy" ? 0.05 + 0.9 * rng.uniform() : 2.0 * rng.normal();
  for (Index i = 0; i < b * tc; ++i)
    y[i] = name == "sparse_categorical_crossentropy" ? static_cast<double>(rng.below(static_cast<std::uint64_t>(k)))
           : name == "binary_crossentropy"           ? static_cast<double>(rng.below(2))
                                                     : rng.normal();
  auto mean = [&, kc = k] { return loss->value(out.data(), y.data(), kc, 0, b) / static_cast<double>(b); };
  // Two row blocks, as two threads would call it.
  const double s1 = loss->forward_backward(out.data(), y.data(), b, k, 0, 2, grad.data());
  const double s2 = loss->forward_backward(out.data(), y.data(), b, k, 2, b, grad.data());
  EXPECT_NEAR((s1 + s2) / static_cast<double>(b), mean(), 1e-14);
  test::expect_gradient_near(grad, test::numeric_gradient(mean, out.data(), out.size()), name, 1e-8);
}

INSTANTIATE_TEST_SUITE_P(All, LossGradientTest,
                         ::testing::Values(Case{"mse", 1}, Case{"mse", 3}, Case{"binary_crossentropy", 1},
                                           Case{"binary_crossentropy", 2}, Case{"sparse_categorical_crossentropy", 4},
                                           Case{"sparse_categorical_crossentropy", 10}),
                         [](const auto& param_info) { return param_info.param.name + "_" + std::to_string(param_info.param.k); });

TEST(Losses, ValuesMatchTheirDefinitions) {
  const std::vector<double> p = {0.2, 0.9}, t = {0.0, 1.0};
  const auto bce = make_loss<double>("binary_crossentropy");
  const double eps = 1e-7;
  const double expected = (-std::log(1 - 0.2 + eps) - std::log(0.9 + eps)) / 2.0;
  EXPECT_NEAR(bce->value(p.data(), t.data(), 1, 0, 2) / 2.0, expected, 1e-15);
  const auto mse = make_loss<double>("mse");
  EXPECT_NEAR(mse->value(p.data(), t.data(), 2, 0, 1), (0.04 + 0.01) / 2.0, 1e-15);
  const auto scce = make_loss<double>("sparse_categorical_crossentropy");
  const std::vector<double> z = {1.0, 2.0, 3.0}, label = {1.0};
  const double lse = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0));
  EXPECT_NEAR(scce->value(z.data(), label.data(), 3, 0, 1), lse - 2.0, 1e-15);
}

TEST(Losses, BinaryCrossentropyClipsAsKerasAndStopsTheGradientOutsideTheClip) {
  const auto bce = make_loss<double>("binary_crossentropy");
  const std::vector<double> p = {0.0, 1.0}, t = {1.0, 0.0};
  std::vector<double> g(2);
  const double s = bce->forward_backward(p.data(), t.data(), 2, 1, 0, 2, g.data());
  EXPECT_NEAR(s / 2.0, -std::log(1e-7 + 1e-7), 1e-9);
  EXPECT_EQ(g[0], 0.0);
  EXPECT_EQ(g[1], 0.0);
}

TEST(Losses, FusedSoftmaxCrossEntropyIsStableForHugeLogits) {
  const auto scce = make_loss<float>("sparse_categorical_crossentropy");
  const std::vector<float> z = {1000.f, -1000.f, 0.f}, label = {1.f};
  std::vector<float> g(3);
  const double s = scce->forward_backward(z.data(), label.data(), 1, 3, 0, 1, g.data());
  EXPECT_NEAR(s, 2000.0, 1e-3);
  EXPECT_FLOAT_EQ(g[0], 1.f);
  EXPECT_FLOAT_EQ(g[1], -1.f);
  EXPECT_TRUE(std::isfinite(g[2]));
}

TEST(LossRegistry, ListsLossesAndRejectsUnknownNames) {
  EXPECT_EQ(loss_names(), (std::vector<std::string>{"binary_crossentropy", "mean_squared_error", "mse",
                                                     "sparse_categorical_crossentropy"}));
  REGKIT_EXPECT_ERROR(make_loss<float>("hinge"), InvalidArgument, "unknown name 'hinge'");
}

}  // namespace
}  // namespace regkit::nn
