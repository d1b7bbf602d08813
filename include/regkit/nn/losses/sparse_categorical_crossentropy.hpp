// sparse_categorical_crossentropy fused with the output softmax (one numerically stable
// op). out holds the LOGITS z (b x k), y holds integer class labels (b x 1).
//   loss_i = logsumexp(z_i) - z_i[y_i],  logsumexp(z) = m + log sum_j exp(z_j - m), m = max z
//   d loss / d z_ij = (softmax(z_i)_j - [j == y_i]) / b
// Keras computes the same quantity from probabilities (clipped at 1e-7); on logits no
// clipping is needed and the gradient never saturates. Sequential uses this loss with a
// final Dense(k, "softmax"): that layer then emits logits while training and evaluating,
// and predict() applies the softmax.
#pragma once

#include "regkit/nn/losses/loss.hpp"

namespace regkit::nn {

template <class T>
class SparseCategoricalCrossentropy final : public Loss<T> {
 public:
  std::string name() const override { return "sparse_categorical_crossentropy"; }
  double forward_backward(const T* out, const T* y, Index b, Index k, Index r0, Index r1, T* grad) const override;
  double value(const T* out, const T* y, Index k, Index r0, Index r1) const override;
  Index target_cols(Index) const override { return 1; }
  bool takes_logits() const override { return true; }
};

}  // namespace regkit::nn
