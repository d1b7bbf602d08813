// Activations by name: relu, elu, sigmoid, tanh, softmax, linear (src/nn/activations/registry.cpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "regkit/nn/activations/activation.hpp"

namespace regkit::nn {

// Throws InvalidArgument listing the known names when `name` is not one of them.
template <class T>
std::unique_ptr<Activation<T>> make_activation(const std::string& name);
std::vector<std::string> activation_names();

}  // namespace regkit::nn
