// Seed 003: L1 regularization (Keras l1) and its sparsity.
// Part 1, the synthetic problem: X ~ N(0, 1) 1000 x 20, y = [x_1 + ... + x_5 + noise >
// mean]; Dense(32, relu) + Dense(1, sigmoid), Adam, 50 epochs (Keras default batch 32),
// without and with l1(0.01) on the first kernel, and with proximal L1 (0.01) instead:
// the fraction of first-layer weights below 0.01 in magnitude and exactly zero, and
// how much weight the 15 useless inputs keep.
// Part 2 (with argument "fashion"): 784-256-128-10 relu + he_normal with l1(0.001) on
// Fashion-MNIST, then plain vs proximal L1 at 1e-5, 1e-4, 1e-3: test accuracy and the
// exactly-zero fraction of the first kernel.
//
//   example_seed003_l1_sparsity [fashion [epochs]]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "regkit/nn/nn.hpp"

using namespace regkit;

static void report_kernel(const char* label, nn::Sequential& model, Index useful) {
  const auto k = model.parameters()[0];
  Index small = 0, zero = 0;
  double useful_mass = 0, useless_mass = 0;
  for (Index i = 0; i < k.rows; ++i)
    for (Index j = 0; j < k.cols; ++j) {
      const float w = k.value[i * k.cols + j];
      small += std::abs(w) < 0.01f ? 1 : 0;
      zero += w == 0.f ? 1 : 0;
      (i < useful ? useful_mass : useless_mass) += std::abs(w);
    }
  const auto size = static_cast<double>(k.size), cols = static_cast<double>(k.cols);
  std::printf("%-22s |w| < 0.01: %5.1f%%   exactly 0: %5.1f%%   mean |w| useful %.4f, useless %.4f\n", label,
              100.0 * static_cast<double>(small) / size, 100.0 * static_cast<double>(zero) / size,
              useful_mass / (static_cast<double>(useful) * cols),
              useless_mass / (static_cast<double>(k.rows - useful) * cols));
}

static void synthetic() {
  nn::Rng rng(42);
  const Index n = 1000, p = 20;
  nn::MatrixF x(n, p), y(n, 1);
  std::vector<double> s(static_cast<std::size_t>(n));
  double mean = 0;
  for (Index i = 0; i < n; ++i) {
    double t = 0;
    for (Index j = 0; j < p; ++j) x(i, j) = static_cast<float>(rng.normal());
    for (Index j = 0; j < 5; ++j) t += x(i, j);
    s[static_cast<std::size_t>(i)] = t + 0.1 * rng.normal();
    mean += s[static_cast<std::size_t>(i)] / static_cast<double>(n);
  }
  for (Index i = 0; i < n; ++i) y(i, 0) = s[static_cast<std::size_t>(i)] > mean ? 1.f : 0.f;
  struct Setting {
    const char* label;
    double l1, prox;
  };
  for (const Setting& st : {Setting{"no regularization", 0, 0}, Setting{"l1(0.01)", 0.01, 0},
                            Setting{"proximal L1 0.01", 0, 0.01}}) {
    nn::Sequential model;
    model.add(nn::Dense{.units = 32, .activation = "relu", .kernel_regularizer = nn::l1(st.l1)});
    model.add(nn::Dense{.units = 1, .activation = "sigmoid"});
    model.compile(std::make_unique<nn::Adam<float>>(nn::AdamOptions{.proximal_l1 = st.prox}), "binary_crossentropy");
    nn::FitOptions o;
    o.epochs = 50;
    o.batch_size = 32;
    o.seed = 42;
    const nn::History h = model.fit(nn::ArrayView::of(x), nn::ArrayView::of(y), o);
    std::printf("final loss %.4f, accuracy %.4f\n", h.loss.back(), h.accuracy.back());
    report_kernel(st.label, model, 5);
  }
}

static void fashion(int epochs) {
  const nn::FashionMnist data = nn::load_fashion_mnist();
  struct Setting {
    std::string label;
    double l1, prox;
  };
  std::vector<Setting> settings = {{"none", 0, 0}};  // l1(0.001) is the seed's setting
  for (double c : {1e-5, 1e-4, 1e-3}) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "l1(%g)", c);
    settings.push_back({buf, c, 0});
    std::snprintf(buf, sizeof buf, "proximal %g", c);
    settings.push_back({buf, 0, c});
  }
  std::printf("| setting | test accuracy | first kernel exactly 0 |\n|---|---|---|\n");
  for (const Setting& st : settings) {
    nn::Sequential model;
    for (Index units : {256, 128})
      model.add(nn::Dense{.units = units, .activation = "relu", .kernel_initializer = "he_normal",
                          .kernel_regularizer = nn::l1(st.l1)});
    model.add(nn::Dense{.units = 10, .activation = "softmax"});
    model.compile(std::make_unique<nn::Adam<float>>(nn::AdamOptions{.proximal_l1 = st.prox}),
                  "sparse_categorical_crossentropy");
    nn::FitOptions o;
    o.epochs = epochs;
    o.batch_size = 64;
    o.seed = 42;
    o.validation_data = nn::ValidationData{data.validation.x(), data.validation.y()};
    model.fit(data.train.x(), data.train.y(), o);
    const nn::Evaluation e = model.evaluate(data.test.x(), data.test.y());
    const auto k = model.parameters()[0];
    Index zero = 0;
    for (Index i = 0; i < k.size; ++i) zero += k.value[i] == 0.f ? 1 : 0;
    std::printf("| %s | %.4f | %.1f%% |\n", st.label.c_str(), e.accuracy,
                100.0 * static_cast<double>(zero) / static_cast<double>(k.size));
    std::fflush(stdout);
  }
}

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "fashion")
    fashion(argc > 2 ? std::atoi(argv[2]) : 10);
  else
    synthetic();
  return 0;
}
