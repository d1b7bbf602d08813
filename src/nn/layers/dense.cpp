// Dense: GEMM (OpenBLAS in training, the row-exact kernel otherwise) + fused
// bias/activation forward; fused derivative, dW, db, dX backward.
// Team split: output columns for forward, dW and db; input columns for dX.
#include "regkit/nn/layers/dense.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "../detail/blas.hpp"
#include "../detail/rowwise_gemm.hpp"
#include "regkit/core/check.hpp"
#include "regkit/nn/activations/registry.hpp"
#include "regkit/nn/initializers/registry.hpp"

namespace regkit::nn {
namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

double parse_number(const LayerConfig& c, const std::string& key) {
  const std::string& text = c.get(key);
  // strtod, not stod: stod throws on subnormal values ("4.94e-324"), which are numbers.
  char* end = nullptr;
  const double v = text.empty() ? 0.0 : std::strtod(text.c_str(), &end);
  if (!text.empty() && end == text.c_str() + text.size()) return v;
  throw DataError("layer '" + c.type + "': '" + key + "' is not a number: '" + text + "'");
}

}  // namespace

LayerConfig Dense::config() const {
  LayerConfig c;
  c.type = "dense";
  c.values = {{"units", std::to_string(units)},
              {"activation", activation},
              {"kernel_initializer", kernel_initializer},
              {"bias_initializer", bias_initializer},
              {"kernel_l1", number(kernel_regularizer.l1)},
              {"kernel_l2", number(kernel_regularizer.l2)},
              {"bias_l1", number(bias_regularizer.l1)},
              {"bias_l2", number(bias_regularizer.l2)},
              {"use_bias", use_bias ? "true" : "false"}};
  return c;
}

Dense Dense::from_config(const LayerConfig& c) {
  Dense d;
  const double units = parse_number(c, "units");
  // Checked before the cast (a double out of Index's range is undefined behaviour).
  if (!(units >= 1.0 && units <= 2147483647.0 && units == std::floor(units)))
    throw DataError("layer 'dense': 'units' must be an integer in [1, 2147483647]; got '" + c.get("units") + "'");
  d.units = static_cast<Index>(units);
  d.activation = c.get("activation");
  d.kernel_initializer = c.get("kernel_initializer");
  d.bias_initializer = c.get("bias_initializer");
  d.kernel_regularizer = {parse_number(c, "kernel_l1"), parse_number(c, "kernel_l2")};
  d.bias_regularizer = {parse_number(c, "bias_l1"), parse_number(c, "bias_l2")};
  d.use_bias = c.get("use_bias") == "true";
  return d;
}

void Dense::validate() const {
  if (units <= 0 || units > kMaxUnits)
    throw InvalidArgument("Dense: units must be in [1, " + std::to_string(kMaxUnits) + "]; got " + std::to_string(units));
  kernel_regularizer.validate("Dense kernel_regularizer");
  bias_regularizer.validate("Dense bias_regularizer");
}

template <class T>
DenseLayer<T>::DenseLayer(const Dense& spec) : spec_(spec) {
  spec_.validate();
  activation_ = make_activation<T>(spec_.activation);
  identity_ = make_activation<T>("linear");
  linear_ = spec_.activation == "linear";
  make_initializer<T>(spec_.kernel_initializer);  // validates the names now
  make_initializer<T>(spec_.bias_initializer);
}

template <class T>
void DenseLayer<T>::build(Index input_dim, Rng& rng) {
  if (input_dim <= 0) throw InvalidArgument("Dense: input dimension must be >= 1; got " + std::to_string(input_dim));
  in_ = input_dim;
  const Index out = spec_.units;
  W_.resize(in_, out);
  dW_.setZero(in_, out);
  bias_.setZero(1, out);
  dbias_.setZero(1, out);
  w_ = W_.data();
  b_ = bias_.data();
  make_initializer<T>(spec_.kernel_initializer)->fill(w_, in_, out, rng);
  if (spec_.use_bias) make_initializer<T>(spec_.bias_initializer)->fill(b_, 1, out, rng);
  kernel_id_ = next_parameter_id();
  bias_id_ = next_parameter_id();
}

template <class T>
void DenseLayer<T>::reserve(Index max_batch, bool need_input_grad) {
  if (out_.rows() < max_batch) out_.resize(max_batch, spec_.units);
  if (need_input_grad && dx_.rows() < max_batch) dx_.resize(max_batch, in_);
}

