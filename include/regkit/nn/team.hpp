// Team: the threads that run one training step together, SPMD style. Every thread of
// the team calls the same layer / loss / optimizer functions with its own rank; each
// function takes its share of the work (a contiguous block of columns or rows, the
// same for a given size and team, so results are deterministic for a thread count) and
// synchronises with barrier() where a later stage reads what other threads wrote.
// A team of one (rank 0, size 1) is an ordinary single-threaded call.
#pragma once

#include <utility>

#include "regkit/core/types.hpp"

namespace regkit::nn {

struct Team {
  int rank = 0;
  int size = 1;

  // This thread's block [begin, end) of n items; block edges fall on multiples of
  // `align` (except the last), so SIMD loops and cache lines are not split.
  std::pair<Index, Index> share(Index n, Index align = 8) const;
  // Waits for every thread of the team (an OpenMP barrier; nothing for a team of one).
  void barrier() const;
};

}  // namespace regkit::nn
