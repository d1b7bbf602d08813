// glorot_uniform: uniform on [-limit, limit], limit = sqrt(6 / (fan_in + fan_out)).
#include "regkit/nn/initializers/glorot_uniform.hpp"

#include <cmath>

namespace regkit::nn {

template <class T>
void GlorotUniform<T>::fill(T* values, Index fan_in, Index fan_out, Rng& rng) const {
  const double limit = std::sqrt(6.0 / static_cast<double>(fan_in + fan_out));
  const Index n = fan_in * fan_out;
  for (Index i = 0; i < n; ++i) values[i] = static_cast<T>((2.0 * rng.uniform() - 1.0) * limit);
}

template class GlorotUniform<float>;
template class GlorotUniform<double>;

}  // namespace regkit::nn
