// Activations: values against their formulas, derivatives against central differences
// in double, through the fused bias + activation pass Dense uses.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "regkit/nn/activations/registry.hpp"
#include "regkit/nn/rng.hpp"
#include "regkit/core/errors.hpp"
#include "support/expect_error.hpp"
#include "support/gradient_check.hpp"

namespace regkit::nn {
namespace {

double reference(const std::string& name, double z) {
  if (name == "relu") return std::max(z, 0.0);
  if (name == "elu") return z > 0 ? z : std::expm1(z);
  if (name == "sigmoid") return 1.0 / (1.0 + std::exp(-z));
  if (name == "tanh") return std::tanh(z);
  return z;  // linear
}

class ActivationTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ActivationTest, ForwardMatchesFormulaWithBias) {
  const std::string name = GetParam();
  const auto act = make_activation<double>(name);
  const Index rows = 3, cols = 5;
  std::vector<double> z(rows * cols), bias(cols);
  Rng rng(1);
  for (auto& v : z) v = 2.0 * rng.normal();
  for (auto& v : bias) v = rng.normal();
  std::vector<double> a = z;
  act->forward(a.data(), bias.data(), rows, cols, 0, cols);
  for (Index r = 0; r < rows; ++r)
    for (Index j = 0; j < cols; ++j) {
      const double zz = z[r * cols + j] + bias[j];
      if (name == "softmax") continue;
      EXPECT_NEAR(a[r * cols + j], reference(name, zz), 1e-14) << name << " at " << zz;
    }
  if (name == "softmax") {
    for (Index r = 0; r < rows; ++r) {
      double s = 0.0, m = -1e300;
      for (Index j = 0; j < cols; ++j) m = std::max(m, z[r * cols + j] + bias[j]);
      for (Index j = 0; j < cols; ++j) s += std::exp(z[r * cols + j] + bias[j] - m);
      for (Index j = 0; j < cols; ++j)
        EXPECT_NEAR(a[r * cols + j], std::exp(z[r * cols + j] + bias[j] - m) / s, 1e-15);
    }
  }
}

TEST_P(ActivationTest, BackwardMatchesCentralDifferences) {
  const std::string name = GetParam();
  const auto act = make_activation<double>(name);
  const Index rows = 4, cols = 6;
  std::vector<double> z(rows * cols), weights(rows * cols);
  Rng rng(7);
  for (auto& v : z) {
    v = 1.5 * rng.normal();
    if (std::abs(v) < 1e-3) v = 0.5;  // keep away from relu's kink
  }
  for (auto& v : weights) v = rng.normal();
  // L(z) = sum weights * f(z)
  auto loss = [&] {
    std::vector<double> a = z;
    act->forward(a.data(), nullptr, rows, cols, 0, cols);
    double s = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) s += weights[i] * a[i];
    return s;
  };
  std::vector<double> a = z;
  act->forward(a.data(), nullptr, rows, cols, 0, cols);
  std::vector<double> g = weights;
  act->backward(a.data(), g.data(), rows, cols, 0, cols);
  test::expect_gradient_near(g, test::numeric_gradient(loss, z.data(), z.size()), name, 1e-7);
}

INSTANTIATE_TEST_SUITE_P(All, ActivationTest,
                         ::testing::Values("relu", "elu", "sigmoid", "tanh", "softmax", "linear"));

TEST(ActivationRegistry, ListsEveryActivationAndRejectsUnknownNames) {
  EXPECT_EQ(activation_names(), (std::vector<std::string>{"elu", "linear", "relu", "sigmoid", "softmax", "tanh"}));
  REGKIT_EXPECT_ERROR(make_activation<float>("gelu"), InvalidArgument, "unknown name 'gelu'");
}

TEST(ActivationFloat, EluAndSoftmaxStayFiniteForLargeInputs) {
  const auto elu = make_activation<float>("elu");
  const auto softmax = make_activation<float>("softmax");
  std::vector<float> z = {-200.f, 200.f, 0.f, 90.f};
  elu->forward(z.data(), nullptr, 1, 4, 0, 4);
  EXPECT_FLOAT_EQ(z[0], -1.f);
  EXPECT_FLOAT_EQ(z[1], 200.f);
  std::vector<float> s = {1000.f, 0.f, -1000.f};
  softmax->forward(s.data(), nullptr, 1, 3, 0, 3);
  EXPECT_FLOAT_EQ(s[0], 1.f);
  EXPECT_FLOAT_EQ(s[2], 0.f);
}

}  // namespace
}  // namespace regkit::nn
