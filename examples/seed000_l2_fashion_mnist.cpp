// Seed 000: L2 regularization (Keras l2(0.001)) on Fashion-MNIST.
// 784-256-128-64-10, elu + he_normal hidden layers, softmax output, Adam (Keras
// defaults), batch 64, 30 epochs, validation on the first 5,000 training images;
// trained without and with l2(0.001) on the hidden kernels; prints the test accuracy and
// the first kernel's norm for both.
//
//   example_seed000_l2_fashion_mnist [epochs] [threads]
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "regkit/nn/nn.hpp"

using namespace regkit;

static nn::Sequential create_model(double l2_lambda) {
  nn::Sequential model;
  const nn::Regularizer reg = l2_lambda > 0 ? nn::l2(l2_lambda) : nn::Regularizer{};
  for (Index units : {256, 128, 64})
    model.add(nn::Dense{.units = units, .activation = "elu", .kernel_initializer = "he_normal",
                        .kernel_regularizer = reg});
  model.add(nn::Dense{.units = 10, .activation = "softmax"});
  model.compile(std::make_unique<nn::Adam<float>>(), "sparse_categorical_crossentropy");
  return model;
}

int main(int argc, char** argv) {
  const int epochs = argc > 1 ? std::atoi(argv[1]) : 30;
  const int threads = argc > 2 ? std::atoi(argv[2]) : 0;
  const nn::FashionMnist data = nn::load_fashion_mnist();
  std::printf("train %ld, validation %ld, test %ld images\n", static_cast<long>(data.train.n),
              static_cast<long>(data.validation.n), static_cast<long>(data.test.n));
  for (double l2_lambda : {0.0, 0.001}) {
    nn::Sequential model = create_model(l2_lambda);
    nn::FitOptions options;
    options.epochs = epochs;
    options.batch_size = 64;
    options.validation_data = nn::ValidationData{data.validation.x(), data.validation.y()};
    options.seed = 42;
    options.threads = threads;
    options.on_epoch_end = [](const nn::EpochLog& log) {
      std::printf("  epoch %2d  loss %.4f  acc %.4f  val_loss %.4f  val_acc %.4f  (%.2f s)\n", log.epoch, log.loss,
                  log.accuracy, log.val_loss, log.val_accuracy, log.seconds);
      std::fflush(stdout);
    };
    std::printf("%s:\n", l2_lambda > 0 ? "l2(0.001)" : "no regularization");
    model.fit(data.train.x(), data.train.y(), options);
    const nn::Evaluation test = model.evaluate(data.test.x(), data.test.y());
    const auto kernel = model.parameters()[0];
    double norm = 0;
    for (Index i = 0; i < kernel.size; ++i) norm += static_cast<double>(kernel.value[i]) * kernel.value[i];
    std::printf("  test accuracy %.4f, test loss %.4f, first kernel norm %.4f\n", test.accuracy, test.loss,
                std::sqrt(norm));
  }
  return 0;
}
