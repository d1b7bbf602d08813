// Dense and Dropout: gradients of every parameter and of the input against central
// differences in double, for every activation; the column-split team path equals the
// single-thread path; Dropout's mask scale and determinism.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <vector>

#include "regkit/nn/layers/dense.hpp"
#include "regkit/nn/layers/dropout.hpp"
#include "regkit/nn/layers/registry.hpp"
#include "regkit/core/errors.hpp"
#include "support/expect_error.hpp"
#include "support/gradient_check.hpp"

namespace regkit::nn {
namespace {

class DenseGradientTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DenseGradientTest, KernelBiasAndInputGradientsMatchCentralDifferences) {
  const Index b = 5, in = 4, out = 3;
  DenseLayer<double> layer(Dense{.units = out, .activation = GetParam(), .kernel_initializer = "he_normal"});
  Rng rng(3);
  layer.build(in, rng);
  layer.reserve(b, true);
  for (Index j = 0; j < out; ++j) layer.bias()(0, j) = 0.1 * rng.normal();
  std::vector<double> x(b * in), r(b * out);
  for (auto& v : x) v = rng.normal();
  for (auto& v : r) v = rng.normal();
  const Pass pass{true, 0, 0, Team{}, 0};
  // L = sum r * layer(x)
  auto loss = [&] {
    const double* y = layer.forward(x.data(), b, pass);
    double s = 0.0;
    for (Index i = 0; i < b * out; ++i) s += r[i] * y[i];
    return s;
  };
  loss();
  std::vector<double> g = r;
  const double* dx = layer.backward(g.data(), b, true, pass);
  const std::vector<double> dx_analytic(dx, dx + b * in);
  const auto params = layer.parameters();
  ASSERT_EQ(params.size(), 2u);
  const std::vector<double> dw(params[0].grad, params[0].grad + params[0].size);
  const std::vector<double> db(params[1].grad, params[1].grad + params[1].size);
  test::expect_gradient_near(dw, test::numeric_gradient(loss, params[0].value, params[0].size), "dW", 1e-7);
  test::expect_gradient_near(db, test::numeric_gradient(loss, params[1].value, params[1].size), "db", 1e-7);
  test::expect_gradient_near(dx_analytic, test::numeric_gradient(loss, x.data(), x.size()), "dX", 1e-7);
}

INSTANTIATE_TEST_SUITE_P(All, DenseGradientTest,
                         ::testing::Values("relu", "elu", "sigmoid", "tanh", "softmax", "linear"));

// Vectorized exp rounds differently from the scalar tail, so a column block can differ
// from the whole row in the last bit: compare to 1e-14.
TEST(Dense, TwoThreadColumnSplitMatchesOneThread) {
  const Index b = 7, in = 37, out = 21;
  DenseLayer<double> one(Dense{.units = out, .activation = "elu"});
  Rng rng(5);
  one.build(in, rng);
  one.reserve(b, true);
  auto two = one.replica();
  two->reserve(b, true);
  std::vector<double> x(b * in), g1(b * out);
  for (auto& v : x) v = rng.normal();
  for (auto& v : g1) v = rng.normal();
  std::vector<double> g2 = g1;
  const double* y1 = one.forward(x.data(), b, Pass{true, 0, 0, Team{}, 0});
  const std::vector<double> out1(y1, y1 + b * out);
  const double* dx1 = one.backward(g1.data(), b, true, Pass{true, 0, 0, Team{}, 0});
  const std::vector<double> dx_one(dx1, dx1 + b * in);
  std::vector<double> out2, dx_two;
#pragma omp parallel num_threads(2)
  {
    const Pass pass{true, 0, 0, Team{omp_get_thread_num(), omp_get_num_threads()}, 0};
    const double* y2 = two->forward(x.data(), b, pass);
    const double* dx2 = two->backward(g2.data(), b, true, pass);
#pragma omp single
    {
      out2.assign(y2, y2 + b * out);
      dx_two.assign(dx2, dx2 + b * in);
    }
  }
  ASSERT_EQ(out1.size(), out2.size());
  for (std::size_t i = 0; i < out1.size(); ++i) EXPECT_NEAR(out1[i], out2[i], 1e-14 * std::max(1.0, std::abs(out1[i])));
  ASSERT_EQ(dx_one.size(), dx_two.size());
  for (std::size_t i = 0; i < dx_one.size(); ++i) EXPECT_NEAR(dx_one[i], dx_two[i], 1e-13);
  const auto p1 = one.parameters(), p2 = two->parameters();
  for (std::size_t i = 0; i < p1.size(); ++i)
    for (Index j = 0; j < p1[i].size; ++j) EXPECT_NEAR(p1[i].grad[j], p2[i].grad[j], 1e-13);
}

TEST(Dense, RejectsBadSpecs) {
  REGKIT_EXPECT_ERROR(DenseLayer<float>(Dense{.units = 0}), InvalidArgument, "units must be in [1, 16777216]; got 0");
  // Wider layers would ask for more memory than any machine has (a kill, not a message).
  REGKIT_EXPECT_ERROR(DenseLayer<float>(Dense{.units = Dense::kMaxUnits + 1}), InvalidArgument,
                      "units must be in [1, 16777216]; got 16777217");
  REGKIT_EXPECT_ERROR(DenseLayer<float>(Dense{.units = 3, .activation = "swish"}), InvalidArgument,
                      "unknown name 'swish'");
  REGKIT_EXPECT_ERROR(DenseLayer<float>(Dense{.units = 3, .kernel_initializer = "orthogonal"}), InvalidArgument,
                      "unknown name 'orthogonal'");
  REGKIT_EXPECT_ERROR(DenseLayer<float>(Dense{.units = 3, .kernel_regularizer = l2(-1.0)}), InvalidArgument,
                      "l2");
}

TEST(Dense, ConfigRoundTrips) {
  const Dense d{.units = 7, .activation = "tanh", .kernel_initializer = "he_normal",
                .kernel_regularizer = l1_l2(0.25, 1e-3), .bias_regularizer = l2(0.5)};
  const Dense back = Dense::from_config(d.config());
  EXPECT_EQ(back.units, 7);
  EXPECT_EQ(back.activation, "tanh");
  EXPECT_EQ(back.kernel_initializer, "he_normal");
  EXPECT_EQ(back.kernel_regularizer.l1, 0.25);
  EXPECT_EQ(back.kernel_regularizer.l2, 1e-3);
  EXPECT_EQ(back.bias_regularizer.l2, 0.5);
  EXPECT_EQ(make_layer<float>(d.config())->config().values, d.config().values);
}

TEST(Dropout, KeepsAboutOneMinusRateScalesSurvivorsAndPassesGradientThroughTheMask) {
  const Index b = 200, dim = 50;
  DropoutLayer<double> layer(Dropout{.rate = 0.3, .seed = 9});
  Rng rng(0);
  layer.build(dim, rng);
  layer.reserve(b, true);
  std::vector<double> x(b * dim, 1.0);
  const Pass pass{true, 4, 11, Team{}, 0};
  const double* y = layer.forward(x.data(), b, pass);
  Index kept = 0;
  for (Index i = 0; i < b * dim; ++i) {
    if (y[i] != 0.0) {
      ++kept;
      EXPECT_DOUBLE_EQ(y[i], 1.0 / 0.7);
    }
  }
  EXPECT_NEAR(static_cast<double>(kept) / static_cast<double>(b * dim), 0.7, 0.02);
  std::vector<double> g(b * dim, 1.0);
  const std::vector<double> y_copy(y, y + b * dim);
  const double* dx = layer.backward(g.data(), b, true, pass);
  for (Index i = 0; i < b * dim; ++i) EXPECT_EQ(dx[i], y_copy[i]);
  // Same step and seed: same mask; rows split between two calls with row0: same mask.
  std::vector<double> first(y_copy);
  auto replica = layer.replica();
  replica->reserve(b, true);
  const double* top = replica->forward(x.data(), b / 2, Pass{true, 4, 11, Team{}, 0});
  const std::vector<double> top_rows(top, top + (b / 2) * dim);
  const double* bottom = replica->forward(x.data(), b / 2, Pass{true, 4, 11, Team{}, b / 2});
  for (Index i = 0; i < (b / 2) * dim; ++i) {
    EXPECT_EQ(top_rows[i], first[i]);
    EXPECT_EQ(bottom[i], first[(b / 2) * dim + i]);
  }
  // Inference: identity.
  const double* inf = layer.forward(x.data(), b, Pass{false, 4, 11, Team{}, 0});
  EXPECT_EQ(inf, x.data());
}

TEST(LayerRegistry, ListsLayersAndRejectsUnknownTypes) {
  EXPECT_EQ(layer_names(), (std::vector<std::string>{"dense", "dropout"}));
  REGKIT_EXPECT_ERROR(make_layer<float>(LayerConfig{"conv2d", {}}), InvalidArgument, "layer: unknown name 'conv2d'");
}

}  // namespace
}  // namespace regkit::nn
