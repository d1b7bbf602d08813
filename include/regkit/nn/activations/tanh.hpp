// tanh(z);  tanh'(z) = 1 - a^2.
#pragma once

#include "regkit/nn/activations/activation.hpp"

namespace regkit::nn {

struct TanhFunction {
  static constexpr const char* name = "tanh";
  template <class X>
  static auto value(const X& x) { return x.tanh(); }
  template <class A>
  static auto derivative_from_output(const A& a) {
    using S = typename A::Scalar;
    return S(1) - a.square();
  }
};

}  // namespace regkit::nn
