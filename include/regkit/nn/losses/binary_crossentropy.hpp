// binary_crossentropy on probabilities, exactly as Keras's backend (from_logits=False):
//   p' = clip(p, eps, 1 - eps),  eps = 1e-7
//   loss = -(y log(p' + eps) + (1 - y) log(1 - p' + eps)), averaged over the k outputs
//   and the batch. Gradient wrt p: -(y / (p' + eps) - (1 - y) / (1 - p' + eps)) / (k b)
//   where eps <= p <= 1 - eps, 0 outside (the clip's gradient, as TF's clip_by_value).
// The network's output layer should be a sigmoid.
#pragma once

#include "regkit/nn/losses/loss.hpp"

namespace regkit::nn {

template <class T>
class BinaryCrossentropy final : public Loss<T> {
 public:
  static constexpr double epsilon = 1e-7;  // Keras backend epsilon()
  std::string name() const override { return "binary_crossentropy"; }
  double forward_backward(const T* out, const T* y, Index b, Index k, Index r0, Index r1, T* grad) const override;
  double value(const T* out, const T* y, Index k, Index r0, Index r1) const override;
};

}  // namespace regkit::nn
