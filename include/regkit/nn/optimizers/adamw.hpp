// AdamW (Loshchilov & Hutter 2019), decoupled weight decay scaled by the learning rate
// as torch.optim.AdamW: before the Adam step of adam.hpp (with no coupled decay),
//   w <- (1 - lr * weight_decay) w
// Defaults as PyTorch's AdamW for the decay (0.01); the rest as Adam (Keras defaults,
// epsilon placement selectable). Biases are decayed too, as in PyTorch, unless the
// parameter list leaves them out.
#pragma once

#include "regkit/nn/optimizers/adam.hpp"

namespace regkit::nn {

inline AdamOptions adamw_defaults() {
  AdamOptions o;
  o.weight_decay = 0.01;
  return o;
}

template <class T>
class AdamW final : public Adam<T> {
 public:
  explicit AdamW(const AdamOptions& options = adamw_defaults()) : Adam<T>(options, true) {}
  std::string name() const override { return "adamw"; }
};

}  // namespace regkit::nn
