// he_normal: Keras VarianceScaling(2, fan_in, truncated_normal), see initializer.hpp.
#include "regkit/nn/initializers/he_normal.hpp"

#include <cmath>

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

template class HeNormal<float>;
template class HeNormal<double>;

}  // namespace regkit::nn
