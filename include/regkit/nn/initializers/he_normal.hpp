// he_normal: truncated normal, stddev = sqrt(2 / fan_in) / 0.87962566103423978, cut at 2 stddev.
#pragma once

#include "regkit/nn/initializers/initializer.hpp"

namespace regkit::nn {

template <class T>
class HeNormal final : public Initializer<T> {
 public:
  std::string name() const override { return "he_normal"; }
  void fill(T* values, Index fan_in, Index fan_out, Rng& rng) const override;
};

}  // namespace regkit::nn
