// Row-exact GEMM (see rowwise_gemm.hpp): register tiles of kRows rows by kCols columns,
// the k loop in blocks of kDepth whose partial sums go back to C between blocks (that
// keeps the order: the next block starts from the stored partial sum).
#include "rowwise_gemm.hpp"

#include <algorithm>

namespace regkit::nn::detail {
namespace {

constexpr Index kRows = 4;
constexpr Index kDepth = 256;

template <class T>
constexpr Index cols_per_tile() {
  return 128 / static_cast<Index>(sizeof(T));  // 32 floats or 16 doubles: a few vector registers
}

// Rows [i0, i0 + R) x columns [j0, j0 + w) of C over l in [l0, l1); w <= cols_per_tile.
template <class T, Index R>
void tile(Index w, Index l0, Index l1, bool first, const T* a, Index lda, const T* b, Index ldb, T* c, Index ldc) {
  constexpr Index W = cols_per_tile<T>();
  T acc[R][W];
  for (Index r = 0; r < R; ++r)
    for (Index j = 0; j < W; ++j) acc[r][j] = (first || j >= w) ? T(0) : c[r * ldc + j];
  if (w == W) {
    for (Index l = l0; l < l1; ++l) {
      const T* bl = b + l * ldb;
      for (Index r = 0; r < R; ++r) {
        const T ar = a[r * lda + l];
        for (Index j = 0; j < W; ++j) acc[r][j] = madd(ar, bl[j], acc[r][j]);
      }
    }
  } else {
    for (Index l = l0; l < l1; ++l) {
      const T* bl = b + l * ldb;
      for (Index r = 0; r < R; ++r) {
        const T ar = a[r * lda + l];
        for (Index j = 0; j < w; ++j) acc[r][j] = madd(ar, bl[j], acc[r][j]);
      }
    }
  }
  for (Index r = 0; r < R; ++r)
    for (Index j = 0; j < w; ++j) c[r * ldc + j] = acc[r][j];
}

}  // namespace

template <class T>
void gemm_rowwise(Index m, Index n, Index k, const T* a, Index lda, const T* b, Index ldb, T* c, Index ldc) {
  constexpr Index W = cols_per_tile<T>();
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    for (Index i = 0; i < m; ++i) std::fill(c + i * ldc, c + i * ldc + n, T(0));
    return;
  }
  for (Index l0 = 0; l0 < k; l0 += kDepth) {
    const Index l1 = std::min(k, l0 + kDepth);
    const bool first = l0 == 0;
    for (Index j0 = 0; j0 < n; j0 += W) {
      const Index w = std::min(W, n - j0);
      Index i = 0;
      for (; i + kRows <= m; i += kRows)
        tile<T, kRows>(w, l0, l1, first, a + i * lda, lda, b + j0, ldb, c + i * ldc + j0, ldc);
      for (; i < m; ++i) tile<T, 1>(w, l0, l1, first, a + i * lda, lda, b + j0, ldb, c + i * ldc + j0, ldc);
    }
  }
}

template void gemm_rowwise<float>(Index, Index, Index, const float*, Index, const float*, Index, float*, Index);
template void gemm_rowwise<double>(Index, Index, Index, const double*, Index, const double*, Index, double*,
                                   Index);

}  // namespace regkit::nn::detail
