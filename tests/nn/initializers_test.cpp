// Initializers: Keras's definitions (truncated he_normal, glorot_uniform, zeros), and the
// Fashion-MNIST loader's errors and split.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <vector>

#include "regkit/nn/fashion_mnist.hpp"
#include "regkit/nn/initializers/registry.hpp"
#include "regkit/core/errors.hpp"
#include "support/expect_error.hpp"

namespace regkit::nn {
namespace {

TEST(Initializers, HeNormalIsTruncatedAtTwoStddevWithVarianceTwoOverFanIn) {
  const Index fan_in = 200, fan_out = 500;
  std::vector<double> w(static_cast<std::size_t>(fan_in * fan_out));
  Rng rng(1);
  make_initializer<double>("he_normal")->fill(w.data(), fan_in, fan_out, rng);
  const double stddev = std::sqrt(2.0 / fan_in) / 0.87962566103423978;  // before truncation
  double mean = 0.0, sq = 0.0, largest = 0.0;
  for (double v : w) {
    mean += v;
    sq += v * v;
    largest = std::max(largest, std::abs(v));
  }
  mean /= static_cast<double>(w.size());
  EXPECT_LE(largest, 2.0 * stddev);
  EXPECT_GT(largest, 1.95 * stddev);
  EXPECT_NEAR(mean, 0.0, 1.3e-3);  // 4 standard errors (0.1 / sqrt(1e5))
  // The truncated normal's standard deviation is sqrt(2 / fan_in) exactly.
  EXPECT_NEAR(std::sqrt(sq / static_cast<double>(w.size())), std::sqrt(2.0 / fan_in), 5e-4);
}

TEST(Initializers, GlorotUniformFillsTheKerasInterval) {
  const Index fan_in = 300, fan_out = 100;
  std::vector<float> w(static_cast<std::size_t>(fan_in * fan_out));
  Rng rng(2);
  make_initializer<float>("glorot_uniform")->fill(w.data(), fan_in, fan_out, rng);
  const double limit = std::sqrt(6.0 / (fan_in + fan_out));
  double lo = 1, hi = -1, sq = 0;
  for (float v : w) {
    lo = std::min(lo, static_cast<double>(v));
    hi = std::max(hi, static_cast<double>(v));
    sq += static_cast<double>(v) * v;
  }
  EXPECT_GE(lo, -limit);
  EXPECT_LE(hi, limit);
  EXPECT_LT(lo, -0.99 * limit);
  EXPECT_GT(hi, 0.99 * limit);
  EXPECT_NEAR(sq / static_cast<double>(w.size()), limit * limit / 3.0, 0.02 * limit * limit);
  std::vector<float> z(5, 1.f);
  make_initializer<float>("zeros")->fill(z.data(), 1, 5, rng);
  EXPECT_EQ(z, std::vector<float>(5, 0.f));
  EXPECT_EQ(initializer_names(), (std::vector<std::string>{"glorot_uniform", "he_normal", "zeros"}));
}

TEST(FashionMnist, MissingFilesNameThePackage) {
  REGKIT_EXPECT_ERROR(load_fashion_mnist("/nonexistent/fashion"), DataError, "dataset-fashion-mnist");
  REGKIT_EXPECT_ERROR(load_fashion_mnist("/nonexistent/fashion"), DataError,
                      "/nonexistent/fashion/train-images-idx3-ubyte.gz");
}

TEST(FashionMnist, SplitsAsTheSeeds) {
  const std::filesystem::path images = std::filesystem::path(fashion_mnist_default_dir) / "train-images-idx3-ubyte.gz";
  if (!std::filesystem::exists(images))
    GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  const FashionMnist d = load_fashion_mnist();
  EXPECT_EQ(d.train.n, 55000);
  EXPECT_EQ(d.validation.n, 5000);
  EXPECT_EQ(d.test.n, 10000);
  EXPECT_EQ(d.train.p, 784);
  // The official first training label is 9 (ankle boot), the first test label 9 too.
  EXPECT_EQ(d.validation.labels[0], 9.f);
  EXPECT_EQ(d.test.labels[0], 9.f);
  EXPECT_DOUBLE_EQ(d.train.x().at(0, 0), d.train.pixels[0] / 255.0);
}

}  // namespace
}  // namespace regkit::nn
