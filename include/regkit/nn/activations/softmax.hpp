// softmax over each row: a_j = exp(z_j - max z) / sum_i exp(z_i - max z).
// Backward (vector-Jacobian product): g_j <- a_j (g_j - sum_i g_i a_i).
// As the output of a network trained with sparse_categorical_crossentropy it is not
// used: the loss takes the logits and fuses the two (see that loss's header).
#pragma once

#include "regkit/nn/activations/activation.hpp"

namespace regkit::nn {

template <class T>
class Softmax final : public Activation<T> {
 public:
  std::string name() const override { return "softmax"; }
  void forward(T* z, const T* bias, Index rows, Index stride, Index c0, Index c1) const override;
  void backward(const T* a, T* g, Index rows, Index stride, Index c0, Index c1) const override;
  bool elementwise() const override { return false; }
};

}  // namespace regkit::nn
