// Initializers by name: glorot_uniform, he_normal, zeros (src/nn/initializers/registry.cpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "regkit/nn/initializers/initializer.hpp"

namespace regkit::nn {

template <class T>
std::unique_ptr<Initializer<T>> make_initializer(const std::string& name);
std::vector<std::string> initializer_names();

}  // namespace regkit::nn
