// linear(z) = z;  linear'(z) = 1.
#pragma once

#include "regkit/nn/activations/activation.hpp"

namespace regkit::nn {

struct LinearFunction {
  static constexpr const char* name = "linear";
  template <class X>
  static auto value(const X& x) { return x; }
  template <class A>
  static auto derivative_from_output(const A& a) {
    using S = typename A::Scalar;
    return A::Constant(a.rows(), a.cols(), S(1));
  }
};

}  // namespace regkit::nn
