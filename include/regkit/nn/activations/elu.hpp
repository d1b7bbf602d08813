// elu(z) = z if z > 0 else exp(z) - 1   (Keras default alpha = 1)
// elu'(z) = 1 if z > 0 else exp(z) = a + 1.
#pragma once

#include "regkit/nn/activations/activation.hpp"

namespace regkit::nn {

struct EluFunction {
  static constexpr const char* name = "elu";
  // Written without select (not vectorized by Eigen 3.4): max(z, 0) + exp(min(z, 0)) - 1.
  template <class X>
  static auto value(const X& x) {
    using S = typename X::Scalar;
    return x.max(S(0)) + (x.min(S(0)).exp() - S(1));
  }
  // min(a, 0) + 1: 1 where a > 0, a + 1 = exp(z) elsewhere.
  template <class A>
  static auto derivative_from_output(const A& a) {
    using S = typename A::Scalar;
    return a.min(S(0)) + S(1);
  }
};

}  // namespace regkit::nn
