// Fused softmax + sparse categorical cross-entropy on logits (see the header).
#include "regkit/nn/losses/sparse_categorical_crossentropy.hpp"

#include <cmath>

namespace regkit::nn {

template <class T>
double SparseCategoricalCrossentropy<T>::forward_backward(const T* out, const T* y, Index b, Index k, Index r0,
                                                          Index r1, T* grad) const {
  const T inv_b = static_cast<T>(1.0 / static_cast<double>(b));
  double sum = 0.0;
  for (Index r = r0; r < r1; ++r) {
    const T* z = out + r * k;
    T* g = grad + r * k;
    T m = z[0];
    for (Index j = 1; j < k; ++j) m = z[j] > m ? z[j] : m;
    T s = 0;
    for (Index j = 0; j < k; ++j) {
      g[j] = std::exp(z[j] - m);
      s += g[j];
    }
    const Index label = static_cast<Index>(y[r]);
    // loss = log sum exp(z - m) - (z_y - m)
    sum += static_cast<double>(std::log(s)) - static_cast<double>(z[label] - m);
    const T scale = inv_b / s;
    for (Index j = 0; j < k; ++j) g[j] *= scale;
    g[label] -= inv_b;
  }
  return sum;
}

template <class T>
double SparseCategoricalCrossentropy<T>::value(const T* out, const T* y, Index k, Index r0, Index r1) const {
  double sum = 0.0;
  for (Index r = r0; r < r1; ++r) {
    const T* z = out + r * k;
    T m = z[0];
    for (Index j = 1; j < k; ++j) m = z[j] > m ? z[j] : m;
    T s = 0;
    for (Index j = 0; j < k; ++j) s += std::exp(z[j] - m);
    sum += static_cast<double>(std::log(s)) - static_cast<double>(z[static_cast<Index>(y[r])] - m);
  }
  return sum;
}

template class SparseCategoricalCrossentropy<float>;
template class SparseCategoricalCrossentropy<double>;

}  // namespace regkit::nn
