// The initializer table: one line per initializer, sorted by name.
#include "regkit/nn/initializers/registry.hpp"

#include <functional>
#include <map>

#include "regkit/core/registry.hpp"
#include "regkit/nn/initializers/glorot_uniform.hpp"
#include "regkit/nn/initializers/he_normal.hpp"
#include "regkit/nn/initializers/zeros.hpp"

namespace regkit::nn {
namespace {

template <class T>
const std::map<std::string, std::function<std::unique_ptr<Initializer<T>>()>>& table() {
  static const std::map<std::string, std::function<std::unique_ptr<Initializer<T>>()>> entries = {
      {"glorot_uniform", [] { return std::make_unique<GlorotUniform<T>>(); }},
      {"he_normal", [] { return std::make_unique<HeNormal<T>>(); }},
      {"zeros", [] { return std::make_unique<Zeros<T>>(); }},
  };
  return entries;
}

}  // namespace

template <class T>
std::unique_ptr<Initializer<T>> make_initializer(const std::string& name) {
  return registry_lookup(table<T>(), name, "initializer")();
}

std::vector<std::string> initializer_names() {
  return registry_names(table<float>());
}

template std::unique_ptr<Initializer<float>> make_initializer<float>(const std::string&);
template std::unique_ptr<Initializer<double>> make_initializer<double>(const std::string&);

}  // namespace regkit::nn
