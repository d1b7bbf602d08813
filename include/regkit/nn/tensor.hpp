// nn shape legend, used by every file under nn/:
//   b   rows in a batch (b <= max_batch), n samples, p input features,
//   in  / out  a Dense layer's input and output widths, k network outputs (classes).
//   Activations and gradients are row-major [b x units] buffers; a Dense kernel W is
//   [in x out] row-major (Keras's layout), its bias has out entries.
// Float32 is the production scalar; every template is also instantiated for double so
// that the tests can check gradients by central differences in double.
#pragma once

#include <Eigen/Dense>
#include <cstdint>

#include "regkit/core/types.hpp"

namespace regkit::nn {

template <class T>
using RowMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixF = RowMatrix<float>;

// A read-only view of n x p row-major values (inputs or targets), not copied. uint8
// values stay uint8 until a batch is formed, where they are multiplied by `scale`
// (1/255 for images), so a whole image set costs one byte per pixel in memory.
struct ArrayView {
  enum class Type { u8, f32, f64 };
  Type type = Type::f32;
  const void* data = nullptr;
  Index rows = 0;
  Index cols = 0;
  double scale = 1.0;  // applied to u8 values only

  static ArrayView of(const RowMatrix<float>& m) { return {Type::f32, m.data(), m.rows(), m.cols(), 1.0}; }
  static ArrayView of(const RowMatrix<double>& m) { return {Type::f64, m.data(), m.rows(), m.cols(), 1.0}; }
  static ArrayView u8(const std::uint8_t* values, Index n, Index p, double scale = 1.0 / 255.0) {
    return {Type::u8, values, n, p, scale};
  }
  static ArrayView f32(const float* values, Index n, Index p) { return {Type::f32, values, n, p, 1.0}; }
  static ArrayView f64(const double* values, Index n, Index p) { return {Type::f64, values, n, p, 1.0}; }

  // Entry (r, c) as a double (scaled for u8).
  double at(Index r, Index c) const;
  // Rows [begin, end) as a view of the same storage.
  ArrayView slice(Index begin, Index end) const;
  // out[i, :] = row rows[i] (scaled, converted to T) for i in [0, count); out has cols columns.
  template <class T>
  void gather(const Index* rows_to_take, Index count, T* out) const;
};

}  // namespace regkit::nn
