// elu(z) = z if z > 0 else exp(z) - 1   (Keras default alpha = 1)
// elu'(z) = 1 if z > 0 else exp(z) = a + 1.
#pragma once

#include "regkit/nn/activations/activation.hpp"

namespace regkit::nn {

struct EluFunction {
  static constexpr const char* name = "elu";
  template <class X>
  static auto value(const X& x) {
    using S = typename X::Scalar;
    return (x > S(0)).select(x, x.exp() - S(1));
  }
  template <class A>
  static auto derivative_from_output(const A& a) {
    using S = typename A::Scalar;
    return (a > S(0)).select(A::Constant(a.rows(), a.cols(), S(1)), a + S(1));
  }
};

}  // namespace regkit::nn
