// Cooperative interruption: a stop request ends a training after a whole step (the
// weights and the optimizer's step count agree, the weights are those the steps made)
// and a path before its next lambda; the flag and the host poll work as documented.
#include "regkit/core/interrupt.hpp"

#include <gtest/gtest.h>

#include "regkit/linear/elastic_net.hpp"
#include "regkit/nn/nn.hpp"
#include "support/expect_error.hpp"
#include "support/random_data.hpp"

namespace regkit {
namespace {

struct ClearInterrupt {
  ~ClearInterrupt() {
    clear_interrupt();
    set_interrupt_poll(nullptr);
  }
};

TEST(Interrupt, TrainingStopsAfterAWholeStepWithTheWeightsOfThatStep) {
  ClearInterrupt cleanup;
  nn::Rng rng(3);
  nn::RowMatrix<float> x(64, 4), y(64, 1);
  for (Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(rng.normal());
  for (Index i = 0; i < 64; ++i) y(i, 0) = x(i, 0) > 0 ? 1.f : 0.f;
  auto network = [] {
    nn::Sequential m;
    m.add(nn::Dense{.units = 5, .activation = "relu"});
    m.add(nn::Dense{.units = 1, .activation = "sigmoid"});
    m.compile(nn::make_optimizer<float>("adam", {.learning_rate = 0.01}), "binary_crossentropy");
    return m;
  };
  // Requested at the end of epoch 2: epoch 3 stops before its first update.
  nn::Sequential interrupted = network();
  nn::FitOptions o{.epochs = 10, .batch_size = 16, .seed = 1, .threads = 1};
  o.on_epoch_end = [](const nn::EpochLog& log) {
    if (log.epoch == 2) request_interrupt();
  };
  REGKIT_EXPECT_ERROR(interrupted.fit(nn::ArrayView::of(x), nn::ArrayView::of(y), o), Interrupted,
                      "interrupted at epoch 3, batch 1 of 4");
  clear_interrupt();
  nn::Sequential two_epochs = network();
  two_epochs.fit(nn::ArrayView::of(x), nn::ArrayView::of(y), {.epochs = 2, .batch_size = 16, .seed = 1, .threads = 1});
  const auto a = interrupted.parameters(), b = two_epochs.parameters();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    for (Index j = 0; j < a[i].size; ++j) ASSERT_EQ(a[i].value[j], b[i].value[j]);
  EXPECT_EQ(interrupted.optimizer()->iterations(), two_epochs.optimizer()->iterations());
}

TEST(Interrupt, APathStopsBeforeItsNextLambdaAndThePollIsHeard) {
  ClearInterrupt cleanup;
  const Matrix X = test::random_matrix(50, 5, 7);
  const Vector y = test::random_vector(50, 8);
  request_interrupt();
  REGKIT_EXPECT_ERROR(linear::elastic_net_path(Design{X}, y, linear::ElasticNetOptions{}), Interrupted, "elastic-net path: interrupted");
  clear_interrupt();
  EXPECT_NO_THROW(linear::elastic_net_path(Design{X}, y, linear::ElasticNetOptions{}));
  // The host's poll (Python's PyErr_CheckSignals) is asked on the thread that installed it.
  set_interrupt_poll([] { return true; });
  REGKIT_EXPECT_ERROR(linear::elastic_net_path(Design{X}, y, linear::ElasticNetOptions{}), Interrupted, "interrupted");
  EXPECT_TRUE(interrupt_requested());
}

}  // namespace
}  // namespace regkit
