// zeros: every value 0.
#include "regkit/nn/initializers/zeros.hpp"

#include <cmath>

namespace regkit::nn {

template <class T>
void Zeros<T>::fill(T* values, Index fan_in, Index fan_out, Rng&) const {
  const Index n = fan_in * fan_out;
  for (Index i = 0; i < n; ++i) values[i] = T(0);
}

template class Zeros<float>;
template class Zeros<double>;

}  // namespace regkit::nn
