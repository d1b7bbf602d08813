// Adam (Kingma & Ba 2015) with Keras's defaults: lr 1e-3, beta_1 0.9, beta_2 0.999,
// epsilon 1e-7. For each parameter w with gradient g (regularizer gradient included),
// at step t (t = 1 on the first step):
//   g  = g + weight_decay * w                   coupled decay, as torch.optim.Adam (default 0)
//   m <- beta_1 m + (1 - beta_1) g
//   v <- beta_2 v + (1 - beta_2) g^2
//   Keras placement (default):
//     w <- w - lr sqrt(1 - beta_2^t) / (1 - beta_1^t) * m / (sqrt(v) + eps)
//   PyTorch placement (epsilon_placement = torch):
//     w <- w - lr / (1 - beta_1^t) * m / (sqrt(v) / sqrt(1 - beta_2^t) + eps)
//   (the two differ only in where eps enters: Keras's eps is eps/sqrt(1-beta_2^t) in
//   PyTorch's units.)
//   Proximal L1 (kernels), the proximal step in Adam's own diagonal metric:
//     w <- sign(w) max(|w| - c * alpha_i, 0),
//     alpha_i = lr sqrt(1 - beta_2^t) / (sqrt(v_i) + eps)       (Keras placement)
//     alpha_i = lr / (sqrt(v_i) / sqrt(1 - beta_2^t) + eps)     (PyTorch placement)
//   alpha_i is the per-coordinate step that multiplies the bias-corrected gradient
//   estimate m / (1 - beta_1^t), so a fixed point satisfies the L1 optimality condition
//   |dLoss/dw_i| <= c at w_i = 0: coordinates whose gradient stays below c are zeroed
//   and stay exactly zero (real sparsity), larger ones shrink by c per unit gradient.
#pragma once

#include <unordered_map>
#include <vector>

#include "regkit/nn/optimizers/optimizer.hpp"

namespace regkit::nn {

enum class EpsilonPlacement { keras, torch };

struct AdamOptions {
  double learning_rate = 1e-3;
  double beta_1 = 0.9;
  double beta_2 = 0.999;
  double epsilon = 1e-7;  // Keras default; PyTorch uses 1e-8
  EpsilonPlacement epsilon_placement = EpsilonPlacement::keras;
  double weight_decay = 0.0;  // Adam: coupled (gradient + wd*w); AdamW: decoupled
  double proximal_l1 = 0.0;   // c: soft-threshold kernels by c * alpha_i after each step
  void validate(const char* where) const;
};

template <class T>
class Adam : public Optimizer<T> {
 public:
  explicit Adam(const AdamOptions& options = {});
  std::string name() const override { return "adam"; }
  void begin_step(const std::vector<Parameter<T>>& params) override;
  double update(const Parameter<T>& p, Index begin, Index end) override;
  double learning_rate() const override { return options_.learning_rate; }
  double proximal_l1() const override { return options_.proximal_l1; }
  std::map<std::string, double> settings() const override {
    return {{"learning_rate", options_.learning_rate}, {"beta_1", options_.beta_1},
            {"beta_2", options_.beta_2},               {"epsilon", options_.epsilon},
            {"weight_decay", options_.weight_decay},   {"proximal_l1", options_.proximal_l1},
            {"epsilon_placement", options_.epsilon_placement == EpsilonPlacement::torch ? 1.0 : 0.0}};
  }
  OptimizerState<T> state(const std::vector<Parameter<T>>& params) const override;
  void set_state(const std::vector<Parameter<T>>& params, const OptimizerState<T>& state) override;
  const AdamOptions& options() const { return options_; }

 protected:
  Adam(const AdamOptions& options, bool decoupled_weight_decay);

 private:
  struct State {
    std::vector<T> m, v;
  };
  AdamOptions options_;
  bool decoupled_ = false;
  std::unordered_map<std::uint64_t, State> state_;
};

}  // namespace regkit::nn
