// ArrayView: row gathers with conversion (uint8 scaled, float, double).
#include "regkit/nn/tensor.hpp"

#include <cassert>

namespace regkit::nn {

double ArrayView::at(Index r, Index c) const {
  const Index i = r * cols + c;
  switch (type) {
    case Type::u8: return static_cast<double>(static_cast<const std::uint8_t*>(data)[i]) * scale;
    case Type::f32: return static_cast<double>(static_cast<const float*>(data)[i]);
    case Type::f64: return static_cast<const double*>(data)[i];
  }
  return 0.0;
}

ArrayView ArrayView::slice(Index begin, Index end) const {
  assert(begin >= 0 && begin <= end && end <= rows);
  ArrayView v = *this;
  const std::size_t offset = static_cast<std::size_t>(begin * cols);
  switch (type) {
    case Type::u8: v.data = static_cast<const std::uint8_t*>(data) + offset; break;
    case Type::f32: v.data = static_cast<const float*>(data) + offset; break;
    case Type::f64: v.data = static_cast<const double*>(data) + offset; break;
  }
  v.rows = end - begin;
  return v;
}

template <class T>
void ArrayView::gather(const Index* rows_to_take, Index count, T* out) const {
  const Index p = cols;
  switch (type) {
    case Type::u8: {
      const auto* src = static_cast<const std::uint8_t*>(data);
      const T s = static_cast<T>(scale);
      for (Index i = 0; i < count; ++i) {
        const std::uint8_t* row = src + rows_to_take[i] * p;
        T* dst = out + i * p;
        for (Index j = 0; j < p; ++j) dst[j] = static_cast<T>(row[j]) * s;
      }
      break;
    }
    case Type::f32: {
      const auto* src = static_cast<const float*>(data);
      for (Index i = 0; i < count; ++i) {
        const float* row = src + rows_to_take[i] * p;
        T* dst = out + i * p;
        for (Index j = 0; j < p; ++j) dst[j] = static_cast<T>(row[j]);
      }
      break;
    }
    case Type::f64: {
      const auto* src = static_cast<const double*>(data);
      for (Index i = 0; i < count; ++i) {
        const double* row = src + rows_to_take[i] * p;
        T* dst = out + i * p;
        for (Index j = 0; j < p; ++j) dst[j] = static_cast<T>(row[j]);
      }
      break;
    }
  }
}

template void ArrayView::gather<float>(const Index*, Index, float*) const;
template void ArrayView::gather<double>(const Index*, Index, double*) const;

}  // namespace regkit::nn
