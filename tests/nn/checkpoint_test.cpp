// Checkpoints and exact resume (FitOptions::checkpoint / resume): a fit interrupted
// after some epochs and resumed from its checkpoint ends with weights, optimizer state
// and history bit-identical to one uninterrupted fit; the optimizer and RNG state round
// trips; mismatched settings are refused; a diverging fit keeps the last good
// checkpoint.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <vector>

#include "regkit/core/errors.hpp"
#include "regkit/io/tensor_file.hpp"
#include "regkit/nn/nn.hpp"
#include "support/expect_error.hpp"
#include "support/temp_dir.hpp"

// Designated initializers name only the fields a test sets; the rest keep their defaults.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace regkit::nn {
namespace {

struct Data {
  RowMatrix<float> x, y;
};

// 3 classes from the signs of two of 6 Gaussian inputs.
Data three_classes(Index n, std::uint64_t seed) {
  Rng rng(seed);
  Data d{RowMatrix<float>(n, 6), RowMatrix<float>(n, 1)};
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < 6; ++j) d.x(i, j) = static_cast<float>(rng.normal());
    d.y(i, 0) = d.x(i, 0) > 0.5f ? 2.f : d.x(i, 1) > 0.f ? 1.f : 0.f;
  }
  return d;
}

Sequential network(const std::string& optimizer, double weight_decay = 0.0) {
  Sequential model;
  model.add(Dense{.units = 8, .activation = "elu", .kernel_initializer = "he_normal",
                  .kernel_regularizer = l1_l2(1e-4, 1e-3)});
  model.add(Dropout{.rate = 0.25, .seed = 11});
  model.add(Dense{.units = 3, .activation = "softmax"});
  OptimizerSettings settings;
  if (optimizer == "sgd") settings.momentum = 0.9;
  settings.learning_rate = optimizer == "sgd" ? 0.05 : 0.01;
  if (weight_decay > 0.0) settings.weight_decay = weight_decay;
  model.compile(make_optimizer<float>(optimizer, settings), "sparse_categorical_crossentropy");
  return model;
}

std::vector<std::vector<float>> weights(Sequential& model) {
  std::vector<std::vector<float>> w;
  for (const auto& p : model.parameters()) w.emplace_back(p.value, p.value + p.size);
  return w;
}

bool bit_identical(const std::vector<std::vector<float>>& a, const std::vector<std::vector<float>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].size() != b[i].size() || std::memcmp(a[i].data(), b[i].data(), a[i].size() * sizeof(float)) != 0)
      return false;
  return true;
}

FitOptions options(int epochs, int chunks) {
  FitOptions o;
  o.epochs = epochs;
  o.batch_size = 16;
  o.seed = 5;
  o.threads = chunks;
  o.batch_chunks = chunks;
  o.validation_split = 0.2;
  return o;
}

TEST(Checkpoint, ResumedFitIsBitIdenticalToAnUninterruptedOne) {
  const Data d = three_classes(200, 1);
  for (const std::string optimizer : {"sgd", "adam", "adamw"}) {
    for (const int chunks : {1, 2}) {
      SCOPED_TRACE(optimizer + ", " + std::to_string(chunks) + " chunk(s)");
      test::TempDir dir;
      Sequential straight = network(optimizer);
      const History full = straight.fit(ArrayView::of(d.x), ArrayView::of(d.y), options(6, chunks));

      // Interrupted after 2 epochs (a checkpoint each epoch), resumed by a fresh model
      // object (as a new process would), first to 4 epochs, then to 6.
      FitOptions first = options(2, chunks);
      first.checkpoint = dir.file("ck.regkit");
      Sequential a = network(optimizer);
      a.fit(ArrayView::of(d.x), ArrayView::of(d.y), first);
      ASSERT_TRUE(std::filesystem::exists(first.checkpoint));
      History resumed;
      for (const int upto : {4, 6}) {
        FitOptions more = options(upto, chunks);
        more.checkpoint = first.checkpoint;
        more.resume = true;
        more.batch_chunks = 0;  // taken from the checkpoint
        Sequential b = network(optimizer);
        resumed = b.fit(ArrayView::of(d.x), ArrayView::of(d.y), more);
        if (upto == 6) {
          EXPECT_TRUE(bit_identical(weights(b), weights(straight)));
          EXPECT_EQ(b.optimizer()->iterations(), straight.optimizer()->iterations());
          const auto sa = b.optimizer()->state(b.parameters());
          const auto sb = straight.optimizer()->state(straight.parameters());
          EXPECT_EQ(sa.buffers, sb.buffers);  // moments / momentum buffers, exactly
        }
      }
      ASSERT_EQ(resumed.epochs(), 6u);
      EXPECT_EQ(resumed.loss, full.loss);
      EXPECT_EQ(resumed.accuracy, full.accuracy);
      EXPECT_EQ(resumed.val_loss, full.val_loss);
    }
  }
}

