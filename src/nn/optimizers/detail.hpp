// Shared pieces of the optimizers' update loops.
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include <map>
#include <string>
#include <vector>

#include "regkit/core/errors.hpp"
#include "regkit/nn/optimizers/optimizer.hpp"
#include "regkit/nn/parameter.hpp"

namespace regkit::nn::detail {

// Penalty of w[begin, end): regularizer (a|w| + b w^2) + c|w| for proximal L1 (kernels).
template <class T>
double range_penalty(const Parameter<T>& p, Index begin, Index end, double prox) {
  const double a = p.regularizer.l1 + (p.is_bias ? 0.0 : prox), b = p.regularizer.l2;
  if (a == 0.0 && b == 0.0) return 0.0;
  // Vectorized sums in T over the (cache-sized) range, as Keras sums in float32.
  const Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>> w(p.value + begin, end - begin);
  const double s1 = a != 0.0 ? static_cast<double>(w.abs().sum()) : 0.0;
  const double s2 = b != 0.0 ? static_cast<double>(w.square().sum()) : 0.0;
  return a * s1 + b * s2;
}

// Checks a checkpointed optimizer state against this optimizer and its parameters:
// the name, the parameter count, and that every named buffer has `p.size` entries
// (or is empty where `may_be_empty`).
template <class T>
void check_state(const std::string& name, const std::vector<Parameter<T>>& params, const OptimizerState<T>& state,
                 const std::vector<std::string>& keys, bool may_be_empty) {
  if (state.optimizer != name)
    throw InvalidArgument("optimizer state: it was saved by optimizer '" + state.optimizer + "', this is '" + name + "'");
  if (state.iterations < 0)
    throw InvalidArgument("optimizer state: negative step count " + std::to_string(state.iterations));
  if (state.buffers.size() != params.size())
    throw InvalidArgument("optimizer state: it holds " + std::to_string(state.buffers.size()) +
                          " parameters, the model has " + std::to_string(params.size()));
  for (std::size_t i = 0; i < params.size(); ++i) {
    const auto& b = state.buffers[i];
    if (b.empty()) continue;
    for (const auto& key : keys) {
      const auto it = b.find(key);
      if (it == b.end())
        throw InvalidArgument("optimizer state: parameter " + std::to_string(i) + " (" + params[i].name +
                              ") has no '" + key + "' buffer");
      const auto got = static_cast<Index>(it->second.size());
      if (got != params[i].size && !(may_be_empty && got == 0))
        throw InvalidArgument("optimizer state: buffer '" + key + "' of parameter " + std::to_string(i) + " (" +
                              params[i].name + ") has " + std::to_string(got) + " values; expected " +
                              std::to_string(params[i].size));
    }
  }
}

template <class T>
inline T sign(T x) {
  return static_cast<T>((x > T(0)) - (x < T(0)));
}

// sign(w) max(|w| - tau, 0), exact zeros.
template <class T>
inline T soft_threshold(T w, T tau) {
  const T shrunk = std::max(std::abs(w) - tau, T(0));
  return w < T(0) ? -shrunk : shrunk;
}

}  // namespace regkit::nn::detail
