// Loss: the data term of the objective, a MEAN over the batch (Keras's and PyTorch's
// default reduction "mean"; over all entries when there are several outputs).
//
// out is b x k (the network's output), y is b x target_cols(k). A loss works on rows
// [r0, r1) of the batch (a thread's share): it returns the SUM of the per-sample losses
// of those rows and writes d(mean loss)/d out for them into grad (per-sample gradient
// divided by b). Sums are accumulated in double.
#pragma once

#include <string>

#include "regkit/core/types.hpp"

namespace regkit::nn {

template <class T>
class Loss {
 public:
  virtual ~Loss() = default;
  virtual std::string name() const = 0;
  virtual double forward_backward(const T* out, const T* y, Index b, Index k, Index r0, Index r1,
                                  T* grad) const = 0;
  virtual double value(const T* out, const T* y, Index k, Index r0, Index r1) const = 0;
  // Columns of y for k outputs (1 for sparse labels).
  virtual Index target_cols(Index k) const { return k; }
  // True when `out` are logits and the loss applies the output activation itself
  // (sparse_categorical_crossentropy fused with softmax).
  virtual bool takes_logits() const { return false; }
};

}  // namespace regkit::nn
