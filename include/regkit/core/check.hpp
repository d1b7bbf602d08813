// Boundary checks shared by every entry point, so messages share one shape:
//   "<where>: <quantity> <what was found>; expected <what was expected>".
#pragma once

#include <cmath>
#include <sstream>
#include <string>
#include <string_view>

#include "regkit/core/errors.hpp"
#include "regkit/core/types.hpp"

namespace regkit::check {

// Formats any streamable value the way messages print numbers (shortest round-trip-ish).
template <typename T>
std::string str(const T& value) {
  std::ostringstream os;
  os.precision(17);
  os << value;
  return os.str();
}

inline void non_negative(std::string_view where, std::string_view name, double value) {
  if (!(value >= 0.0) || !std::isfinite(value))
    throw InvalidArgument(std::string(where) + ": " + std::string(name) +
                          " must be a finite number >= 0; got " + str(value));
}

inline void positive(std::string_view where, std::string_view name, double value) {
  if (!(value > 0.0) || !std::isfinite(value))
    throw InvalidArgument(std::string(where) + ": " + std::string(name) +
                          " must be a finite number > 0; got " + str(value));
}

inline void in_unit_interval(std::string_view where, std::string_view name, double value) {
  if (!(value >= 0.0 && value <= 1.0))
    throw InvalidArgument(std::string(where) + ": " + std::string(name) +
                          " must be in [0, 1] (glmnet convention); got " + str(value));
}

// Thread counts a caller may ask for: 0 (the default count) to kMaxThreads. More threads
// than that are never useful here, and asking OpenMP or OpenBLAS for 100,000 of them
// crashes or aborts the process instead of failing with a message.
inline constexpr int kMaxThreads = 1024;
// Points of an automatic lambda grid (glmnet's default is 100): a path stores p values per
// point, and 10,000 is far beyond any useful resolution of a penalty grid.
inline constexpr long long kMaxLambdaCount = 10000;
inline void thread_count(std::string_view where, std::string_view name, long long threads) {
  if (threads < 0 || threads > kMaxThreads)
    throw InvalidArgument(std::string(where) + ": " + std::string(name) + " must be in [0, " + str(kMaxThreads) +
                          "] (0 = all cores); got " + str(threads));
}

inline void same_rows(std::string_view where, Index x_rows, Index y_size) {
  if (x_rows != y_size)
    throw InvalidArgument(std::string(where) + ": X has " + str(x_rows) + " rows but y has " +
                          str(y_size) + " entries");
}

inline void not_empty(std::string_view where, Index n, Index p) {
  if (n == 0 || p == 0)
    throw InvalidArgument(std::string(where) + ": the dataset is empty (" + str(n) +
                          " samples, " + str(p) + " features)");
}

// Optional per-coefficient penalty factors: empty, or p finite entries >= 0.
inline void penalty_factors(std::string_view where, const Vector& pf, Index p) {
  if (pf.size() == 0) return;
  if (pf.size() != p)
    throw InvalidArgument(std::string(where) + ": penalty_factor has " + str(pf.size()) +
                          " entries; expected p = " + str(p) + " (or none)");
  for (Index j = 0; j < p; ++j) non_negative(where, "penalty_factor[" + str(j) + "]", pf[j]);
}

// Optional sample weights: empty, or n finite entries >= 0 with a positive sum.
inline void sample_weights(std::string_view where, const Vector& w, Index n) {
  if (w.size() == 0) return;
  if (w.size() != n)
    throw InvalidArgument(std::string(where) + ": sample_weight has " + str(w.size()) +
                          " entries; expected n = " + str(n) + " (or none)");
  for (Index i = 0; i < n; ++i) non_negative(where, "sample_weight[" + str(i) + "]", w[i]);
  positive(where, "sum of sample_weight", w.sum());
}

// Throws naming the first non-finite entry, 1-based as a person counts: "X has a
// non-finite value (nan) at row 8, column 3" for X(7, 2).
void all_finite(std::string_view where, std::string_view name, const Matrix& m);
void all_finite(std::string_view where, std::string_view name, const Vector& v);
void all_finite(std::string_view where, std::string_view name, const SparseMatrix& m);
void all_finite(std::string_view where, std::string_view name, const Design& X);
void all_finite(std::string_view where, std::string_view name, const DenseView& m);
void all_finite(std::string_view where, std::string_view name, const SparseView& m);
void all_finite(std::string_view where, std::string_view name, const DesignView& X);

}  // namespace regkit::check
