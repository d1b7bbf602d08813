// mse: (1/k) sum_j (out_j - y_j)^2 per sample; gradient 2 (out - y) / (k b).
#include "regkit/nn/losses/mean_squared_error.hpp"

namespace regkit::nn {

template <class T>
double MeanSquaredError<T>::forward_backward(const T* out, const T* y, Index b, Index k, Index r0, Index r1,
                                             T* grad) const {
  const T scale = static_cast<T>(2.0 / static_cast<double>(k * b));
  double sum = 0.0;
  for (Index r = r0; r < r1; ++r) {
    double row = 0.0;
    for (Index j = 0; j < k; ++j) {
      const T d = out[r * k + j] - y[r * k + j];
      row += static_cast<double>(d) * static_cast<double>(d);
      grad[r * k + j] = scale * d;
    }
    sum += row / static_cast<double>(k);
  }
  return sum;
}

template <class T>
double MeanSquaredError<T>::value(const T* out, const T* y, Index k, Index r0, Index r1) const {
  double sum = 0.0;
  for (Index r = r0; r < r1; ++r) {
    double row = 0.0;
    for (Index j = 0; j < k; ++j) {
      const double d = static_cast<double>(out[r * k + j]) - static_cast<double>(y[r * k + j]);
      row += d * d;
    }
    sum += row / static_cast<double>(k);
  }
  return sum;
}

template class MeanSquaredError<float>;
template class MeanSquaredError<double>;

}  // namespace regkit::nn
