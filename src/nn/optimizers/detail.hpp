// Shared pieces of the optimizers' update loops.
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "regkit/nn/parameter.hpp"

namespace regkit::nn::detail {

// Penalty of w[begin, end): regularizer (a|w| + b w^2) + c|w| for proximal L1 (kernels).
template <class T>
double range_penalty(const Parameter<T>& p, Index begin, Index end, double prox) {
  const double a = p.regularizer.l1 + (p.is_bias ? 0.0 : prox), b = p.regularizer.l2;
  if (a == 0.0 && b == 0.0) return 0.0;
  // Vectorized sums in T over the (cache-sized) range, as Keras sums in float32.
  const Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>> w(p.value + begin, end - begin);
  const double s1 = a != 0.0 ? static_cast<double>(w.abs().sum()) : 0.0;
  const double s2 = b != 0.0 ? static_cast<double>(w.square().sum()) : 0.0;
  return a * s1 + b * s2;
}

template <class T>
inline T sign(T x) {
  return static_cast<T>((x > T(0)) - (x < T(0)));
}

// sign(w) max(|w| - tau, 0), exact zeros.
template <class T>
inline T soft_threshold(T w, T tau) {
  const T shrunk = std::max(std::abs(w) - tau, T(0));
  return w < T(0) ? -shrunk : shrunk;
}

}  // namespace regkit::nn::detail
