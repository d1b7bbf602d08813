// LayerConfig lookups.
#include "regkit/core/errors.hpp"
#include "regkit/nn/layers/layer.hpp"

namespace regkit::nn {

const std::string& LayerConfig::get(const std::string& key) const {
  const auto it = values.find(key);
  if (it == values.end()) throw DataError("layer '" + type + "': the configuration has no '" + key + "'");
  return it->second;
}

}  // namespace regkit::nn
