// SGD with PyTorch's semantics (torch.optim.SGD), for each parameter w with gradient g
// (g includes the regularizer's gradient):
//   d   = g + weight_decay * w                       coupled weight decay
//   if momentum != 0:
//     buf = d                          on this parameter's first step
//     buf = momentum * buf + (1 - dampening) * d     afterwards
//     d   = d + momentum * buf  if nesterov, else  d = buf
//   w  <- w - lr * d            (without momentum:  w <- (1 - lr*wd) w - lr * g)
//   proximal L1 (kernels):  w <- sign(w) max(|w| - lr * c, 0)
// Keras's SGD(momentum) keeps v = m v - lr g, w += v: the same iterates for a constant lr.
#pragma once

#include <unordered_map>
#include <vector>

#include "regkit/nn/optimizers/optimizer.hpp"

namespace regkit::nn {

struct SgdOptions {
  double learning_rate = 0.01;  // Keras default
  double momentum = 0.0;
  double dampening = 0.0;
  bool nesterov = false;
  double weight_decay = 0.0;  // coupled: added to the gradient as wd * w
  double proximal_l1 = 0.0;   // c: soft-threshold kernels by lr * c after each step
  void validate() const;
};

template <class T>
class Sgd final : public Optimizer<T> {
 public:
  explicit Sgd(const SgdOptions& options = {});
  std::string name() const override { return "sgd"; }
  void begin_step(const std::vector<Parameter<T>>& params) override;
  double update(const Parameter<T>& p, Index begin, Index end) override;
  double learning_rate() const override { return options_.learning_rate; }
  double proximal_l1() const override { return options_.proximal_l1; }
  std::map<std::string, double> settings() const override {
    return {{"learning_rate", options_.learning_rate}, {"momentum", options_.momentum},
            {"dampening", options_.dampening},         {"nesterov", options_.nesterov ? 1.0 : 0.0},
            {"weight_decay", options_.weight_decay},   {"proximal_l1", options_.proximal_l1}};
  }
  OptimizerState<T> state(const std::vector<Parameter<T>>& params) const override;
  void set_state(const std::vector<Parameter<T>>& params, const OptimizerState<T>& state) override;
  const SgdOptions& options() const { return options_; }

 private:
  struct State {
    std::vector<T> momentum_buffer;
    bool first = true;  // this step is the parameter's first
  };
  SgdOptions options_;
  std::unordered_map<std::uint64_t, State> state_;
};

}  // namespace regkit::nn
