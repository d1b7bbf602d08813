// Row-exact GEMM (see rowwise_gemm.hpp): register tiles of kRows rows by cols_per_tile()
// columns, the k loop in blocks of kDepth whose partial sums go back to C between blocks
// (that keeps the order: the next block starts from the stored partial sum). A last,
// narrower column block reads a zero-padded copy of its B panel, so it runs the same
// vector code as the others (the extra columns are computed and dropped).
#include "rowwise_gemm.hpp"

#include <algorithm>
#include <vector>

namespace regkit::nn::detail {
namespace {

constexpr Index kDepth = 256;
#if defined(__AVX512F__)
constexpr Index kRows = 8;          // 8 x 2 zmm accumulators of 16 floats
constexpr Index kTileBytes = 128;   // 32 floats, 16 doubles
#else
constexpr Index kRows = 6;          // 6 x 2 ymm accumulators of 8 floats
constexpr Index kTileBytes = 64;    // 16 floats, 8 doubles
#endif

template <class T>
constexpr Index cols_per_tile() {
  return kTileBytes / static_cast<Index>(sizeof(T));
}

// Rows [0, R) x columns [0, w) of C over l in [l0, l1); b has cols_per_tile() readable
// columns (padded when w is less).
template <class T, Index R>
void tile(Index w, Index l0, Index l1, bool first, const T* a, Index lda, const T* b, Index ldb, T* c, Index ldc) {
  constexpr Index W = cols_per_tile<T>();
  T acc[R][W];
  for (Index r = 0; r < R; ++r)
    for (Index j = 0; j < W; ++j) acc[r][j] = (first || j >= w) ? T(0) : c[r * ldc + j];
  for (Index l = l0; l < l1; ++l) {
    const T* bl = b + l * ldb;
    for (Index r = 0; r < R; ++r) {
      const T ar = a[r * lda + l];
      for (Index j = 0; j < W; ++j) acc[r][j] = madd(ar, bl[j], acc[r][j]);
    }
  }
  for (Index r = 0; r < R; ++r)
    for (Index j = 0; j < w; ++j) c[r * ldc + j] = acc[r][j];
}

template <class T, Index R>
void rows_of_tiles(Index m, Index w, Index l0, Index l1, bool first, const T* a, Index lda, const T* b, Index ldb,
                   T* c, Index ldc) {
  Index i = 0;
  for (; i + R <= m; i += R) tile<T, R>(w, l0, l1, first, a + i * lda, lda, b, ldb, c + i * ldc, ldc);
  for (; i < m; ++i) tile<T, 1>(w, l0, l1, first, a + i * lda, lda, b, ldb, c + i * ldc, ldc);
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
  // The last, narrower column block's B panel, zero-padded to W columns.
  const Index tail_start = n - n % W, tail = n % W;
  thread_local std::vector<T> padded;
  if (tail > 0) {
    padded.assign(static_cast<std::size_t>(k * W), T(0));
    for (Index l = 0; l < k; ++l) std::copy(b + l * ldb + tail_start, b + l * ldb + n, padded.data() + l * W);
  }
  for (Index l0 = 0; l0 < k; l0 += kDepth) {
    const Index l1 = std::min(k, l0 + kDepth);
    const bool first = l0 == 0;
    for (Index j0 = 0; j0 < tail_start; j0 += W)
      rows_of_tiles<T, kRows>(m, W, l0, l1, first, a, lda, b + j0, ldb, c + j0, ldc);
    if (tail > 0)
      rows_of_tiles<T, kRows>(m, tail, l0, l1, first, a, lda, padded.data(), W, c + tail_start, ldc);
  }
}

template void gemm_rowwise<float>(Index, Index, Index, const float*, Index, const float*, Index, float*, Index);
template void gemm_rowwise<double>(Index, Index, Index, const double*, Index, const double*, Index, double*,
                                   Index);

}  // namespace regkit::nn::detail
