// Dense: out = activation(x W + bias), x is b x in, W is in x out (Keras layout), bias
// has out entries. Keras's keras.layers.Dense(units, activation, kernel_initializer,
// kernel_regularizer, bias_regularizer).
//
// Forward: one GEMM (OpenBLAS, row-major) into the output buffer, then one pass that
// adds the bias and applies the activation. Backward: one pass g <- g * f'(from the
// stored output), then dW = x^T g and db = column sums of g, and dX = g W^T (skipped for
// the first layer). A team splits the output columns (forward, dW, db) and the input
// columns (dX) among its threads, so no reduction is needed and the result is the same
// whatever the interleaving.
#pragma once

#include <memory>
#include <string>

#include "regkit/nn/activations/activation.hpp"
#include "regkit/nn/layers/layer.hpp"
#include "regkit/nn/regularizer.hpp"
#include "regkit/nn/tensor.hpp"

namespace regkit::nn {

// The layer's description (scalar-type free); Sequential::add takes it.
struct Dense {
  static constexpr Index kMaxUnits = Index{1} << 24;  // wider layers are refused by validate()
  Index units = 0;
  std::string activation = "linear";          // relu, elu, sigmoid, tanh, softmax, linear
  std::string kernel_initializer = "glorot_uniform";  // Keras default
  Regularizer kernel_regularizer{};           // none by default
  Regularizer bias_regularizer{};             // none by default: biases are not penalized
  std::string bias_initializer = "zeros";
  bool use_bias = true;

  LayerConfig config() const;
  static Dense from_config(const LayerConfig& config);
  void validate() const;
};

template <class T>
class DenseLayer final : public Layer<T> {
 public:
  explicit DenseLayer(const Dense& spec);
  LayerConfig config() const override { return spec_.config(); }
  Index input_dim() const override { return in_; }
  Index output_dim() const override { return spec_.units; }
  void build(Index input_dim, Rng& rng) override;
  void reserve(Index max_batch, bool need_input_grad) override;
  const T* forward(const T* x, Index b, const Pass& pass) override;
  T* backward(T* grad_out, Index b, bool need_input_grad, const Pass& pass) override;
  std::vector<Parameter<T>> parameters() override;
  std::unique_ptr<Layer<T>> replica() const override;

  // When set, the layer leaves its activation out (emits logits): Sequential does this
  // for a final softmax trained with sparse_categorical_crossentropy (fused loss).
  void set_emit_logits(bool emit) { emit_logits_ = emit; }
  const Dense& spec() const { return spec_; }
  // The kernel (in x out) and bias (1 x out) values (shared with replicas).
  Eigen::Map<RowMatrix<T>> kernel() { return {w_, in_, spec_.units}; }
  Eigen::Map<RowMatrix<T>> bias() { return {b_, 1, spec_.units}; }

 private:
  Dense spec_;
  std::unique_ptr<Activation<T>> activation_;
  std::unique_ptr<Activation<T>> identity_;  // bias only, for emitted logits
  bool linear_ = false;
  bool emit_logits_ = false;
  Index in_ = 0;
  std::uint64_t kernel_id_ = 0, bias_id_ = 0;
  RowMatrix<T> W_, dW_;       // in x out (W_ empty in a replica)
  RowMatrix<T> bias_, dbias_;  // 1 x out (bias_ empty in a replica)
  T* w_ = nullptr;            // the kernel values used: W_'s, or the original's in a replica
  T* b_ = nullptr;            // the bias values used
  RowMatrix<T> out_;          // max_batch x out
  RowMatrix<T> dx_;           // max_batch x in (only when an input gradient is needed)
  const T* x_ = nullptr;      // the last forward's input
};

}  // namespace regkit::nn
