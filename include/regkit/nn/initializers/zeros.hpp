// zeros: every value 0 (Keras's default bias initializer).
#pragma once

#include "regkit/nn/initializers/initializer.hpp"

namespace regkit::nn {

template <class T>
class Zeros final : public Initializer<T> {
 public:
  std::string name() const override { return "zeros"; }
  void fill(T* values, Index fan_in, Index fan_out, Rng& rng) const override;
};

}  // namespace regkit::nn
