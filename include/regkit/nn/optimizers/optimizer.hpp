// Optimizer: updates every Parameter once per training step, from its `grad` (the
// gradient of the mean data loss) plus the gradient of its regularizer (Keras's
// kernel_regularizer: l1 contributes a*sign(w), l2 contributes 2*b*w).
//
// Per-parameter state (momentum buffer, Adam moments) is created on first use and kept
// in a map keyed by Parameter::id; the step count t advances once per step, before any
// parameter is updated (so the first step has t = 1), not once per tensor.
//
// Proximal L1 (`proximal_l1` = c > 0, kernels only, biases never): after the update of
// a coordinate, w <- sign(w) max(|w| - tau, 0), the proximal map of tau |w|; this gives
// exact zeros, which the subgradient of Keras's l1 regularizer never does. tau is the
// optimizer's own step size for that coordinate times c (each header says which).
// The objective is then mean loss + regularizers + c * sum |kernel|, and that last
// term is counted in the penalty reported by fit.
//
// Threads: step() is the single-threaded form. A team calls begin_step() on one thread,
// then update(p, begin, end) on disjoint ranges from every thread; update returns the
// penalty of the values in its range BEFORE the update (the penalty of the weights the
// batch's loss was computed with, as Keras reports it).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "regkit/nn/parameter.hpp"

namespace regkit::nn {

// An optimizer's whole state, for checkpoints (exact resume): the step count and, for
// each parameter in the order of the `params` list given, its named buffers (SGD
// "momentum"; Adam / AdamW "m" and "v"), or an empty map for a parameter never stepped.
// Keyed by position, not by Parameter::id (ids differ from process to process).
template <class T>
struct OptimizerState {
  std::string optimizer;  // name()
  std::int64_t iterations = 0;
  std::vector<std::map<std::string, std::vector<T>>> buffers;
};

template <class T>
class Optimizer {
 public:
  virtual ~Optimizer() = default;
  virtual std::string name() const = 0;

  // One full step over `params`; returns the penalty before the step.
  double step(const std::vector<Parameter<T>>& params);
  // Creates missing state and advances the step count (one thread).
  virtual void begin_step(const std::vector<Parameter<T>>& params) = 0;
  // Updates entries [begin, end) of p (any thread, disjoint ranges).
  virtual double update(const Parameter<T>& p, Index begin, Index end) = 0;

  std::int64_t iterations() const { return t_; }

  // Checkpoint state (see OptimizerState). set_state checks the optimizer name, the
  // parameter count and every buffer's length (InvalidArgument naming the mismatch).
  virtual OptimizerState<T> state(const std::vector<Parameter<T>>& params) const = 0;
  virtual void set_state(const std::vector<Parameter<T>>& params, const OptimizerState<T>& state) = 0;
  virtual double learning_rate() const = 0;
  virtual double proximal_l1() const = 0;
  // Every setting that changes the updates, by name, written exactly ("%.17g"): a
  // checkpoint is resumed only by an optimizer with the same settings.
  virtual std::map<std::string, double> settings() const = 0;

 protected:
  std::int64_t t_ = 0;
};

}  // namespace regkit::nn
