// Dropout: inverted dropout with counter-based masks (see dropout.hpp).
#include "regkit/nn/layers/dropout.hpp"

#include <cstdio>
#include <string>

#include "regkit/core/check.hpp"

namespace regkit::nn {

LayerConfig Dropout::config() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", rate);
  return {"dropout", {{"rate", buf}, {"seed", std::to_string(seed)}}};
}

Dropout Dropout::from_config(const LayerConfig& c) {
  Dropout d;
  try {
    d.rate = std::stod(c.get("rate"));
    d.seed = std::stoull(c.get("seed"));
  } catch (const std::logic_error&) {
    throw DataError("layer 'dropout': 'rate' or 'seed' is not a number");
  }
  return d;
}

void Dropout::validate() const {
  if (!(rate >= 0.0 && rate < 1.0))
    throw InvalidArgument("Dropout: rate must be in [0, 1); got " + check::str(rate));
}

template <class T>
DropoutLayer<T>::DropoutLayer(const Dropout& spec) : spec_(spec) {
  spec_.validate();
}

template <class T>
void DropoutLayer<T>::build(Index input_dim, Rng&) {
  dim_ = input_dim;
}

template <class T>
void DropoutLayer<T>::reserve(Index max_batch, bool) {
  if (out_.rows() < max_batch) {
    out_.resize(max_batch, dim_);
    mask_.resize(max_batch, dim_);
  }
}

template <class T>
const T* DropoutLayer<T>::forward(const T* x, Index b, const Pass& pass) {
  masked_ = pass.training && spec_.rate > 0.0;
  if (!masked_) return x;
  const T keep_scale = static_cast<T>(1.0 / (1.0 - spec_.rate));
  const auto [r0, r1] = pass.team.share(b, 1);
  const std::uint64_t seed = splitmix64(pass.seed ^ splitmix64(spec_.seed));
  for (Index r = r0; r < r1; ++r) {
    for (Index j = 0; j < dim_; ++j) {
      const Index i = r * dim_ + j;
      const auto global = static_cast<std::uint64_t>((pass.row0 + r) * dim_ + j);
      const bool keep = hash_uniform(seed, pass.step, global) >= spec_.rate;
      mask_.data()[i] = keep ? keep_scale : T(0);
      out_.data()[i] = x[i] * mask_.data()[i];
    }
  }
  pass.team.barrier();
  return out_.data();
}

template <class T>
T* DropoutLayer<T>::backward(T* g, Index b, bool, const Pass& pass) {
  if (!masked_) return g;
  const auto [r0, r1] = pass.team.share(b, 1);
  for (Index i = r0 * dim_; i < r1 * dim_; ++i) g[i] *= mask_.data()[i];
  pass.team.barrier();
  return g;
}

template <class T>
std::unique_ptr<Layer<T>> DropoutLayer<T>::replica() const {
  auto r = std::make_unique<DropoutLayer<T>>(spec_);
  r->dim_ = dim_;
  return r;
}

template class DropoutLayer<float>;
template class DropoutLayer<double>;

}  // namespace regkit::nn
