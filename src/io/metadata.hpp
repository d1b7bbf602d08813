// Typed reads of a model file's metadata, shared by the linear and logistic model loaders.
// Numbers are written with 17 significant digits (check::str), which round-trips every double.
#pragma once

#include <stdexcept>
#include <string>

#include "regkit/core/errors.hpp"
#include "regkit/io/tensor_file.hpp"

namespace regkit::io::detail {

inline double meta_double(const TensorFile& file, const std::string& key) {
  const std::string& text = file.meta(key);
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used != text.size()) throw std::invalid_argument(text);
    return v;
  } catch (const std::exception&) {
    throw DataError(file.source + ": metadata \"" + key + "\" is not a number: \"" + text + "\"");
  }
}

inline bool meta_bool(const TensorFile& file, const std::string& key) {
  const std::string& text = file.meta(key);
  if (text == "true") return true;
  if (text == "false") return false;
  throw DataError(file.source + ": metadata \"" + key + "\" must be true or false; got \"" + text + "\"");
}

}  // namespace regkit::io::detail
