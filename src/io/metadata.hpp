// Typed reads of a model file's metadata, shared by the linear and logistic model loaders.
// Numbers are written with 17 significant digits (check::str), which round-trips every double.
#pragma once

#include <cmath>
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

// Content checks shared by the model loaders: a file whose checksum holds can still have
// been written wrong by another tool; such a model must be refused, not predict nonsense.
inline void check_finite(const TensorFile& file, const std::string& name, const double* values, Index count) {
  for (Index i = 0; i < count; ++i)
    if (!std::isfinite(values[i]))
      throw DataError(file.source + ": tensor \"" + name + "\" has a non-finite value (" + std::to_string(values[i]) +
                      ") at entry " + std::to_string(i) + "; the model file is damaged");
}

// A path's lambdas: at least one, finite, >= 0, from the largest down (predictions
// interpolate between neighbours).
inline void check_lambdas(const TensorFile& file, const Vector& lambdas) {
  if (lambdas.size() == 0) throw DataError(file.source + ": the model has no lambdas");
  check_finite(file, "lambdas", lambdas.data(), lambdas.size());
  for (Index i = 0; i < lambdas.size(); ++i) {
    if (lambdas[i] < 0)
      throw DataError(file.source + ": lambda " + std::to_string(i) + " is negative (" + std::to_string(lambdas[i]) +
                      "); the model file is damaged");
    if (i > 0 && lambdas[i] > lambdas[i - 1])
      throw DataError(file.source + ": the lambdas are not in decreasing order (entry " + std::to_string(i) +
                      "); the model file is damaged");
  }
}

inline double meta_alpha(const TensorFile& file) {
  const double alpha = meta_double(file, "alpha");
  if (!(alpha >= 0.0 && alpha <= 1.0))
    throw DataError(file.source + ": metadata \"alpha\" must be in [0, 1]; got " + file.meta("alpha"));
  return alpha;
}

}  // namespace regkit::io::detail
