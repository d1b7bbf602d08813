// The layer table: one line per layer type, sorted by name.
#include "regkit/nn/layers/registry.hpp"

#include <functional>
#include <map>

#include "regkit/core/registry.hpp"
#include "regkit/nn/layers/dense.hpp"
#include "regkit/nn/layers/dropout.hpp"

namespace regkit::nn {
namespace {

template <class T>
using Factory = std::function<std::unique_ptr<Layer<T>>(const LayerConfig&)>;

template <class T>
const std::map<std::string, Factory<T>>& table() {
  static const std::map<std::string, Factory<T>> entries = {
      {"dense", [](const LayerConfig& c) { return std::make_unique<DenseLayer<T>>(Dense::from_config(c)); }},
      {"dropout", [](const LayerConfig& c) { return std::make_unique<DropoutLayer<T>>(Dropout::from_config(c)); }},
  };
  return entries;
}

}  // namespace

template <class T>
std::unique_ptr<Layer<T>> make_layer(const LayerConfig& config) {
  return registry_lookup(table<T>(), config.type, "layer")(config);
}

std::vector<std::string> layer_names() {
  return registry_names(table<float>());
}

template std::unique_ptr<Layer<float>> make_layer<float>(const LayerConfig&);
template std::unique_ptr<Layer<double>> make_layer<double>(const LayerConfig&);

}  // namespace regkit::nn
