// Layer: forward and backward side by side, and its parameters.
//
//   forward(x, b, pass)              x is b x input_dim (row-major, kept by the caller until
//                                    backward); returns the b x output_dim output, owned
//                                    by the layer.
//   backward(g, b, need_input_grad, pass)
//                                    g = dLoss/d output (b x output_dim; the layer may
//                                    overwrite it); fills each parameter's grad and returns
//                                    dLoss/d x (b x input_dim), or null when
//                                    need_input_grad is false (the first layer).
// Every thread of pass.team calls these with the same arguments; on return the output
// (or input gradient and parameter gradients) is complete for every thread. (Sequential
// trains data-parallel: each thread runs its own replica() on its rows of the batch
// with a team of one; a larger team splits one layer's work by columns instead.)
// No allocation happens in forward / backward: reserve() sizes the workspaces.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "regkit/nn/parameter.hpp"
#include "regkit/nn/rng.hpp"
#include "regkit/nn/team.hpp"

namespace regkit::nn {

// A layer's description as stored in a model file: its type and named values.
struct LayerConfig {
  std::string type;                           // "dense", "dropout"
  std::map<std::string, std::string> values;  // "units" -> "256", ...
  const std::string& get(const std::string& key) const;  // DataError if absent
};

struct Pass {
  bool training = false;
  std::uint64_t step = 0;  // training step number (dropout masks depend on it)
  std::uint64_t seed = 0;  // fit seed (dropout masks depend on it)
  Team team;
  Index row0 = 0;          // index of x's first row within the whole batch (dropout masks)
};

template <class T>
class Layer {
 public:
  virtual ~Layer() = default;
  virtual LayerConfig config() const = 0;
  virtual Index input_dim() const = 0;
  virtual Index output_dim() const = 0;
  // Creates the parameters for inputs of input_dim features and initializes them.
  virtual void build(Index input_dim, Rng& rng) = 0;
  // Sizes the workspaces for batches of up to max_batch rows.
  virtual void reserve(Index max_batch, bool need_input_grad) = 0;
  virtual const T* forward(const T* x, Index b, const Pass& pass) = 0;
  virtual T* backward(T* grad_out, Index b, bool need_input_grad, const Pass& pass) = 0;
  virtual std::vector<Parameter<T>> parameters() = 0;
  // A layer for another thread: it shares this layer's parameter VALUES (same memory,
  // same ids) but has its own gradients and workspaces (data-parallel training).
  virtual std::unique_ptr<Layer<T>> replica() const = 0;
};

}  // namespace regkit::nn
