// relu(z) = max(z, 0);  relu'(z) = 1 if z > 0 else 0  (= 1 if a > 0; 0 at z = 0 as TF).
#pragma once

#include "regkit/nn/activations/activation.hpp"

namespace regkit::nn {

struct ReluFunction {
  static constexpr const char* name = "relu";
  template <class X>
  static auto value(const X& x) { return x.max(typename X::Scalar(0)); }
  template <class A>
  static auto derivative_from_output(const A& a) {
    using S = typename A::Scalar;
    return (a > S(0)).template cast<S>();
  }
};

}  // namespace regkit::nn
