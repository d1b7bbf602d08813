// The loss table: one line per loss, sorted by name.
#include "regkit/nn/losses/registry.hpp"

#include <functional>
#include <map>

#include "regkit/core/registry.hpp"
#include "regkit/nn/losses/binary_crossentropy.hpp"
#include "regkit/nn/losses/mean_squared_error.hpp"
#include "regkit/nn/losses/sparse_categorical_crossentropy.hpp"

namespace regkit::nn {
namespace {

template <class T>
const std::map<std::string, std::function<std::unique_ptr<Loss<T>>()>>& table() {
  static const std::map<std::string, std::function<std::unique_ptr<Loss<T>>()>> entries = {
      {"binary_crossentropy", [] { return std::make_unique<BinaryCrossentropy<T>>(); }},
      {"mean_squared_error", [] { return std::make_unique<MeanSquaredError<T>>(); }},
      {"mse", [] { return std::make_unique<MeanSquaredError<T>>(); }},
      {"sparse_categorical_crossentropy", [] { return std::make_unique<SparseCategoricalCrossentropy<T>>(); }},
  };
  return entries;
}

}  // namespace

template <class T>
std::unique_ptr<Loss<T>> make_loss(const std::string& name) {
  return registry_lookup(table<T>(), name, "loss")();
}

std::vector<std::string> loss_names() {
  return registry_names(table<float>());
}

template std::unique_ptr<Loss<float>> make_loss<float>(const std::string&);
template std::unique_ptr<Loss<double>> make_loss<double>(const std::string&);

}  // namespace regkit::nn
