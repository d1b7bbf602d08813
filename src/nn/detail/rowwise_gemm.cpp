// Row-exact GEMM (see rowwise_gemm.hpp). Register tiles of kRows rows by two vectors of
// columns, written with the FMA intrinsics of the build's widest vectors (AVX-512 or
// AVX2 + FMA; plain loops otherwise): every lane is one entry of C and every step one
// fused multiply-add, the same operation as the scalar madd, so the tiling, the vector
// width and the compiler's vectorizer cannot change a result. The k loop runs in blocks
// of kDepth whose partial sums go back to C between blocks (the next block starts from
// the stored partial sum: the order is kept). A last, narrower column block reads a
// zero-padded copy of its B panel and goes through a small row buffer, so it runs the
// same vector code (the extra columns are computed and dropped).
#include "rowwise_gemm.hpp"

#if defined(__AVX512F__) || (defined(__AVX2__) && defined(__FMA__))
#include <immintrin.h>
#endif

#include <algorithm>
#include <vector>

namespace regkit::nn::detail {
namespace {

constexpr Index kDepth = 256;

// Simd<T>: the vector type of T with lanes, load, store, broadcast and fused multiply-add.
template <class T>
struct Simd;
#if defined(__AVX512F__)
constexpr Index kRows = 8;  // 8 x 2 accumulators of the 32 zmm registers
template <>
struct Simd<float> {
  using V = __m512;
  static constexpr Index lanes = 16;
  static V zero() { return _mm512_setzero_ps(); }
  static V load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, V v) { _mm512_storeu_ps(p, v); }
  static V broadcast(float x) { return _mm512_set1_ps(x); }
  static V fmadd(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
};
template <>
struct Simd<double> {
  using V = __m512d;
  static constexpr Index lanes = 8;
  static V zero() { return _mm512_setzero_pd(); }
  static V load(const double* p) { return _mm512_loadu_pd(p); }
  static void store(double* p, V v) { _mm512_storeu_pd(p, v); }
  static V broadcast(double x) { return _mm512_set1_pd(x); }
  static V fmadd(V a, V b, V c) { return _mm512_fmadd_pd(a, b, c); }
};
#elif defined(__AVX2__) && defined(__FMA__)
constexpr Index kRows = 6;  // 6 x 2 accumulators of the 16 ymm registers
template <>
struct Simd<float> {
  using V = __m256;
  static constexpr Index lanes = 8;
  static V zero() { return _mm256_setzero_ps(); }
  static V load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
  static V broadcast(float x) { return _mm256_set1_ps(x); }
  static V fmadd(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
};
template <>
struct Simd<double> {
  using V = __m256d;
  static constexpr Index lanes = 4;
  static V zero() { return _mm256_setzero_pd(); }
  static V load(const double* p) { return _mm256_loadu_pd(p); }
  static void store(double* p, V v) { _mm256_storeu_pd(p, v); }
  static V broadcast(double x) { return _mm256_set1_pd(x); }
  static V fmadd(V a, V b, V c) { return _mm256_fmadd_pd(a, b, c); }
};
#else
constexpr Index kRows = 4;
template <class T>
struct Simd {  // one lane: plain madd (a * b + c without FMA hardware)
  using V = T;
  static constexpr Index lanes = 1;
  static V zero() { return T(0); }
  static V load(const T* p) { return *p; }
  static void store(T* p, V v) { *p = v; }
  static V broadcast(T x) { return x; }
  static V fmadd(V a, V b, V c) { return madd(a, b, c); }
};
#endif

// Two vectors of columns per tile.
template <class T>
constexpr Index tile_cols() {
  return 2 * Simd<T>::lanes;
}

// C[0:R, 0:tile_cols) over l in [l0, l1): B has tile_cols readable columns, C too (the
// caller gives a row buffer for a narrower block).
template <class T, Index R>
void tile(Index l0, Index l1, bool first, const T* a, Index lda, const T* b, Index ldb, T* c, Index ldc) {
  using S = Simd<T>;
  constexpr Index L = S::lanes;
  typename S::V acc[R][2];
  for (Index r = 0; r < R; ++r) {
    acc[r][0] = first ? S::zero() : S::load(c + r * ldc);
    acc[r][1] = first ? S::zero() : S::load(c + r * ldc + L);
  }
  for (Index l = l0; l < l1; ++l) {
    const typename S::V b0 = S::load(b + l * ldb), b1 = S::load(b + l * ldb + L);
    for (Index r = 0; r < R; ++r) {
      const typename S::V ar = S::broadcast(a[r * lda + l]);
      acc[r][0] = S::fmadd(ar, b0, acc[r][0]);
      acc[r][1] = S::fmadd(ar, b1, acc[r][1]);
    }
  }
  for (Index r = 0; r < R; ++r) {
    S::store(c + r * ldc, acc[r][0]);
    S::store(c + r * ldc + L, acc[r][1]);
  }
}

template <class T>
void rows_of_tiles(Index m, Index l0, Index l1, bool first, const T* a, Index lda, const T* b, Index ldb, T* c,
                   Index ldc) {
  Index i = 0;
  for (; i + kRows <= m; i += kRows) tile<T, kRows>(l0, l1, first, a + i * lda, lda, b, ldb, c + i * ldc, ldc);
  for (; i < m; ++i) tile<T, 1>(l0, l1, first, a + i * lda, lda, b, ldb, c + i * ldc, ldc);
}

}  // namespace

template <class T>
void gemm_rowwise(Index m, Index n, Index k, const T* a, Index lda, const T* b, Index ldb, T* c, Index ldc) {
  constexpr Index W = tile_cols<T>();
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    for (Index i = 0; i < m; ++i) std::fill(c + i * ldc, c + i * ldc + n, T(0));
    return;
  }
  // The last, narrower column block: its B panel zero-padded to W columns, and its C
  // through a buffer of W columns per row.
  const Index tail_start = n - n % W, tail = n % W;
  thread_local std::vector<T> padded, buffer;
  if (tail > 0) {
    padded.assign(static_cast<std::size_t>(k * W), T(0));
    for (Index l = 0; l < k; ++l) std::copy(b + l * ldb + tail_start, b + l * ldb + n, padded.data() + l * W);
    buffer.assign(static_cast<std::size_t>(m * W), T(0));
  }
  for (Index l0 = 0; l0 < k; l0 += kDepth) {
    const Index l1 = std::min(k, l0 + kDepth);
    const bool first = l0 == 0;
    for (Index j0 = 0; j0 < tail_start; j0 += W) rows_of_tiles<T>(m, l0, l1, first, a, lda, b + j0, ldb, c + j0, ldc);
    if (tail > 0) rows_of_tiles<T>(m, l0, l1, first, a, lda, padded.data(), W, buffer.data(), W);
  }
  if (tail > 0)
    for (Index i = 0; i < m; ++i)
      std::copy(buffer.data() + i * W, buffer.data() + i * W + tail, c + i * ldc + tail_start);
}

template void gemm_rowwise<float>(Index, Index, Index, const float*, Index, const float*, Index, float*, Index);
template void gemm_rowwise<double>(Index, Index, Index, const double*, Index, const double*, Index, double*,
                                   Index);

}  // namespace regkit::nn::detail
