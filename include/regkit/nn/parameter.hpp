// Parameter: a named view of one trainable tensor of a layer. The optimizer keys its
// per-parameter state (momentum buffer, Adam moments) by `id`, a number given once when
// the layer is built and unique within the process, never by the tensor's address.
#pragma once

#include <cstdint>
#include <string>

#include "regkit/core/types.hpp"
#include "regkit/nn/regularizer.hpp"

namespace regkit::nn {

template <class T>
struct Parameter {
  std::string name;         // "dense_0/kernel", "dense_0/bias"
  std::uint64_t id = 0;     // identity for optimizer state
  T* value = nullptr;       // size entries (a kernel: in x out row-major)
  T* grad = nullptr;        // d(mean data loss)/d value after backward (no penalty term)
  Index size = 0;
  Index rows = 0, cols = 0;  // shape: kernel in x out; bias 1 x out
  Regularizer regularizer;  // penalty on this tensor (Keras kernel_/bias_regularizer)
  bool is_bias = false;     // biases are skipped by proximal L1
};

// A fresh process-unique parameter id.
std::uint64_t next_parameter_id();

}  // namespace regkit::nn
