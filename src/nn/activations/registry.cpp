// The activation table: one line per activation, sorted by name.
#include "regkit/nn/activations/registry.hpp"

#include <functional>
#include <map>

#include "regkit/core/errors.hpp"
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

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

}  // namespace

template <class T>
std::unique_ptr<Activation<T>> make_activation(const std::string& name) {
  const auto& t = table<T>();
  const auto it = t.find(name);
  if (it == t.end())
    throw InvalidArgument("activation: unknown name '" + name + "'; expected one of " + joined(activation_names()));
  return it->second();
}

std::vector<std::string> activation_names() {
  std::vector<std::string> names;
  for (const auto& [name, factory] : table<float>()) names.push_back(name);
  return names;
}

template std::unique_ptr<Activation<float>> make_activation<float>(const std::string&);
template std::unique_ptr<Activation<double>> make_activation<double>(const std::string&);

}  // namespace regkit::nn