template <class T>
const T* DenseLayer<T>::forward(const T* x, Index b, const Pass& pass) {
  const Index out = spec_.units;
  x_ = x;
  T* z = out_.data();
  const auto [c0, c1] = pass.team.share(out);
  // z[:, c0:c1] = x W[:, c0:c1]. Outside training, by the row-exact kernel: a row's
  // prediction does not depend on the other rows of its batch (rowwise_gemm.hpp).
  if (pass.training)
    detail::gemm(false, false, b, c1 - c0, in_, x, in_, w_ + c0, out, z + c0, out);
  else
    detail::gemm_rowwise(b, c1 - c0, in_, x, in_, w_ + c0, out, z + c0, out);
  const T* bias = spec_.use_bias ? b_ : nullptr;
  if (emit_logits_ || activation_->elementwise()) {
    const Activation<T>& act = emit_logits_ ? *identity_ : *activation_;
    act.forward(z, bias, b, out, c0, c1);
  } else {
    pass.team.barrier();  // softmax needs whole rows
    const auto [r0, r1] = pass.team.share(b, 1);
    activation_->forward(z + r0 * out, bias, r1 - r0, out, 0, out);
  }
  pass.team.barrier();
  return z;
}

template <class T>
T* DenseLayer<T>::backward(T* g, Index b, bool need_input_grad, const Pass& pass) {
  const Index out = spec_.units;
  const auto [c0, c1] = pass.team.share(out);
  if (!emit_logits_ && !linear_) {
    if (activation_->elementwise()) {
      activation_->backward(out_.data(), g, b, out, c0, c1);
    } else {
      const auto [r0, r1] = pass.team.share(b, 1);
      activation_->backward(out_.data() + r0 * out, g + r0 * out, r1 - r0, out, 0, out);
      pass.team.barrier();
    }
  }
  // dW[:, c0:c1] = x^T g[:, c0:c1]
  detail::gemm(true, false, in_, c1 - c0, b, x_, in_, g + c0, out, dW_.data() + c0, out);
  // db[c0:c1] = column sums of g[:, c0:c1]
  if (spec_.use_bias) {
    T* db = dbias_.data();
    for (Index j = c0; j < c1; ++j) db[j] = T(0);
    for (Index r = 0; r < b; ++r) {
      const T* gr = g + r * out;
      for (Index j = c0; j < c1; ++j) db[j] += gr[j];
    }
  }
  T* dx = nullptr;
  if (need_input_grad) {
    pass.team.barrier();  // dX reads every column of g
    const auto [i0, i1] = pass.team.share(in_);
    dx = dx_.data();
    // dX[:, i0:i1] = g W[i0:i1, :]^T
    detail::gemm(false, true, b, i1 - i0, out, g, out, w_ + i0 * out, out, dx + i0, in_);
  }
  pass.team.barrier();
  return dx;
}

template <class T>
std::vector<Parameter<T>> DenseLayer<T>::parameters() {
  std::vector<Parameter<T>> ps;
  Parameter<T> k;
  k.name = "kernel";
  k.id = kernel_id_;
  k.value = w_;
  k.grad = dW_.data();
  k.size = in_ * spec_.units;
  k.rows = in_;
  k.cols = spec_.units;
  k.regularizer = spec_.kernel_regularizer;
  k.is_bias = false;
  ps.push_back(k);
  if (spec_.use_bias) {
    Parameter<T> bp;
    bp.name = "bias";
    bp.id = bias_id_;
    bp.value = b_;
    bp.grad = dbias_.data();
    bp.size = spec_.units;
    bp.rows = 1;
    bp.cols = spec_.units;
    bp.regularizer = spec_.bias_regularizer;
    bp.is_bias = true;
    ps.push_back(bp);
  }
  return ps;
}

template <class T>
std::unique_ptr<Layer<T>> DenseLayer<T>::replica() const {
  auto r = std::make_unique<DenseLayer<T>>(spec_);
  r->emit_logits_ = emit_logits_;
  r->in_ = in_;
  r->kernel_id_ = kernel_id_;
  r->bias_id_ = bias_id_;
  r->w_ = w_;
  r->b_ = b_;
  r->dW_.setZero(in_, spec_.units);
  r->dbias_.setZero(1, spec_.units);
  return r;
}

template class DenseLayer<float>;
template class DenseLayer<double>;

}  // namespace regkit::nn
