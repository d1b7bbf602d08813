// on_aligned_row: runs f on an Eigen map of a row of `width` entries that starts on a
// 64-byte boundary (the widest x86 vector). Eigen starts its vectorized loops (and
// reductions) at the first address aligned for its packets and does the entries before
// it one at a time: for exp, tanh and sums the scalar and vector paths round differently,
// so without this a row's activations would depend on the row's address, that is on its
// position in the batch. A row off the boundary is copied to an aligned scratch row and
// back; then the split between vector and scalar work depends on the width alone.
// (The library's EIGEN_MAX_ALIGN_BYTES is 32, less than an AVX-512 packet: Eigen's own
// aligned allocations do not settle it.)
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "regkit/core/types.hpp"

namespace regkit::nn::detail {

template <class T, class F>
void on_aligned_row(T* row, Index width, F&& f) {
  using Row = Eigen::Array<T, 1, Eigen::Dynamic>;
  constexpr std::uintptr_t kAlign = 64;
  if (reinterpret_cast<std::uintptr_t>(row) % kAlign == 0) {
    Eigen::Map<Row> r(row, width);
    f(r);
    return;
  }
  thread_local std::vector<T> scratch;
  const auto needed = static_cast<std::size_t>(width) + kAlign / sizeof(T);
  if (scratch.size() < needed) scratch.resize(needed);
  const auto address = reinterpret_cast<std::uintptr_t>(scratch.data());
  T* aligned = scratch.data() + (kAlign - address % kAlign) % kAlign / sizeof(T);
  Eigen::Map<Row> r(aligned, width);
  r = Eigen::Map<const Row>(row, width);
  f(r);
  Eigen::Map<Row>(row, width) = r;
}

}  // namespace regkit::nn::detail
