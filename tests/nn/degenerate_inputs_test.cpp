// Networks on hostile data (docs/bad-inputs.md): non-finite inputs named by row and
// column, a diverging fit stopped with epoch, batch and a hint, one sample, constant
// and duplicated inputs, perfectly separable classes: each has a defined outcome.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "regkit/core/errors.hpp"
#include "regkit/nn/nn.hpp"
#include "support/expect_error.hpp"

namespace regkit::nn {
namespace {

Sequential binary_net(double lr) {
  Sequential m;
  m.add(Dense{.units = 4, .activation = "tanh"});
  m.add(Dense{.units = 1, .activation = "sigmoid"});
  m.compile(make_optimizer<float>("sgd", {.learning_rate = lr}), "binary_crossentropy");
  return m;
}

RowMatrix<float> separable(Index n, RowMatrix<float>& y) {
  RowMatrix<float> x(n, 3);
  y.resize(n, 1);
  Rng rng(3);
  for (Index i = 0; i < n; ++i) {
    const float side = i % 2 == 0 ? 1.f : -1.f;
    x(i, 0) = side * (2.f + static_cast<float>(rng.uniform()));
    x(i, 1) = static_cast<float>(rng.normal());
    x(i, 2) = x(i, 1);  // duplicated column
    y(i, 0) = side > 0 ? 1.f : 0.f;
  }
  return x;
}

TEST(NnDegenerateInputs, NonFiniteInputsAndTargetsAreNamed) {
  RowMatrix<float> y;
  RowMatrix<float> x = separable(10, y);
  x(6, 1) = std::numeric_limits<float>::quiet_NaN();
  Sequential m = binary_net(0.1);
  REGKIT_EXPECT_ERROR(m.fit(ArrayView::of(x), ArrayView::of(y), {.threads = 1}), InvalidArgument,
                      "non-finite value at row 7, column 2");
  x(6, 1) = 0.f;
  y(3, 0) = std::numeric_limits<float>::infinity();
  REGKIT_EXPECT_ERROR(m.fit(ArrayView::of(x), ArrayView::of(y), {.threads = 1}), InvalidArgument,
                      "y has a non-finite value at row 4");
  REGKIT_EXPECT_ERROR(m.evaluate(ArrayView::of(x), ArrayView::of(y)), InvalidArgument, "row 4");
}

TEST(NnDegenerateInputs, DivergenceStopsNamingEpochBatchAndAHint) {
  RowMatrix<float> y;
  RowMatrix<float> x = separable(32, y);
  x *= 1e18f;  // inputs far outside a sane range
  Sequential m;
  m.add(Dense{.units = 4, .activation = "linear"});
  m.add(Dense{.units = 1, .activation = "linear"});
  m.compile(make_optimizer<float>("sgd", {.learning_rate = 1e6}), "mse");
  try {
    m.fit(ArrayView::of(x), ArrayView::of(y), {.epochs = 5, .batch_size = 8, .threads = 1});
    FAIL() << "expected NumericalError";
  } catch (const NumericalError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("at epoch 1, batch "), std::string::npos) << what;
    EXPECT_NE(what.find("smaller learning rate"), std::string::npos) << what;
  }
}

TEST(NnDegenerateInputs, SeparableClassesConstantAndDuplicatedColumnsTrainToFiniteWeights) {
  RowMatrix<float> y;
  RowMatrix<float> x = separable(64, y);
  for (Index i = 0; i < x.rows(); ++i) {
    x(i, 1) = 5.f;      // a constant column
    x(i, 2) = x(i, 0);  // a duplicate of the separating column
  }
  Sequential m = binary_net(0.5);
  const History h = m.fit(ArrayView::of(x), ArrayView::of(y), {.epochs = 200, .batch_size = 16, .seed = 1, .threads = 1});
  for (const auto& p : m.parameters())
    for (Index i = 0; i < p.size; ++i) ASSERT_TRUE(std::isfinite(p.value[i])) << p.name;
  EXPECT_TRUE(std::isfinite(h.loss.back()));
  EXPECT_EQ(h.accuracy.back(), 1.0);  // separable: learned exactly; the clip keeps the loss finite
  EXPECT_GE(h.loss.back(), 0.0);
}

TEST(NnDegenerateInputs, OneSampleTrainsAndPredicts) {
  RowMatrix<float> x(1, 3), y(1, 1);
  x << 0.5f, -1.f, 2.f;
  y << 1.f;
  Sequential m = binary_net(0.1);
  const History h = m.fit(ArrayView::of(x), ArrayView::of(y), {.epochs = 20, .batch_size = 32, .threads = 1});
  EXPECT_EQ(h.epochs(), 20u);
  EXPECT_LT(h.loss.back(), h.loss.front());
  const auto p = m.predict(ArrayView::of(x));
  EXPECT_GT(p(0, 0), 0.5f);
}

}  // namespace
}  // namespace regkit::nn
