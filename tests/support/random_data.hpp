// Small seeded random problems for tests: Gaussian X (dense or sparse), y = X beta + noise.
// Deterministic on every platform (own Box-Muller over mt19937_64, no std distributions).
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "regkit/core/types.hpp"

namespace regkit::test {

class Gaussian {
 public:
  explicit Gaussian(std::uint64_t seed) : rng_(seed) {}
  double uniform() {  // in (0, 1)
    return (static_cast<double>(rng_() >> 11) + 0.5) * (1.0 / 9007199254740992.0);
  }
  double operator()() {
    const double u = uniform();
    const double v = uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
  }

 private:
  std::mt19937_64 rng_;
};

inline Matrix random_matrix(Index n, Index p, std::uint64_t seed, double column_shift = 0.0) {
  Gaussian g(seed);
  Matrix X(n, p);
  for (Index j = 0; j < p; ++j)
    for (Index i = 0; i < n; ++i)
      X(i, j) = g() * (1.0 + 0.5 * static_cast<double>(j % 3)) + column_shift * static_cast<double>(j);
  return X;
}

inline Vector random_vector(Index n, std::uint64_t seed) {
  Gaussian g(seed);
  Vector v(n);
  for (Index i = 0; i < n; ++i) v[i] = g();
  return v;
}

// Sparse X with about `density` of its entries nonzero (Gaussian values, shifted by 1 so
// columns have nonzero means and centering matters).
inline SparseMatrix random_sparse(Index n, Index p, double density, std::uint64_t seed) {
  Gaussian g(seed);
  std::vector<Eigen::Triplet<double>> entries;
  for (Index j = 0; j < p; ++j)
    for (Index i = 0; i < n; ++i)
      if (g.uniform() < density) entries.emplace_back(i, j, 1.0 + g());
  SparseMatrix X(n, p);
  X.setFromTriplets(entries.begin(), entries.end());
  return X;
}

// y = X beta + 0.3 noise + 2 (beta_j = 1, -0.5, 0.25, ... ).
inline Vector linear_target(const Matrix& X, std::uint64_t seed) {
  Vector beta(X.cols());
  for (Index j = 0; j < X.cols(); ++j) beta[j] = (j % 2 ? -1.0 : 1.0) / static_cast<double>(1 + j);
  return (X * beta).array() + 2.0 + 0.3 * random_vector(X.rows(), seed).array();
}

// Positive weights in (0.2, 2).
inline Vector random_weights(Index n, std::uint64_t seed) {
  Gaussian g(seed);
  Vector w(n);
  for (Index i = 0; i < n; ++i) w[i] = 0.2 + 1.8 * g.uniform();
  return w;
}

}  // namespace regkit::test
