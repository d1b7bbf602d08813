// Team: static block partition and OpenMP barrier; OpenBLAS thread control.
#include "regkit/nn/team.hpp"

#include <cblas.h>
#include <omp.h>

#include <algorithm>

#include "detail/blas.hpp"

namespace regkit::nn {

std::pair<Index, Index> Team::share(Index n, Index align) const {
  if (size <= 1) return {0, n};
  // Blocks of whole `align` units, spread as evenly as possible; the tail goes last.
  const Index units = (n + align - 1) / align;
  const Index base = units / size, extra = units % size;
  const Index first = rank * base + std::min<Index>(rank, extra);
  const Index count = base + (rank < extra ? 1 : 0);
  const Index begin = std::min(n, first * align);
  const Index end = std::min(n, (first + count) * align);
  return {begin, end};
}

void Team::barrier() const {
  if (size > 1) {
#pragma omp barrier
  }
}

namespace detail {
int blas_threads() { return openblas_get_num_threads(); }
void set_blas_threads(int threads) { openblas_set_num_threads(threads); }
}  // namespace detail

}  // namespace regkit::nn
