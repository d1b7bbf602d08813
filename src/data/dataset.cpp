// RawArray access and conversion: element i of a C-order array as double, 2-D arrays as
// column-major matrices, 1-D (or n x 1) arrays as vectors.
#include "regkit/data/dataset.hpp"

#include <algorithm>
#include <cstring>

#include "regkit/core/errors.hpp"

namespace regkit::data {

const char* dtype_name(DType dtype) {
  switch (dtype) {
    case DType::u8: return "uint8";
    case DType::i8: return "int8";
    case DType::i16: return "int16";
    case DType::i32: return "int32";
    case DType::i64: return "int64";
    case DType::f32: return "float32";
    case DType::f64: return "float64";
  }
  return "unknown";
}

std::size_t dtype_size(DType dtype) {
  switch (dtype) {
    case DType::u8:
    case DType::i8: return 1;
    case DType::i16: return 2;
    case DType::i32:
    case DType::f32: return 4;
    case DType::i64:
    case DType::f64: return 8;
  }
  return 0;
}

namespace {

template <typename T>
T load(const std::uint8_t* bytes, std::int64_t i) {
  T value;
  std::memcpy(&value, bytes + static_cast<std::size_t>(i) * sizeof(T), sizeof(T));
  return value;
}

// Calls f(tag) with a value of the C++ type stored under `dtype`.
template <typename F>
decltype(auto) visit_dtype(DType dtype, F&& f) {
  switch (dtype) {
    case DType::u8: return f(std::uint8_t{});
    case DType::i8: return f(std::int8_t{});
    case DType::i16: return f(std::int16_t{});
    case DType::i32: return f(std::int32_t{});
    case DType::i64: return f(std::int64_t{});
    case DType::f32: return f(float{});
    case DType::f64: return f(double{});
  }
  return f(double{});
}

std::string shape_text(const std::vector<std::int64_t>& shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) text += ", ";
    text += std::to_string(shape[i]);
  }
  if (shape.size() == 1) text += ",";
  return text + ")";
}

void check_consistent(const RawArray& array, const std::string& what) {
  const auto expected = static_cast<std::uint64_t>(array.size()) * dtype_size(array.dtype);
  if (array.bytes.size() != expected)
    throw DataError(what + ": array of shape " + shape_text(array.shape) + " " +
                    dtype_name(array.dtype) + " should hold " + std::to_string(expected) +
                    " bytes but holds " + std::to_string(array.bytes.size()));
}

}  // namespace

std::int64_t RawArray::size() const {
  // A zero extent anywhere makes the array empty, whatever the other extents (the
  // product of the others may not fit 64 bits: fuzz/regressions/idx/zero_dimension_last).
  for (const auto extent : shape)
    if (extent == 0) return 0;
  std::int64_t count = 1;
  for (const auto extent : shape)
    if (__builtin_mul_overflow(count, extent, &count))
      throw DataError("RawArray: the shape's element count overflows 64 bits");
  return count;
}

double RawArray::at(std::int64_t i) const {
  if (i < 0 || i >= size())
    throw InvalidArgument("RawArray::at: index " + std::to_string(i) + " is out of range for " +
                          std::to_string(size()) + " elements");
  return visit_dtype(dtype, [&](auto tag) {
    return static_cast<double>(load<decltype(tag)>(bytes.data(), i));
  });
}

Matrix RawArray::to_matrix(const std::string& what) const {
  if (shape.size() != 2)
    throw DataError(what + ": expected a 2-D array, found shape " + shape_text(shape));
  check_consistent(*this, what);
  const Index n = static_cast<Index>(shape[0]);
  const Index p = static_cast<Index>(shape[1]);
  Matrix m(n, p);
  // Empty (4194239487 x 0 from a 12-byte IDX file): nothing to convert, and no loop over
  // the rows (fuzz/regressions/idx/empty_rows_slow took 11 s in the sanitized build).
  if (m.size() == 0) return m;
  visit_dtype(dtype, [&](auto tag) {
    using T = decltype(tag);
    // A transpose (C order in, column-major out), in blocks of rows so that both the
    // rows read and the column pieces written stay in cache.
    constexpr Index kBlock = 64;
    const std::uint8_t* data = bytes.data();
    for (Index start = 0; start < n; start += kBlock) {
      const Index stop = std::min(n, start + kBlock);
      for (Index j = 0; j < p; ++j) {
        double* column = m.col(j).data();
        for (Index i = start; i < stop; ++i) column[i] = static_cast<double>(load<T>(data, i * p + j));
      }
    }
  });
  return m;
}

Vector RawArray::to_vector(const std::string& what) const {
  const bool column = shape.size() == 2 && shape[1] == 1;
  if (shape.size() != 1 && !column)
    throw DataError(what + ": expected a 1-D array (or n x 1), found shape " + shape_text(shape));
  check_consistent(*this, what);
  const Index n = static_cast<Index>(shape[0]);
  Vector v(n);
  visit_dtype(dtype, [&](auto tag) {
    using T = decltype(tag);
    for (Index i = 0; i < n; ++i) v[i] = static_cast<double>(load<T>(bytes.data(), i));
  });
  return v;
}

}  // namespace regkit::data
