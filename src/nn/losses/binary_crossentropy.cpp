// binary_crossentropy from probabilities, clipped as Keras (see the header).
#include "regkit/nn/losses/binary_crossentropy.hpp"

#include <algorithm>
#include <cmath>

namespace regkit::nn {

template <class T>
double BinaryCrossentropy<T>::forward_backward(const T* out, const T* y, Index b, Index k, Index r0, Index r1,
                                               T* grad) const {
  const T eps = static_cast<T>(epsilon);
  const T scale = static_cast<T>(1.0 / static_cast<double>(k * b));
  double sum = 0.0;
  for (Index r = r0; r < r1; ++r) {
    double row = 0.0;
    for (Index j = 0; j < k; ++j) {
      const T p = out[r * k + j], t = y[r * k + j];
      const T pc = std::clamp(p, eps, T(1) - eps);
      row -= static_cast<double>(t * std::log(pc + eps) + (T(1) - t) * std::log(T(1) - pc + eps));
      const bool inside = p >= eps && p <= T(1) - eps;
      grad[r * k + j] = inside ? -scale * (t / (pc + eps) - (T(1) - t) / (T(1) - pc + eps)) : T(0);
    }
    sum += row / static_cast<double>(k);
  }
  return sum;
}

template <class T>
double BinaryCrossentropy<T>::value(const T* out, const T* y, Index k, Index r0, Index r1) const {
  const T eps = static_cast<T>(epsilon);
  double sum = 0.0;
  for (Index r = r0; r < r1; ++r) {
    double row = 0.0;
    for (Index j = 0; j < k; ++j) {
      const T t = y[r * k + j];
      const T pc = std::clamp(out[r * k + j], eps, T(1) - eps);
      row -= static_cast<double>(t * std::log(pc + eps) + (T(1) - t) * std::log(T(1) - pc + eps));
    }
    sum += row / static_cast<double>(k);
  }
  return sum;
}

template class BinaryCrossentropy<float>;
template class BinaryCrossentropy<double>;

}  // namespace regkit::nn
