// Dropout (Keras's inverted dropout): while training, each entry is kept with
// probability 1 - rate and scaled by 1 / (1 - rate), else set to 0; at inference the
// layer is the identity. The mask of entry (r, j) at training step s is decided by
// hash(fit seed, layer seed, s, r, j) alone (r: the row within the whole batch), so it
// is the same for any thread count.
#pragma once

#include "regkit/nn/layers/layer.hpp"
#include "regkit/nn/tensor.hpp"

namespace regkit::nn {

struct Dropout {
  double rate = 0.5;  // fraction dropped, in [0, 1)
  std::uint64_t seed = 0;

  LayerConfig config() const;
  static Dropout from_config(const LayerConfig& config);
  void validate() const;
};

template <class T>
class DropoutLayer final : public Layer<T> {
 public:
  explicit DropoutLayer(const Dropout& spec);
  LayerConfig config() const override { return spec_.config(); }
  Index input_dim() const override { return dim_; }
  Index output_dim() const override { return dim_; }
  void build(Index input_dim, Rng& rng) override;
  void reserve(Index max_batch, bool need_input_grad) override;
  const T* forward(const T* x, Index b, const Pass& pass) override;
  T* backward(T* grad_out, Index b, bool need_input_grad, const Pass& pass) override;
  std::vector<Parameter<T>> parameters() override { return {}; }
  std::unique_ptr<Layer<T>> replica() const override;

 private:
  Dropout spec_;
  Index dim_ = 0;
  RowMatrix<T> out_, mask_;
  bool masked_ = false;  // last forward was a training pass
};

}  // namespace regkit::nn
