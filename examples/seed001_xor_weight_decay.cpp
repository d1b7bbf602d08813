// Seed 001: L2 as weight decay in PyTorch's SGD. A 2-5-1 ReLU network on XOR, MSE loss,
// SGD(lr=0.01, weight_decay=0.01): w <- (1 - lr*wd) w - lr*grad, 1000 full-batch
// epochs, the loss printed every 100 epochs, then the accuracy of round(output).
#include <cstdio>

#include "regkit/nn/nn.hpp"

using namespace regkit;

int main() {
  const nn::MatrixF x{{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  const nn::MatrixF y{{0}, {1}, {1}, {0}};
  nn::Sequential model;
  model.add(nn::Dense{.units = 5, .activation = "relu"});
  model.add(nn::Dense{.units = 1, .activation = "linear"});
  model.compile(std::make_unique<nn::Sgd<float>>(nn::SgdOptions{.learning_rate = 0.01, .weight_decay = 0.01}), "mse");
  nn::FitOptions options;
  options.epochs = 1000;
  options.batch_size = 4;
  options.shuffle = false;
  options.seed = 0;
  options.threads = 1;
  options.on_epoch_end = [](const nn::EpochLog& log) {
    if (log.epoch % 100 == 0) std::printf("Epoch [%d/%d], Loss: %.4f\n", log.epoch, log.epochs, log.loss);
  };
  model.fit(nn::ArrayView::of(x), nn::ArrayView::of(y), options);
  const nn::MatrixF out = model.predict(nn::ArrayView::of(x));
  int right = 0;
  for (Index i = 0; i < 4; ++i) right += (out(i, 0) >= 0.5f ? 1.f : 0.f) == y(i, 0) ? 1 : 0;
  std::printf("Accuracy: %.4f\n", right / 4.0);
  return 0;
}
