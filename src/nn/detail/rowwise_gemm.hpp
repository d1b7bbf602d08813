// Row-exact GEMM for inference:  C = A B,  A is m x k (lda), B is k x n (ldb), C is m x n
// (ldc), all row-major.
//
// Every entry is accumulated the same way, whatever m, the blocking or the SIMD width:
//   c = 0;  for l = 0 .. k-1 in order:  c = madd(A[i][l], B[l][j], c)
// where madd is a fused multiply-add when the build targets FMA (std::fma) and a * b + c
// otherwise. Vector lanes run over j (independent entries), never over l, so a row of C
// depends only on its row of A and on B: not on the other rows of the batch, their order,
// the edge tiles or the machine's vector width (OpenBLAS's kernels give no such promise:
// its edge tiles and small-matrix kernels differ by CPU). Used by the networks' forward
// pass at prediction and evaluation time; training keeps OpenBLAS.
#pragma once

#include <cmath>

#include "regkit/core/types.hpp"

namespace regkit::nn::detail {

template <class T>
inline T madd(T a, T b, T c) {
#if defined(__FMA__)
  return std::fma(a, b, c);
#else
  return a * b + c;
#endif
}

template <class T>
void gemm_rowwise(Index m, Index n, Index k, const T* a, Index lda, const T* b, Index ldb, T* c, Index ldc);

}  // namespace regkit::nn::detail
