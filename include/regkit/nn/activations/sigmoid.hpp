// sigmoid(z) = 1 / (1 + exp(-z));  sigmoid'(z) = a (1 - a).
#pragma once

#include "regkit/nn/activations/activation.hpp"

namespace regkit::nn {

struct SigmoidFunction {
  static constexpr const char* name = "sigmoid";
  template <class X>
  static auto value(const X& x) {
    using S = typename X::Scalar;
    return S(1) / (S(1) + (-x).exp());
  }
  template <class A>
  static auto derivative_from_output(const A& a) {
    using S = typename A::Scalar;
    return a * (S(1) - a);
  }
};

}  // namespace regkit::nn
