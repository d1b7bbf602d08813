// Adam / AdamW (see adam.hpp and adamw.hpp for the exact updates).
#include "regkit/nn/optimizers/adam.hpp"

#include <cmath>
#include <type_traits>

#include "detail.hpp"
#include "regkit/core/check.hpp"

namespace regkit::nn {

void AdamOptions::validate(const char* where) const {
  check::positive(where, "learning_rate", learning_rate);
  if (!(beta_1 >= 0.0 && beta_1 < 1.0))
    throw InvalidArgument(std::string(where) + ": beta_1 must be in [0, 1); got " + check::str(beta_1));
  if (!(beta_2 >= 0.0 && beta_2 < 1.0))
    throw InvalidArgument(std::string(where) + ": beta_2 must be in [0, 1); got " + check::str(beta_2));
  check::positive(where, "epsilon", epsilon);
  check::non_negative(where, "weight_decay", weight_decay);
  check::non_negative(where, "proximal_l1", proximal_l1);
}

template <class T>
Adam<T>::Adam(const AdamOptions& options) : Adam(options, false) {}

template <class T>
Adam<T>::Adam(const AdamOptions& options, bool decoupled_weight_decay)
    : options_(options), decoupled_(decoupled_weight_decay) {
  options_.validate(decoupled_ ? "AdamW" : "Adam");
}

template <class T>
void Adam<T>::begin_step(const std::vector<Parameter<T>>& params) {
  ++this->t_;
  for (const auto& p : params) {
    auto [it, inserted] = state_.try_emplace(p.id);
    if (inserted) {
      it->second.m.assign(static_cast<std::size_t>(p.size), T(0));
      it->second.v.assign(static_cast<std::size_t>(p.size), T(0));
    }
  }
}

template <class T>
double Adam<T>::update(const Parameter<T>& p, Index begin, Index end) {
  const double penalty = detail::range_penalty(p, begin, end, options_.proximal_l1);
  State& s = state_.at(p.id);
  const double t = static_cast<double>(this->t_);
  const double lr = options_.learning_rate;
  const double bc1 = 1.0 - std::pow(options_.beta_1, t);
  const double bc2_sqrt = std::sqrt(1.0 - std::pow(options_.beta_2, t));
  const T b1 = static_cast<T>(options_.beta_1), b2 = static_cast<T>(options_.beta_2);
  const T one_b1 = static_cast<T>(1.0 - options_.beta_1), one_b2 = static_cast<T>(1.0 - options_.beta_2);
  const T eps = static_cast<T>(options_.epsilon);
  const T wd_coupled = decoupled_ ? T(0) : static_cast<T>(options_.weight_decay);
  const T decay = decoupled_ ? static_cast<T>(1.0 - lr * options_.weight_decay) : T(1);
  const T reg_l1 = static_cast<T>(p.regularizer.l1), reg_l2x2 = static_cast<T>(2.0 * p.regularizer.l2);
  const double c = (options_.proximal_l1 > 0.0 && !p.is_bias) ? options_.proximal_l1 : 0.0;
  T* w = p.value;
  const T* grad = p.grad;
  T* m = s.m.data();
  T* v = s.v.data();
  // Both placements are  w <- decay w - step * m / (sqrt(v) * root_scale + eps)  with
  //   Keras:   step = lr sqrt(1 - b2^t) / (1 - b1^t),  root_scale = 1
  //   PyTorch: step = lr / (1 - b1^t),                  root_scale = 1 / sqrt(1 - b2^t)
  // and the proximal threshold  tau_i = prox_scale / (sqrt(v_i) * root_scale + eps)  with
  //   prox_scale = c lr sqrt(1 - b2^t) (Keras) or c lr (PyTorch).
  const bool keras = options_.epsilon_placement == EpsilonPlacement::keras;
  const T step = static_cast<T>(keras ? lr * bc2_sqrt / bc1 : lr / bc1);
  const T root_scale = static_cast<T>(keras ? 1.0 : 1.0 / bc2_sqrt);
  const T prox_scale = static_cast<T>(keras ? c * lr * bc2_sqrt : c * lr);
  // One fused pass; the two variants keep the loop free of branches so it vectorizes.
  auto pass = [&](auto with_prox) {
    for (Index i = begin; i < end; ++i) {
      const T wi = w[i];
      const T g = grad[i] + reg_l1 * detail::sign(wi) + reg_l2x2 * wi + wd_coupled * wi;
      const T mi = b1 * m[i] + one_b1 * g;
      const T vi = b2 * v[i] + one_b2 * g * g;
      m[i] = mi;
      v[i] = vi;
      const T denom = std::sqrt(vi) * root_scale + eps;
      T wn = decay * wi - step * mi / denom;
      if constexpr (decltype(with_prox)::value) wn = detail::soft_threshold(wn, prox_scale / denom);
      w[i] = wn;
    }
  };
  if (c > 0.0)
    pass(std::true_type{});
  else
    pass(std::false_type{});
  return penalty;
}

template <class T>
OptimizerState<T> Adam<T>::state(const std::vector<Parameter<T>>& params) const {
  OptimizerState<T> out;
  out.optimizer = name();
  out.iterations = this->t_;
  for (const auto& p : params) {
    std::map<std::string, std::vector<T>> b;
    if (const auto it = state_.find(p.id); it != state_.end()) {
      b["m"] = it->second.m;
      b["v"] = it->second.v;
    }
    out.buffers.push_back(std::move(b));
  }
  return out;
}

template <class T>
void Adam<T>::set_state(const std::vector<Parameter<T>>& params, const OptimizerState<T>& s) {
  detail::check_state(name(), params, s, {"m", "v"}, false);
  state_.clear();
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (s.buffers[i].empty()) continue;
    State& st = state_[params[i].id];
    st.m = s.buffers[i].at("m");
    st.v = s.buffers[i].at("v");
  }
  this->t_ = s.iterations;
}

template class Adam<float>;
template class Adam<double>;

}  // namespace regkit::nn
