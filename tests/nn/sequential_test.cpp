// Sequential: whole-network gradients (double, central differences), determinism for a
// seed and thread count, uint8 inputs, a small problem learned to a known accuracy,
// save/load bit-exactness, errors (NaN loss, shapes, labels), early stopping.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <vector>

#include "regkit/nn/nn.hpp"
#include "regkit/core/errors.hpp"
#include "support/expect_error.hpp"
#include "support/gradient_check.hpp"
#include "support/temp_dir.hpp"

namespace regkit::nn {
namespace {

// The seed-003 sparsity problem, smaller: X ~ N(0, 1), y = [sum of the first 5 > mean].
struct Problem {
  RowMatrix<float> x, y;
};
Problem sparse_problem(Index n, Index p, std::uint64_t seed) {
  Rng rng(seed);
  Problem d{RowMatrix<float>(n, p), RowMatrix<float>(n, 1)};
  std::vector<double> s(static_cast<std::size_t>(n));
  double mean = 0.0;
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < p; ++j) d.x(i, j) = static_cast<float>(rng.normal());
    double t = 0.1 * rng.normal();
    for (Index j = 0; j < 5; ++j) t += d.x(i, j);
    s[static_cast<std::size_t>(i)] = t;
    mean += t / static_cast<double>(n);
  }
  for (Index i = 0; i < n; ++i) d.y(i, 0) = s[static_cast<std::size_t>(i)] > mean ? 1.f : 0.f;
  return d;
}

TEST(Sequential, WholeNetworkGradientMatchesCentralDifferences) {
  for (const std::string loss : {"sparse_categorical_crossentropy", "mse", "binary_crossentropy"}) {
    BasicSequential<double> model;
    model.add(Dense{.units = 5, .activation = "tanh", .kernel_initializer = "he_normal"});
    model.add(Dropout{.rate = 0.25, .seed = 3});
    model.add(Dense{.units = 4, .activation = "elu"});
    const bool classes = loss == "sparse_categorical_crossentropy";
    model.add(Dense{.units = classes ? 3 : 2, .activation = classes ? "softmax" : "sigmoid"});
    model.compile(nullptr, loss);
    model.build(3, 17);
    Rng rng(5);
    RowMatrix<double> x(6, 3), y(6, classes ? 1 : 2);
    for (Index i = 0; i < x.size(); ++i) x.data()[i] = rng.normal();
    for (Index i = 0; i < y.size(); ++i)
      y.data()[i] = classes ? static_cast<double>(rng.below(3)) : static_cast<double>(rng.below(2));
    model.compute_gradients(ArrayView::of(x), ArrayView::of(y));
    for (auto& p : model.parameters()) {
      const std::vector<double> analytic(p.grad, p.grad + p.size);
      auto f = [&] { return model.compute_gradients(ArrayView::of(x), ArrayView::of(y)); };
      const auto numeric = test::numeric_gradient(f, p.value, static_cast<std::size_t>(p.size));
      test::expect_gradient_near(analytic, numeric, loss + " " + p.name, 1e-7);
      model.compute_gradients(ArrayView::of(x), ArrayView::of(y));
    }
  }
}

Sequential small_classifier(double l1_coefficient = 0.0) {
  Sequential model;
  model.add(Dense{.units = 16, .activation = "relu", .kernel_initializer = "he_normal",
                  .kernel_regularizer = l1(l1_coefficient)});
  model.add(Dense{.units = 1, .activation = "sigmoid"});
  model.compile(std::make_unique<Adam<float>>(AdamOptions{.learning_rate = 0.01}), "binary_crossentropy");
  return model;
}

TEST(Sequential, LearnsTheSparseProblemToAKnownAccuracy) {
  const Problem train = sparse_problem(800, 20, 1), test = sparse_problem(400, 20, 2);
  Sequential model = small_classifier();
  const History h = model.fit(ArrayView::of(train.x), ArrayView::of(train.y),
                              {.epochs = 30, .batch_size = 32, .seed = 4, .threads = 2});
  ASSERT_EQ(h.epochs(), 30u);
  EXPECT_LT(h.loss.back(), h.loss.front());
  const Evaluation e = model.evaluate(ArrayView::of(test.x), ArrayView::of(test.y));
  EXPECT_GE(e.accuracy, 0.9);
  const RowMatrix<float> p = model.predict(ArrayView::of(test.x));
  ASSERT_EQ(p.rows(), 400);
  Index agree = 0;
  for (Index i = 0; i < 400; ++i) agree += ((p(i, 0) > 0.5f) == (test.y(i, 0) > 0.5f)) ? 1 : 0;
  EXPECT_DOUBLE_EQ(static_cast<double>(agree) / 400.0, e.accuracy);
}

