// Row-major GEMM through OpenBLAS's CBLAS, for float (sgemm) and double (dgemm):
//   gemm(ta, tb, m, n, k, A, lda, B, ldb, C, ldc):  C = op(A) op(B), C is m x n.
#pragma once

#include <cblas.h>

#include "regkit/core/types.hpp"

namespace regkit::nn::detail {

// C = 0 (an empty product: k == 0).
template <class T>
void zero(Index m, Index n, T* c, Index ldc) {
  for (Index i = 0; i < m; ++i)
    for (Index j = 0; j < n; ++j) c[i * ldc + j] = T(0);
}

inline void gemm(bool trans_a, bool trans_b, Index m, Index n, Index k, const float* a, Index lda,
                 const float* b, Index ldb, float* c, Index ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0) return zero(m, n, c, ldc);
  cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
              static_cast<blasint>(m), static_cast<blasint>(n), static_cast<blasint>(k), 1.0f, a,
              static_cast<blasint>(lda), b, static_cast<blasint>(ldb), 0.0f, c, static_cast<blasint>(ldc));
}

inline void gemm(bool trans_a, bool trans_b, Index m, Index n, Index k, const double* a, Index lda,
                 const double* b, Index ldb, double* c, Index ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0) return zero(m, n, c, ldc);
  cblas_dgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
              static_cast<blasint>(m), static_cast<blasint>(n), static_cast<blasint>(k), 1.0, a,
              static_cast<blasint>(lda), b, static_cast<blasint>(ldb), 0.0, c, static_cast<blasint>(ldc));
}

// OpenBLAS's thread count (global to the process).
int blas_threads();
void set_blas_threads(int threads);

}  // namespace regkit::nn::detail