TEST(Checkpoint, ResumeWithoutAFileStartsFromEpochOneAndWritesOne) {
  const Data d = three_classes(64, 2);
  test::TempDir dir;
  FitOptions o = options(2, 1);
  o.checkpoint = dir.file("none_yet.regkit");
  o.resume = true;
  Sequential a = network("adam");
  EXPECT_EQ(a.fit(ArrayView::of(d.x), ArrayView::of(d.y), o).epochs(), 2u);
  EXPECT_TRUE(std::filesystem::exists(o.checkpoint));
  // Resuming a finished run to the same epoch count trains no further.
  Sequential b = network("adam");
  const History h = b.fit(ArrayView::of(d.x), ArrayView::of(d.y), o);
  EXPECT_EQ(h.epochs(), 2u);
  EXPECT_TRUE(bit_identical(weights(a), weights(b)));
}

TEST(Checkpoint, RefusesACheckpointOfOtherSettings) {
  const Data d = three_classes(64, 3);
  test::TempDir dir;
  FitOptions o = options(1, 1);
  o.checkpoint = dir.file("ck.regkit");
  network("adam").fit(ArrayView::of(d.x), ArrayView::of(d.y), o);
  const std::string before = test::TempDir::read(o.checkpoint);
  o.resume = true;
  o.epochs = 3;
  {
    FitOptions other = o;
    other.batch_size = 8;
    Sequential m = network("adam");
    REGKIT_EXPECT_ERROR(m.fit(ArrayView::of(d.x), ArrayView::of(d.y), other), InvalidArgument,
                        "was made with batch_size 16; this fit has 8");
  }
  {
    FitOptions other = o;
    other.seed = 6;
    Sequential m = network("adam");
    REGKIT_EXPECT_ERROR(m.fit(ArrayView::of(d.x), ArrayView::of(d.y), other), InvalidArgument, "seed 5; this fit has 6");
  }
  {
    Sequential m = network("sgd");
    REGKIT_EXPECT_ERROR(m.fit(ArrayView::of(d.x), ArrayView::of(d.y), o), InvalidArgument,
                        "was made with learning_rate");
  }
  {
    Sequential m;
    m.add(Dense{.units = 4, .activation = "relu"});
    m.add(Dense{.units = 3, .activation = "softmax"});
    m.compile(make_optimizer<float>("adam", {.learning_rate = 0.01}), "sparse_categorical_crossentropy");
    REGKIT_EXPECT_ERROR(m.fit(ArrayView::of(d.x), ArrayView::of(d.y), o), InvalidArgument, "architecture");
  }
  {
    FitOptions other = o;
    other.batch_chunks = 3;
    Sequential m = network("adam");
    REGKIT_EXPECT_ERROR(m.fit(ArrayView::of(d.x), ArrayView::of(d.y), other), InvalidArgument,
                        "batch_chunks 1; this fit has 3");
  }
  {
    // Not a checkpoint at all: a model file.
    Sequential m = network("adam");
    m.fit(ArrayView::of(d.x), ArrayView::of(d.y), options(1, 1));
    m.save(dir.file("model.regkit"));
    FitOptions other = o;
    other.checkpoint = dir.file("model.regkit");
    Sequential n = network("adam");
    REGKIT_EXPECT_ERROR(n.fit(ArrayView::of(d.x), ArrayView::of(d.y), other), DataError,
                        "not a regkit training checkpoint");
  }
  {
    // Another weight decay: a setting that changes the updates (as momentum, betas, epsilon).
    Sequential m = network("adam", 0.1);
    REGKIT_EXPECT_ERROR(m.fit(ArrayView::of(d.x), ArrayView::of(d.y), o), InvalidArgument,
                        "was made with optimizer/weight_decay 0; this fit has 0.1");
  }
  {
    // Other data of the same shape (one value changed).
    Data changed = d;
    changed.x(10, 2) += 1.f;
    Sequential m = network("adam");
    REGKIT_EXPECT_ERROR(m.fit(ArrayView::of(changed.x), ArrayView::of(changed.y), o), InvalidArgument,
                        "was made with training_data");
  }
  {
    // Fewer epochs than the checkpoint has done: said, not silently nothing.
    FitOptions fewer = o;
    fewer.epochs = 0;
    Sequential m = network("adam");
    REGKIT_EXPECT_ERROR(m.fit(ArrayView::of(d.x), ArrayView::of(d.y), fewer), InvalidArgument,
                        "is at epoch 1, past the 0 epochs asked for");
  }
  EXPECT_EQ(test::TempDir::read(o.checkpoint), before);  // refusals never touch it
  FitOptions bad = o;
  bad.checkpoint.clear();
  REGKIT_EXPECT_ERROR(bad.validate(), InvalidArgument, "resume needs a checkpoint file");
  bad = o;
  bad.checkpoint_every = 0;
  REGKIT_EXPECT_ERROR(bad.validate(), InvalidArgument, "checkpoint_every must be >= 1");
}

