// Classification data for the logistic tests: n x p Gaussian X with shifted and scaled
// columns (column j has mean 0.5 j and standard deviation 1 + 0.3 j), labels 0..k-1 drawn
// from a softmax model on the first columns.
#pragma once

#include <cstdint>

#include "regkit/core/types.hpp"
#include "support/random_data.hpp"

namespace regkit::test {

struct LabeledData {
  Matrix X;
  Vector y;
};

inline LabeledData make_labeled(Index n, Index p, Index k, std::uint64_t seed) {
  Gaussian g(seed);
  LabeledData t{Matrix(n, p), Vector(n)};
  for (Index j = 0; j < p; ++j)
    for (Index i = 0; i < n; ++i)
      t.X(i, j) = 0.5 * static_cast<double>(j) + (1.0 + 0.3 * static_cast<double>(j)) * g();
  for (Index i = 0; i < n; ++i) {
    Vector e(k);
    for (Index c = 0; c < k; ++c)
      e[c] = (c % 2 ? 1.0 : -1.0) * t.X(i, c % p) * 0.8 + 0.3 * t.X(i, (c + 1) % p) - 0.3 * static_cast<double>(c);
    e = (e.array() - e.maxCoeff()).exp();
    const double u = g.uniform() * e.sum();
    double acc = 0.0;
    Index c = 0;
    for (; c < k - 1; ++c) {
      acc += e[c];
      if (u < acc) break;
    }
    t.y[i] = static_cast<double>(c);
  }
  return t;
}

}  // namespace regkit::test
