// Activation: one stateless (function, derivative) pair. Dense applies it fused with
// the bias in one pass over its output block, and its derivative is written in terms
// of the output a = f(z), so the pre-activation z need not be stored.
//
// A block is `rows` rows of a row-major buffer with row stride `stride`, columns
// [c0, c1) (a thread's share of the layer's units).
#pragma once

#include <memory>
#include <string>

#include "regkit/core/types.hpp"

namespace regkit::nn {

template <class T>
class Activation {
 public:
  virtual ~Activation() = default;
  virtual std::string name() const = 0;
  // z[r, j] <- f(z[r, j] + bias[j]) in place; bias may be null (no bias).
  virtual void forward(T* z, const T* bias, Index rows, Index stride, Index c0, Index c1) const = 0;
  // g[r, j] <- g[r, j] * f'(z[r, j]), with a = f(z) given (for softmax: the
  // vector-Jacobian product over the whole row).
  virtual void backward(const T* a, T* g, Index rows, Index stride, Index c0, Index c1) const = 0;
  // False when f needs a whole row (softmax); Dense then splits that work by rows.
  virtual bool elementwise() const { return true; }
};

// The generic elementwise activation: F supplies
//   static constexpr const char* name;
//   value(x)                 f(x) as an Eigen array expression of x
//   derivative_from_output(a)  f'(z) written with a = f(z), an Eigen array expression
template <class T, class F>
class ElementwiseActivation final : public Activation<T> {
 public:
  std::string name() const override { return F::name; }
  void forward(T* z, const T* bias, Index rows, Index stride, Index c0, Index c1) const override;
  void backward(const T* a, T* g, Index rows, Index stride, Index c0, Index c1) const override;
};

}  // namespace regkit::nn
