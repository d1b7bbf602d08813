// Seeded splits. Every random choice comes from std::mt19937_64(seed) (its output
// sequence is fixed by the C++ standard) through an explicit unbiased bounded draw and
// our own Fisher-Yates shuffle, so a seed gives the same split on every platform
// (std::shuffle and std::uniform_int_distribution are implementation-defined).
#include "regkit/data/split.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "regkit/core/check.hpp"
#include "regkit/core/errors.hpp"

namespace regkit::data {

namespace {

// Uniform in [0, bound) without modulo bias: reject the lowest (2^64 mod bound) values.
std::uint64_t bounded_draw(std::mt19937_64& engine, std::uint64_t bound) {
  const std::uint64_t threshold = (0 - bound) % bound;  // == 2^64 mod bound
  for (;;) {
    const std::uint64_t r = engine();
    if (r >= threshold) return r % bound;
  }
}

// Fisher-Yates: for i = n-1 .. 1, swap element i with a uniform j in [0, i].
template <typename T>
void shuffle(std::vector<T>& items, std::mt19937_64& engine) {
  for (std::size_t i = items.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(bounded_draw(engine, i));
    std::swap(items[i - 1], items[j]);
  }
}

std::vector<Index> iota(Index n) {
  std::vector<Index> order(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
  return order;
}

void check_folds(const char* where, Index n, int k) {
  if (k < 2)
    throw InvalidArgument(std::string(where) + ": k (the number of folds) must be >= 2; got " +
                          std::to_string(k));
  if (static_cast<Index>(k) > n)
    throw InvalidArgument(std::string(where) + ": k = " + std::to_string(k) +
                          " folds need at least k samples; got " + std::to_string(n));
}

void check_rows(const char* where, const std::vector<Index>& rows, Index n) {
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (rows[i] < 0 || rows[i] >= n)
      throw InvalidArgument(std::string(where) + ": row index " + std::to_string(rows[i]) +
                            " (entry " + std::to_string(i + 1) + ") is out of range for " +
                            std::to_string(n) + " rows");
}

}  // namespace

TrainTest train_test_split(Index n, double test_fraction, std::uint64_t seed) {
  if (n < 0) throw InvalidArgument("train_test_split: n must be >= 0; got " + std::to_string(n));
  if (!(test_fraction >= 0.0 && test_fraction <= 1.0))
    throw InvalidArgument("train_test_split: test_fraction must be in [0, 1]; got " +
                          check::str(test_fraction));
  std::mt19937_64 engine(seed);
  std::vector<Index> order = iota(n);
  shuffle(order, engine);
  const auto n_test = static_cast<std::size_t>(std::llround(test_fraction * static_cast<double>(n)));
  TrainTest split;
  split.test.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n_test));
  split.train.assign(order.begin() + static_cast<std::ptrdiff_t>(n_test), order.end());
  return split;
}

std::vector<int> kfold_ids(Index n, int k, std::uint64_t seed) {
  check_folds("kfold_ids", n, k);
  std::mt19937_64 engine(seed);
  std::vector<Index> order = iota(n);
  shuffle(order, engine);
  // Position i of the shuffled order goes to fold i mod k: sizes differ by at most one.
  std::vector<int> folds(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < order.size(); ++i)
    folds[static_cast<std::size_t>(order[i])] = static_cast<int>(i % static_cast<std::size_t>(k));
  return folds;
}

std::vector<int> stratified_kfold_ids(const Vector& labels, int k, std::uint64_t seed) {
  const Index n = labels.size();
  check_folds("stratified_kfold_ids", n, k);
  std::map<long long, std::vector<Index>> classes;  // sorted by label: platform independent
  for (Index i = 0; i < n; ++i) {
    const double label = labels[i];
    if (!std::isfinite(label) || label != std::floor(label) || std::fabs(label) > 9.0e15)
      throw InvalidArgument("stratified_kfold_ids: labels must be integers (class ids); entry " +
                            std::to_string(i + 1) + " is " + check::str(label));
    classes[static_cast<long long>(label)].push_back(i);
  }
  // Each class shuffled, then all classes dealt in turn onto folds 0, 1, ..., k-1, 0, ...
  // continuing across classes: each class spreads evenly (its fold counts differ by at
  // most one) and so do the fold sizes.
  std::mt19937_64 engine(seed);
  std::vector<int> folds(static_cast<std::size_t>(n));
  std::size_t position = 0;
  for (auto& [label, members] : classes) {
    shuffle(members, engine);
    for (const Index i : members)
      folds[static_cast<std::size_t>(i)] = static_cast<int>(position++ % static_cast<std::size_t>(k));
  }
  return folds;
}

Vector take_rows(const Vector& v, const std::vector<Index>& rows) {
  check_rows("take_rows", rows, v.size());
  Vector out(static_cast<Index>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) out[static_cast<Index>(i)] = v[rows[i]];
  return out;
}

Design take_rows(const Design& X, const std::vector<Index>& rows) {
  check_rows("take_rows", rows, regkit::rows(X));
  const auto m = static_cast<Index>(rows.size());
  if (const auto* dense = std::get_if<Matrix>(&X)) {
    Matrix out(m, dense->cols());
    for (Index j = 0; j < dense->cols(); ++j)
      for (Index i = 0; i < m; ++i) out(i, j) = (*dense)(rows[static_cast<std::size_t>(i)], j);
    return out;
  }
  // Sparse: pick rows from a row-major copy, then convert back to CSC (Eigen's
  // conversion sorts each column by row).
  using RowMajor = Eigen::SparseMatrix<double, Eigen::RowMajor>;
  RowMajor by_row = std::get<SparseMatrix>(X);
  by_row.makeCompressed();
  RowMajor picked(m, by_row.cols());
  Index nnz = 0;
  for (const Index r : rows) nnz += by_row.outerIndexPtr()[r + 1] - by_row.outerIndexPtr()[r];
  picked.resizeNonZeros(nnz);
  Index cursor = 0;
  picked.outerIndexPtr()[0] = 0;
  for (Index i = 0; i < m; ++i) {
    const Index r = rows[static_cast<std::size_t>(i)];
    for (Index e = by_row.outerIndexPtr()[r]; e < by_row.outerIndexPtr()[r + 1]; ++e) {
      picked.innerIndexPtr()[cursor] = by_row.innerIndexPtr()[e];
      picked.valuePtr()[cursor] = by_row.valuePtr()[e];
      ++cursor;
    }
    picked.outerIndexPtr()[i + 1] = static_cast<int>(cursor);
  }
  return SparseMatrix(picked);
}

Dataset take_rows(const Dataset& data, const std::vector<Index>& rows) {
  Dataset out;
  out.X = take_rows(data.X, rows);
  if (data.y.size() > 0) {
    check::same_rows("take_rows", data.n_samples(), data.y.size());
    out.y = take_rows(data.y, rows);
  }
  out.feature_names = data.feature_names;
  out.target_name = data.target_name;
  out.source = data.source;
  return out;
}

}  // namespace regkit::data
