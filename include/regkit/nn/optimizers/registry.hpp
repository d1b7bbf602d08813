// Optimizers by name: adam, adamw, sgd (src/nn/optimizers/registry.cpp). The factory
// takes the options every optimizer understands; fields an optimizer does not use must
// be left at their defaults (the factory says which one was set).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "regkit/nn/optimizers/optimizer.hpp"

namespace regkit::nn {

struct OptimizerSettings {
  std::optional<double> learning_rate{};// default: the optimizer's own
  std::optional<double> momentum{};     // sgd only
  std::optional<double> weight_decay{}; // sgd, adam: coupled; adamw: decoupled
  double proximal_l1 = 0.0;
  bool nesterov = false;                // sgd only
};

template <class T>
std::unique_ptr<Optimizer<T>> make_optimizer(const std::string& name, const OptimizerSettings& settings = {});
std::vector<std::string> optimizer_names();

}  // namespace regkit::nn