TEST(Sequential, SameSeedAndThreadsGiveBitIdenticalWeights) {
  const Problem d = sparse_problem(300, 20, 3);
  auto train = [&](int threads, int chunks = 0, bool adaptive = true) {
    Sequential model;
    model.add(Dense{.units = 24, .activation = "elu", .kernel_initializer = "he_normal"});
    model.add(Dropout{.rate = 0.2});
    model.add(Dense{.units = 2, .activation = "softmax"});
    model.compile(std::make_unique<Adam<float>>(), "sparse_categorical_crossentropy");
    model.fit(ArrayView::of(d.x), ArrayView::of(d.y),
              {.epochs = 3, .batch_size = 20, .seed = 99, .threads = threads, .batch_chunks = chunks,
               .adaptive_threads = adaptive});
    std::vector<float> w;
    for (auto& p : model.parameters()) w.insert(w.end(), p.value, p.value + p.size);
    return w;
  };
  EXPECT_EQ(train(2), train(2));
  EXPECT_EQ(train(1), train(1));
  // The weights depend on the chunk count, not on how many threads ran the chunks.
  EXPECT_EQ(train(2, 2, false), train(1, 2, false));
  EXPECT_EQ(train(2, 2, true), train(1, 2, false));
  EXPECT_EQ(train(3, 2, false), train(2, 0, false));
}

TEST(Sequential, AdaptiveTeamKeepsTheWeightsOfItsChunkCount) {
  // 130 batches: fit probes one thread against two and runs segments on the faster.
  const Problem d = sparse_problem(2600, 20, 13);
  auto train = [&](int threads, bool adaptive) {
    Sequential model;
    model.add(Dense{.units = 64, .activation = "elu", .kernel_initializer = "he_normal"});
    model.add(Dense{.units = 2, .activation = "softmax"});
    model.compile(std::make_unique<Adam<float>>(), "sparse_categorical_crossentropy");
    model.fit(ArrayView::of(d.x), ArrayView::of(d.y),
              {.epochs = 1, .batch_size = 20, .seed = 7, .threads = threads, .batch_chunks = 2,
               .adaptive_threads = adaptive});
    std::vector<float> w;
    for (auto& p : model.parameters()) w.insert(w.end(), p.value, p.value + p.size);
    return w;
  };
  EXPECT_EQ(train(2, true), train(1, false));
}

TEST(Sequential, ColumnSplitIsDeterministicAndLearnsLikeOneThread) {
  const Problem d = sparse_problem(300, 20, 4);
  auto train = [&](int threads, Split split, bool adaptive) {
    Sequential model;
    model.add(Dense{.units = 40, .activation = "tanh", .kernel_initializer = "he_normal"});
    model.add(Dense{.units = 2, .activation = "softmax"});
    model.compile(std::make_unique<Adam<float>>(), "sparse_categorical_crossentropy");
    const History h = model.fit(ArrayView::of(d.x), ArrayView::of(d.y),
                                {.epochs = 2, .batch_size = 30, .seed = 5, .threads = threads, .split = split,
                                 .adaptive_threads = adaptive});
    std::vector<float> w;
    for (auto& p : model.parameters()) w.insert(w.end(), p.value, p.value + p.size);
    w.push_back(static_cast<float>(h.accuracy.back()));
    return w;
  };
  // OpenBLAS's edge kernels round a column block differently from the full product, so
  // the column split is bit-reproducible for its thread count (not across counts).
  const auto one = train(1, Split::rows, false), two = train(2, Split::columns, true);
  EXPECT_EQ(train(2, Split::columns, true), two);
  ASSERT_EQ(one.size(), two.size());
  for (std::size_t i = 0; i < one.size(); ++i) EXPECT_NEAR(one[i], two[i], 1e-3f);
}

