// Layers by type name: dense, dropout (src/nn/layers/registry.cpp). Model files store
// each layer's LayerConfig; loading makes the layer back through this table.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "regkit/nn/layers/layer.hpp"

namespace regkit::nn {

template <class T>
std::unique_ptr<Layer<T>> make_layer(const LayerConfig& config);
std::vector<std::string> layer_names();

}  // namespace regkit::nn
