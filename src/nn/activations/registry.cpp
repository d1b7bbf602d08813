// The activation table: one line per activation, sorted by name.
#include "regkit/nn/activations/registry.hpp"

#include <functional>
#include <map>

#include "regkit/core/registry.hpp"
#include "regkit/nn/activations/elu.hpp"
#include "regkit/nn/activations/linear.hpp"
#include "regkit/nn/activations/relu.hpp"
#include "regkit/nn/activations/sigmoid.hpp"
#include "regkit/nn/activations/softmax.hpp"
#include "regkit/nn/activations/tanh.hpp"

namespace regkit::nn {
namespace {

template <class T>
const std::map<std::string, std::function<std::unique_ptr<Activation<T>>()>>& table() {
  static const std::map<std::string, std::function<std::unique_ptr<Activation<T>>()>> entries = {
      {"elu", [] { return std::make_unique<ElementwiseActivation<T, EluFunction>>(); }},
      {"linear", [] { return std::make_unique<ElementwiseActivation<T, LinearFunction>>(); }},
      {"relu", [] { return std::make_unique<ElementwiseActivation<T, ReluFunction>>(); }},
      {"sigmoid", [] { return std::make_unique<ElementwiseActivation<T, SigmoidFunction>>(); }},
      {"softmax", [] { return std::make_unique<Softmax<T>>(); }},
      {"tanh", [] { return std::make_unique<ElementwiseActivation<T, TanhFunction>>(); }},
  };
  return entries;
}


}  // namespace

template <class T>
std::unique_ptr<Activation<T>> make_activation(const std::string& name) {
  return registry_lookup(table<T>(), name, "activation")();
}

std::vector<std::string> activation_names() {
  return registry_names(table<float>());
}

template std::unique_ptr<Activation<float>> make_activation<float>(const std::string&);
template std::unique_ptr<Activation<double>> make_activation<double>(const std::string&);

}  // namespace regkit::nn
