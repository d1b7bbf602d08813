// glorot_uniform: uniform on [-limit, limit], limit = sqrt(6 / (fan_in + fan_out)).
#pragma once

#include "regkit/nn/initializers/initializer.hpp"

namespace regkit::nn {

template <class T>
class GlorotUniform final : public Initializer<T> {
 public:
  std::string name() const override { return "glorot_uniform"; }
  void fill(T* values, Index fan_in, Index fan_out, Rng& rng) const override;
};

}  // namespace regkit::nn