TEST(Sequential, Uint8InputsEqualTheirScaledFloats) {
  Rng rng(8);
  const Index n = 50, p = 12;
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(n * p));
  RowMatrix<float> scaled(n, p), labels(n, 1);
  for (Index i = 0; i < n * p; ++i) {
    pixels[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(rng.below(256));
    scaled.data()[i] = static_cast<float>(pixels[static_cast<std::size_t>(i)]) * static_cast<float>(1.0 / 255.0);
  }
  for (Index i = 0; i < n; ++i) labels(i, 0) = static_cast<float>(rng.below(3));
  auto train = [&](const ArrayView& x) {
    Sequential model;
    model.add(Dense{.units = 8, .activation = "relu"});
    model.add(Dense{.units = 3, .activation = "softmax"});
    model.compile(std::make_unique<Sgd<float>>(SgdOptions{.learning_rate = 0.1}), "sparse_categorical_crossentropy");
    model.fit(x, ArrayView::of(labels), {.epochs = 2, .batch_size = 16, .seed = 1, .threads = 1});
    std::vector<float> w;
    for (auto& prm : model.parameters()) w.insert(w.end(), prm.value, prm.value + prm.size);
    return w;
  };
  EXPECT_EQ(train(ArrayView::u8(pixels.data(), n, p)), train(ArrayView::of(scaled)));
}

TEST(Sequential, HistoryRecordsPenaltyInsideTheLossAndValidation) {
  const Problem d = sparse_problem(200, 20, 6);
  Sequential model = small_classifier(0.01);
  const History h = model.fit(ArrayView::of(d.x), ArrayView::of(d.y),
                              {.epochs = 2, .batch_size = 50, .validation_split = 0.25, .seed = 2, .threads = 1});
  ASSERT_EQ(h.penalty.size(), 2u);
  EXPECT_GT(h.penalty[0], 0.0);
  EXPECT_GT(h.loss[0], h.penalty[0]);
  EXPECT_TRUE(std::isfinite(h.val_loss[1]));
  // val_loss = data loss on the last 25% + penalty at the end (Keras).
  const Evaluation e = model.evaluate(ArrayView::of(d.x).slice(150, 200), ArrayView::of(d.y).slice(150, 200));
  EXPECT_NEAR(e.loss, h.val_loss[1], 1e-6);
  EXPECT_NEAR(e.penalty, model.penalty(), 1e-12);
}

TEST(Sequential, ProximalL1ZeroesMostOfTheUselessInputsKernel) {
  const Problem d = sparse_problem(600, 20, 7);
  Sequential model;
  model.add(Dense{.units = 16, .activation = "relu", .kernel_initializer = "he_normal"});
  model.add(Dense{.units = 1, .activation = "sigmoid"});
  model.compile(std::make_unique<Adam<float>>(AdamOptions{.learning_rate = 0.01, .proximal_l1 = 0.01}),
                "binary_crossentropy");
  model.fit(ArrayView::of(d.x), ArrayView::of(d.y), {.epochs = 40, .batch_size = 32, .seed = 3, .threads = 1});
  const auto kernel = model.parameters()[0];
  Index zeros_noise = 0, zeros_signal = 0;
  for (Index i = 0; i < 20; ++i)
    for (Index j = 0; j < 16; ++j) (i < 5 ? zeros_signal : zeros_noise) += kernel.value[i * 16 + j] == 0.f ? 1 : 0;
  EXPECT_GT(zeros_noise, 15 * 16 * 8 / 10);  // > 80% of the 15 noise inputs' weights exactly zero
  EXPECT_LT(zeros_signal, zeros_noise / 3);
}

TEST(Sequential, NanLossIsAnErrorNamingEpochAndBatch) {
  const Problem d = sparse_problem(64, 20, 9);
  RowMatrix<float> huge = d.y * 1e30f;
  Sequential model;
  model.add(Dense{.units = 4, .activation = "linear"});
  model.add(Dense{.units = 1});
  model.compile(std::make_unique<Sgd<float>>(SgdOptions{.learning_rate = 10.0}), "mse");
  REGKIT_EXPECT_ERROR(model.fit(ArrayView::of(d.x), ArrayView::of(huge), {.epochs = 5, .batch_size = 16, .threads = 1}),
                      NumericalError, "at epoch 1, batch ");
}

