// he_normal (truncated), glorot_uniform, zeros: Keras's definitions (initializer.hpp).
#include <cmath>

#include "regkit/nn/initializers/glorot_uniform.hpp"
#include "regkit/nn/initializers/he_normal.hpp"
#include "regkit/nn/initializers/zeros.hpp"

namespace regkit::nn {

template <class T>
void HeNormal<T>::fill(T* values, Index fan_in, Index fan_out, Rng& rng) const {
  // Keras VarianceScaling(scale=2, mode="fan_in", distribution="truncated_normal").
  const double stddev = std::sqrt(2.0 / static_cast<double>(fan_in)) / 0.87962566103423978;
  const Index n = fan_in * fan_out;
  for (Index i = 0; i < n; ++i) {
    double z = rng.normal();
    while (std::abs(z) > 2.0) z = rng.normal();  // redraw beyond two standard deviations
    values[i] = static_cast<T>(z * stddev);
  }
}

template <class T>
void GlorotUniform<T>::fill(T* values, Index fan_in, Index fan_out, Rng& rng) const {
  const double limit = std::sqrt(6.0 / static_cast<double>(fan_in + fan_out));
  const Index n = fan_in * fan_out;
  for (Index i = 0; i < n; ++i) values[i] = static_cast<T>((2.0 * rng.uniform() - 1.0) * limit);
}

template <class T>
void Zeros<T>::fill(T* values, Index fan_in, Index fan_out, Rng&) const {
  const Index n = fan_in * fan_out;
  for (Index i = 0; i < n; ++i) values[i] = T(0);
}

template class HeNormal<float>;
template class HeNormal<double>;
template class GlorotUniform<float>;
template class GlorotUniform<double>;
template class Zeros<float>;
template class Zeros<double>;

}  // namespace regkit::nn
