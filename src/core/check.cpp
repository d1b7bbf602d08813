#include "regkit/core/check.hpp"

namespace regkit::check {

namespace {
[[noreturn]] void non_finite(std::string_view where, std::string_view name, double value,
                             const std::string& at) {
  throw InvalidArgument(std::string(where) + ": " + std::string(name) + " has a non-finite value (" +
                        str(value) + ") at " + at + "; expected finite numbers");
}

template <class Dense>
void dense_finite(std::string_view where, std::string_view name, const Dense& m) {
  if (m.allFinite()) return;  // vectorized; the loop below only finds the first culprit
  for (Index j = 0; j < m.cols(); ++j)
    for (Index i = 0; i < m.rows(); ++i)
      if (!std::isfinite(m(i, j)))
        non_finite(where, name, m(i, j), "row " + str(i + 1) + ", column " + str(j + 1));
}

template <class Sparse>
void sparse_finite(std::string_view where, std::string_view name, const Sparse& m) {
  for (Index j = 0; j < m.outerSize(); ++j)
    for (typename Sparse::InnerIterator it(m, j); it; ++it)
      if (!std::isfinite(it.value()))
        non_finite(where, name, it.value(),
                   "row " + str(it.row() + 1) + ", column " + str(it.col() + 1));
}
}  // namespace

void all_finite(std::string_view where, std::string_view name, const Matrix& m) {
  dense_finite(where, name, m);
}
void all_finite(std::string_view where, std::string_view name, const DenseView& m) {
  dense_finite(where, name, m);
}

void all_finite(std::string_view where, std::string_view name, const Vector& v) {
  if (v.allFinite()) return;
  for (Index i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i])) non_finite(where, name, v[i], "entry " + str(i + 1));
}

void all_finite(std::string_view where, std::string_view name, const SparseMatrix& m) {
  sparse_finite(where, name, m);
}
void all_finite(std::string_view where, std::string_view name, const SparseView& m) {
  sparse_finite(where, name, m);
}

void all_finite(std::string_view where, std::string_view name, const Design& X) {
  std::visit([&](const auto& m) { all_finite(where, name, m); }, X);
}
void all_finite(std::string_view where, std::string_view name, const DesignView& X) {
  std::visit([&](const auto& m) { all_finite(where, name, m); }, X);
}

}  // namespace regkit::check