TEST(Sequential, RejectsBadShapesLabelsAndLayerChoices) {
  const Problem d = sparse_problem(10, 20, 1);
  Sequential model;
  model.add(Dense{.units = 3, .activation = "softmax"});
  model.compile(std::make_unique<Adam<float>>(), "sparse_categorical_crossentropy");
  RowMatrix<float> bad_labels = RowMatrix<float>::Constant(10, 1, 3.f);
  REGKIT_EXPECT_ERROR(model.fit(ArrayView::of(d.x), ArrayView::of(bad_labels), {}), InvalidArgument,
                      "label 3 at row 1 is not a class index in [0, 3)");
  REGKIT_EXPECT_ERROR(model.fit(ArrayView::of(d.x), ArrayView::of(d.y).slice(0, 9), {}), InvalidArgument,
                      "x has 10 rows but y has 9");
  RowMatrix<float> narrow(10, 19);
  REGKIT_EXPECT_ERROR(model.evaluate(ArrayView::of(narrow), ArrayView::of(d.y)), InvalidArgument,
                      "x has 19 columns but the model expects 20 inputs");
  Sequential relu_out;
  relu_out.add(Dense{.units = 3, .activation = "relu"});
  REGKIT_EXPECT_ERROR(relu_out.compile(nullptr, "sparse_categorical_crossentropy"), InvalidArgument,
                      "softmax (fused) or linear (logits)");
  REGKIT_EXPECT_ERROR(model.fit(ArrayView::of(d.x), ArrayView::of(d.y), {.batch_size = 0}), InvalidArgument,
                      "batch_size must be >= 1");
}

TEST(Sequential, EarlyStoppingStopsAndRestoresTheBestWeights) {
  const Problem d = sparse_problem(200, 20, 10), v = sparse_problem(200, 20, 11);
  Sequential model = small_classifier();
  // A learning rate this large makes the validation loss bounce: patience 2 must stop.
  model.compile(std::make_unique<Sgd<float>>(SgdOptions{.learning_rate = 3.0}), "binary_crossentropy");
  const History h = model.fit(ArrayView::of(d.x), ArrayView::of(d.y),
                              {.epochs = 60, .batch_size = 200, .validation_data = ValidationData{ArrayView::of(v.x), ArrayView::of(v.y)},
                               .seed = 1, .threads = 1,
                               .early_stopping = EarlyStopping{.monitor = "val_loss", .patience = 2, .restore_best_weights = true}});
  ASSERT_TRUE(h.stopped_early);
  ASSERT_LT(h.epochs(), 60u);
  const double best = *std::min_element(h.val_loss.begin(), h.val_loss.end());
  EXPECT_DOUBLE_EQ(h.val_loss[static_cast<std::size_t>(h.best_epoch - 1)], best);
  EXPECT_NEAR(model.evaluate(ArrayView::of(v.x), ArrayView::of(v.y), 200).loss, best, 1e-6);
}

// The epoch (1-based) at which each rule stops on a loss curve (0: never): keras compares
// with the value at the last improvement, best_seen (scikit-learn's MLP) with the best so far.
int stop_epoch(const std::vector<double>& loss, StoppingRule rule, double min_delta, int patience) {
  double best = std::numeric_limits<double>::infinity();
  int wait = 0;
  for (std::size_t e = 0; e < loss.size(); ++e) {
    if (loss[e] < best - min_delta) {
      best = loss[e];
      wait = 0;
      continue;
    }
    if (rule == StoppingRule::best_seen) best = std::min(best, loss[e]);
    if (++wait >= patience) return static_cast<int>(e) + 1;
  }
  return 0;
}

