// Initializer: fills a parameter tensor of fan_in x fan_out values (a kernel [in x out];
// a bias uses fan_in = 1) from the model's Rng. Definitions follow Keras exactly:
//   he_normal       truncated normal, mean 0, stddev = sqrt(2 / fan_in) / 0.87962566103423978,
//                   draws beyond 2 stddev are redrawn (keras.initializers.HeNormal;
//                   the constant is the stddev of a standard normal truncated to [-2, 2],
//                   so the kept values have stddev sqrt(2 / fan_in))
//   glorot_uniform  uniform on [-limit, limit], limit = sqrt(6 / (fan_in + fan_out))
//   zeros           0
#pragma once

#include <string>

#include "regkit/core/types.hpp"
#include "regkit/nn/rng.hpp"

namespace regkit::nn {

template <class T>
class Initializer {
 public:
  virtual ~Initializer() = default;
  virtual std::string name() const = 0;
  virtual void fill(T* values, Index fan_in, Index fan_out, Rng& rng) const = 0;
};

}  // namespace regkit::nn
