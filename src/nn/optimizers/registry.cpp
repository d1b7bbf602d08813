// The optimizer table: one line per optimizer, sorted by name.
#include "regkit/nn/optimizers/registry.hpp"

#include <functional>
#include <map>

#include "regkit/core/registry.hpp"
#include "regkit/nn/optimizers/adam.hpp"
#include "regkit/nn/optimizers/adamw.hpp"
#include "regkit/nn/optimizers/sgd.hpp"

namespace regkit::nn {
namespace {

void refuse(const std::string& name, const char* field, bool set) {
  if (set) throw InvalidArgument("optimizer " + name + ": does not take " + field);
}

AdamOptions adam_options(const OptimizerSettings& s, const std::string& name, AdamOptions o) {
  refuse(name, "momentum", s.momentum.has_value());
  refuse(name, "nesterov", s.nesterov);
  if (s.learning_rate) o.learning_rate = *s.learning_rate;
  if (s.weight_decay) o.weight_decay = *s.weight_decay;
  o.proximal_l1 = s.proximal_l1;
  return o;
}

template <class T>
using Factory = std::function<std::unique_ptr<Optimizer<T>>(const OptimizerSettings&)>;

template <class T>
const std::map<std::string, Factory<T>>& table() {
  static const std::map<std::string, Factory<T>> entries = {
      {"adam", [](const OptimizerSettings& s) { return std::make_unique<Adam<T>>(adam_options(s, "adam", {})); }},
      {"adamw", [](const OptimizerSettings& s) { return std::make_unique<AdamW<T>>(adam_options(s, "adamw", adamw_defaults())); }},
      {"sgd", [](const OptimizerSettings& s) {
         SgdOptions o;
         if (s.learning_rate) o.learning_rate = *s.learning_rate;
         if (s.momentum) o.momentum = *s.momentum;
         if (s.weight_decay) o.weight_decay = *s.weight_decay;
         o.nesterov = s.nesterov;
         o.proximal_l1 = s.proximal_l1;
         return std::make_unique<Sgd<T>>(o);
       }},
  };
  return entries;
}

}  // namespace

template <class T>
std::unique_ptr<Optimizer<T>> make_optimizer(const std::string& name, const OptimizerSettings& settings) {
  return registry_lookup(table<T>(), name, "optimizer")(settings);
}

std::vector<std::string> optimizer_names() {
  return registry_names(table<float>());
}

template std::unique_ptr<Optimizer<float>> make_optimizer<float>(const std::string&, const OptimizerSettings&);
template std::unique_ptr<Optimizer<double>> make_optimizer<double>(const std::string&, const OptimizerSettings&);

}  // namespace regkit::nn
