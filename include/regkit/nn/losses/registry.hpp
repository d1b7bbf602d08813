// Losses by name: binary_crossentropy, mse (alias mean_squared_error),
// sparse_categorical_crossentropy (src/nn/losses/registry.cpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "regkit/nn/losses/loss.hpp"

namespace regkit::nn {

template <class T>
std::unique_ptr<Loss<T>> make_loss(const std::string& name);
std::vector<std::string> loss_names();

}  // namespace regkit::nn