// Plain SGD keeps no momentum: its buffers are zero-length tensors, which a checkpoint
// must store and read back (they were refused as "overlapping" the next tensor).
TEST(Checkpoint, PlainSgdWithEmptyMomentumBuffersResumes) {
  const Data d = three_classes(64, 3);
  test::TempDir dir;
  auto plain_sgd = [] {
    Sequential model;
    model.add(Dense{.units = 8, .activation = "relu"});
    model.add(Dense{.units = 3, .activation = "softmax"});
    model.compile(make_optimizer<float>("sgd", {.learning_rate = 0.05}), "sparse_categorical_crossentropy");
    return model;
  };
  FitOptions o = options(2, 1);
  o.checkpoint = dir.file("ck.regkit");
  Sequential first = plain_sgd();
  first.fit(ArrayView::of(d.x), ArrayView::of(d.y), o);
  o.resume = true;
  o.epochs = 4;
  Sequential resumed = plain_sgd();
  resumed.fit(ArrayView::of(d.x), ArrayView::of(d.y), o);
  Sequential straight = plain_sgd();
  straight.fit(ArrayView::of(d.x), ArrayView::of(d.y), options(4, 1));
  EXPECT_TRUE(bit_identical(weights(resumed), weights(straight)));
}

TEST(Checkpoint, DivergenceKeepsTheLastGoodCheckpoint) {
  Data d = three_classes(64, 4);
  test::TempDir dir;
  Sequential m;
  m.add(Dense{.units = 8, .activation = "relu"});
  m.add(Dense{.units = 1, .activation = "linear"});
  m.compile(make_optimizer<float>("sgd", {.learning_rate = 1e6}), "mse");
  FitOptions o;
  o.epochs = 50;
  o.batch_size = 8;
  o.threads = 1;
  o.checkpoint = dir.file("ck.regkit");
  for (Index i = 0; i < d.y.rows(); ++i) d.y(i, 0) = 1e3f * d.y(i, 0);
  REGKIT_EXPECT_ERROR(m.fit(ArrayView::of(d.x), ArrayView::of(d.y), o), NumericalError, "smaller learning rate");
  // Whatever was written loads and holds finite weights only (no NaN checkpoint).
  if (std::filesystem::exists(o.checkpoint)) {
    const io::TensorFile ck = io::load_tensor_file(o.checkpoint);
    for (const auto& [name, t] : ck.tensors) {
      if (name.rfind("weights/", 0) != 0) continue;
      std::vector<float> w(static_cast<std::size_t>(t.size()));
      std::memcpy(w.data(), t.bytes.data(), t.bytes.size());
      for (const float v : w) ASSERT_TRUE(std::isfinite(v)) << name;
    }
  }
}

TEST(Checkpoint, OptimizerStateRoundTripsExactly) {
  // PyTorch's test_state_dict_deterministic: prime, copy the state into a fresh
  // optimizer, step both: bit-identical parameters at every step.
  for (const std::string name : {"sgd", "adam", "adamw"}) {
    SCOPED_TRACE(name);
    std::vector<float> wa = {0.5f, -1.f, 2.f, 0.25f}, wb, ga(4), gb(4);
    Parameter<float> pa;
    pa.name = "w";
    pa.id = next_parameter_id();
    pa.value = wa.data();
    pa.grad = ga.data();
    pa.size = 4;
    pa.rows = 1;
    pa.cols = 4;
    OptimizerSettings s;
    if (name == "sgd") s.momentum = 0.9;
    auto a = make_optimizer<float>(name, s);
    for (int k = 0; k < 10; ++k) {
      for (std::size_t i = 0; i < 4; ++i) ga[i] = std::sin(static_cast<float>(k + 1) * wa[i]);
      a->step({pa});
    }
    wb = wa;
    Parameter<float> pb = pa;
    pb.id = next_parameter_id();
    pb.value = wb.data();
    pb.grad = gb.data();
    auto b = make_optimizer<float>(name, s);
    b->set_state({pb}, a->state({pa}));
    EXPECT_EQ(b->iterations(), 10);
    for (int k = 0; k < 10; ++k) {
      for (std::size_t i = 0; i < 4; ++i) {
        ga[i] = std::cos(static_cast<float>(k) * wa[i]);
        gb[i] = std::cos(static_cast<float>(k) * wb[i]);
      }
      a->step({pa});
      b->step({pb});
      ASSERT_EQ(0, std::memcmp(wa.data(), wb.data(), 4 * sizeof(float))) << "step " << k;
    }
    auto wrong = make_optimizer<float>(name == "sgd" ? "adam" : "sgd");
    REGKIT_EXPECT_ERROR(wrong->set_state({pb}, a->state({pa})), InvalidArgument, "saved by optimizer");
    auto state = a->state({pa});
    state.buffers[0].begin()->second.resize(3);
    REGKIT_EXPECT_ERROR(b->set_state({pb}, state), InvalidArgument, "has 3 values; expected 4");
  }
}

TEST(Checkpoint, RngStateContinuesTheStream) {
  Rng a(42);
  for (int i = 0; i < 5; ++i) a.next();
  Rng b(7);
  b.set_state(a.state());
  for (int i = 0; i < 100; ++i) ASSERT_EQ(a.next(), b.next());
  REGKIT_EXPECT_ERROR(b.set_state({0, 0, 0, 0}), InvalidArgument, "all-zero state");
}

}  // namespace
}  // namespace regkit::nn