TEST(Sequential, EarlyStoppingRulesStopWhereTheirDefinitionsSay) {
  const Problem d = sparse_problem(200, 20, 13);
  std::vector<std::size_t> stopped;
  for (const StoppingRule rule : {StoppingRule::keras, StoppingRule::best_seen}) {
    Sequential model = small_classifier();
    model.compile(std::make_unique<Adam<float>>(AdamOptions{.learning_rate = 1e-2}), "binary_crossentropy");
    const double min_delta = 2e-3;
    const History h = model.fit(ArrayView::of(d.x), ArrayView::of(d.y),
                                {.epochs = 400, .batch_size = 50, .seed = 2, .threads = 1,
                                 .early_stopping = EarlyStopping{.monitor = "loss", .patience = 4,
                                                                 .min_delta = min_delta, .rule = rule}});
    ASSERT_TRUE(h.stopped_early) << static_cast<int>(rule);
    EXPECT_EQ(stop_epoch(h.loss, rule, min_delta, 4), static_cast<int>(h.epochs())) << static_cast<int>(rule);
    stopped.push_back(h.epochs());
  }
  // Same seed, same loss curve up to the first stop: the rule setting is what differs
  // (best_seen stops no later, its reference never lags behind keras's).
  EXPECT_LT(stopped[1], stopped[0]);
  Sequential model = small_classifier();
  model.compile(std::make_unique<Adam<float>>(), "binary_crossentropy");
  REGKIT_EXPECT_ERROR(model.fit(ArrayView::of(d.x), ArrayView::of(d.y),
                                {.early_stopping = EarlyStopping{.monitor = "loss", .min_delta = -1.0}}),
                      InvalidArgument, "min_delta must be finite and >= 0; got -1");
  REGKIT_EXPECT_ERROR(model.fit(ArrayView::of(d.x), ArrayView::of(d.y),
                                {.early_stopping = EarlyStopping{.monitor = "loss", .restore_best_weights = true,
                                                                 .rule = StoppingRule::best_seen}}),
                      InvalidArgument, "restore_best_weights needs the keras rule");
}

TEST(Sequential, SaveAndLoadAreBitExact) {
  test::TempDir dir;
  const Problem d = sparse_problem(100, 20, 12);
  Sequential model;
  model.add(Dense{.units = 8, .activation = "elu", .kernel_initializer = "he_normal", .kernel_regularizer = l2(1e-3)});
  model.add(Dropout{.rate = 0.1});
  model.add(Dense{.units = 2, .activation = "softmax"});
  model.compile(std::make_unique<Adam<float>>(), "sparse_categorical_crossentropy");
  model.fit(ArrayView::of(d.x), ArrayView::of(d.y), {.epochs = 2, .batch_size = 10, .seed = 5, .threads = 1});
  const std::string path = dir.path() + "/model.safetensors";
  model.metadata["input_scale"] = "0.5";
  model.save(path);
  Sequential back = Sequential::load(path);
  ASSERT_EQ(back.layer_count(), 3u);
  EXPECT_EQ(back.loss_name(), "sparse_categorical_crossentropy");
  EXPECT_EQ(back.metadata.at("input_scale"), "0.5");
  const auto a = model.parameters(), b = back.parameters();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].size, b[i].size);
    EXPECT_EQ(std::memcmp(a[i].value, b[i].value, static_cast<std::size_t>(a[i].size) * sizeof(float)), 0) << a[i].name;
    EXPECT_EQ(a[i].regularizer.l2, b[i].regularizer.l2);
  }
  const RowMatrix<float> pa = model.predict(ArrayView::of(d.x)), pb = back.predict(ArrayView::of(d.x));
  EXPECT_EQ(pa, pb);
  EXPECT_NEAR(pa.row(0).sum(), 1.0f, 1e-6f);
}

TEST(History, WritesJsonAndCsv) {
  test::TempDir dir;
  History h;
  h.append({.epoch = 1, .epochs = 1, .loss = 0.5, .accuracy = 0.75, .penalty = 0.1, .val_loss = 0.6,
            .val_accuracy = 0.7, .seconds = 1.5, .has_validation = true});
  h.write(dir.path() + "/h.json");
  h.write(dir.path() + "/h.csv");
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/h.json"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/h.csv"));
  REGKIT_EXPECT_ERROR(h.write(dir.path() + "/h.txt"), InvalidArgument, "must end in .json or .csv");
}

}  // namespace
}  // namespace regkit::nn
