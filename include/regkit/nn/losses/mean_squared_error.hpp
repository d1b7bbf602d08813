// mse: mean over the batch and the k outputs of (out - y)^2 (Keras "mse", PyTorch
// MSELoss(reduction="mean")). Per sample: (1/k) sum_j (out_j - y_j)^2;
// gradient: 2 (out_j - y_j) / (k b).
#pragma once

#include "regkit/nn/losses/loss.hpp"

namespace regkit::nn {

template <class T>
class MeanSquaredError final : public Loss<T> {
 public:
  std::string name() const override { return "mse"; }
  double forward_backward(const T* out, const T* y, Index b, Index k, Index r0, Index r1, T* grad) const override;
  double value(const T* out, const T* y, Index k, Index r0, Index r1) const override;
};

}  // namespace regkit::nn
