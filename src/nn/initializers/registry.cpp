// The initializer table: one line per initializer, sorted by name.
#include "regkit/nn/initializers/registry.hpp"

#include <functional>
#include <map>

#include "regkit/core/errors.hpp"
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
  const auto& t = table<T>();
  const auto it = t.find(name);
  if (it == t.end()) {
    std::string known;
    for (const auto& n : initializer_names()) known += (known.empty() ? "" : ", ") + n;
    throw InvalidArgument("initializer: unknown name '" + name + "'; expected one of " + known);
  }
  return it->second();
}

std::vector<std::string> initializer_names() {
  std::vector<std::string> names;
  for (const auto& [name, factory] : table<float>()) names.push_back(name);
  return names;
}

template std::unique_ptr<Initializer<float>> make_initializer<float>(const std::string&);
template std::unique_ptr<Initializer<double>> make_initializer<double>(const std::string&);

}  // namespace regkit::nn
