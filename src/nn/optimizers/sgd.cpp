// SGD, PyTorch semantics (see sgd.hpp for the exact update).
#include "regkit/nn/optimizers/sgd.hpp"

#include "detail.hpp"
#include "regkit/core/check.hpp"

namespace regkit::nn {

void SgdOptions::validate() const {
  check::positive("SGD", "learning_rate", learning_rate);
  check::non_negative("SGD", "momentum", momentum);
  check::non_negative("SGD", "dampening", dampening);
  check::non_negative("SGD", "weight_decay", weight_decay);
  check::non_negative("SGD", "proximal_l1", proximal_l1);
  if (nesterov && (momentum <= 0.0 || dampening != 0.0))
    throw InvalidArgument("SGD: nesterov needs momentum > 0 and dampening 0 (as PyTorch); got momentum " +
                          check::str(momentum) + ", dampening " + check::str(dampening));
}

template <class T>
Sgd<T>::Sgd(const SgdOptions& options) : options_(options) {
  options_.validate();
}

template <class T>
void Sgd<T>::begin_step(const std::vector<Parameter<T>>& params) {
  ++this->t_;
  for (const auto& p : params) {
    auto [it, inserted] = state_.try_emplace(p.id);
    State& s = it->second;
    // The buffer starts as this step's d (PyTorch: momentum_buffer is None on the first step).
    s.first = inserted;
    if (inserted && options_.momentum != 0.0) s.momentum_buffer.assign(static_cast<std::size_t>(p.size), T(0));
  }
}

template <class T>
double Sgd<T>::update(const Parameter<T>& p, Index begin, Index end) {
  const double penalty = detail::range_penalty(p, begin, end, options_.proximal_l1);
  State& s = state_.at(p.id);
  const T lr = static_cast<T>(options_.learning_rate);
  const T wd = static_cast<T>(options_.weight_decay);
  const T mu = static_cast<T>(options_.momentum);
  const T damp = T(1) - static_cast<T>(options_.dampening);
  const T reg_l1 = static_cast<T>(p.regularizer.l1), reg_l2x2 = static_cast<T>(2.0 * p.regularizer.l2);
  const bool prox = options_.proximal_l1 > 0.0 && !p.is_bias;
  const T tau = static_cast<T>(options_.learning_rate * options_.proximal_l1);
  T* w = p.value;
  const T* grad = p.grad;
  if (mu == T(0)) {
    for (Index i = begin; i < end; ++i) {
      const T d = grad[i] + reg_l1 * detail::sign(w[i]) + reg_l2x2 * w[i] + wd * w[i];
      w[i] -= lr * d;
    }
  } else {
    T* buf = s.momentum_buffer.data();
    const bool first = s.first;
    for (Index i = begin; i < end; ++i) {
      T d = grad[i] + reg_l1 * detail::sign(w[i]) + reg_l2x2 * w[i] + wd * w[i];
      buf[i] = first ? d : mu * buf[i] + damp * d;
      d = options_.nesterov ? d + mu * buf[i] : buf[i];
      w[i] -= lr * d;
    }
  }
  if (prox)
    for (Index i = begin; i < end; ++i) w[i] = detail::soft_threshold(w[i], tau);
  return penalty;
}

template <class T>
OptimizerState<T> Sgd<T>::state(const std::vector<Parameter<T>>& params) const {
  OptimizerState<T> out;
  out.optimizer = name();
  out.iterations = this->t_;
  for (const auto& p : params) {
    std::map<std::string, std::vector<T>> b;
    if (const auto it = state_.find(p.id); it != state_.end()) b["momentum"] = it->second.momentum_buffer;
    out.buffers.push_back(std::move(b));
  }
  return out;
}

template <class T>
void Sgd<T>::set_state(const std::vector<Parameter<T>>& params, const OptimizerState<T>& s) {
  detail::check_state(name(), params, s, {"momentum"}, options_.momentum == 0.0);
  if (options_.momentum != 0.0)
    for (std::size_t i = 0; i < params.size(); ++i)
      if (!s.buffers[i].empty() && s.buffers[i].at("momentum").empty())
        throw InvalidArgument("optimizer state: SGD has momentum " + check::str(options_.momentum) +
                              " but the state of parameter " + params[i].name + " has no momentum buffer");
  state_.clear();
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (s.buffers[i].empty()) continue;
    State& st = state_[params[i].id];
    st.momentum_buffer = s.buffers[i].at("momentum");
    st.first = false;  // the next begin_step continues the buffer
  }
  this->t_ = s.iterations;
}

template class Sgd<float>;
template class Sgd<double>;

}  // namespace regkit::nn
