// Keras regularizers: value and gradient (see regularizer.hpp); parameter ids.
#include "regkit/nn/regularizer.hpp"

#include <atomic>
#include <cmath>
#include <string>

#include "regkit/core/check.hpp"
#include "regkit/nn/parameter.hpp"

namespace regkit::nn {

void Regularizer::validate(const char* where) const {
  check::non_negative(where, "l1 (Keras regularizer coefficient)", l1);
  check::non_negative(where, "l2 (Keras regularizer coefficient)", l2);
}

template <class T>
double Regularizer::value(const T* w, Index n) const {
  if (!active()) return 0.0;
  double s1 = 0.0, s2 = 0.0;
  for (Index i = 0; i < n; ++i) {
    const double v = static_cast<double>(w[i]);
    s1 += std::abs(v);
    s2 += v * v;
  }
  return l1 * s1 + l2 * s2;
}

template <class T>
void Regularizer::add_gradient(const T* w, T* g, Index n) const {
  if (!active()) return;
  const T a = static_cast<T>(l1), b2 = static_cast<T>(2.0 * l2);
  for (Index i = 0; i < n; ++i) {
    const T sign = static_cast<T>((w[i] > T(0)) - (w[i] < T(0)));
    g[i] += a * sign + b2 * w[i];
  }
}

template double Regularizer::value<float>(const float*, Index) const;
template double Regularizer::value<double>(const double*, Index) const;
template void Regularizer::add_gradient<float>(const float*, float*, Index) const;
template void Regularizer::add_gradient<double>(const double*, double*, Index) const;

std::uint64_t next_parameter_id() {
  static std::atomic<std::uint64_t> counter{0};
  return ++counter;
}

}  // namespace regkit::nn
