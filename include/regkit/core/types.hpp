// Shared vocabulary types. Shape legend used across regkit:
//   n samples, p features, k classes, L lambdas on a path.
//   X is n x p (dense column-major double, or sparse CSC), y has n entries,
//   w (coefficients) has p entries, b is the intercept.
#pragma once

#include <Eigen/Dense>
#include <Eigen/SparseCore>
#include <cstdint>
#include <functional>
#include <string_view>
#include <variant>

namespace regkit {

using Index = Eigen::Index;
using Matrix = Eigen::MatrixXd;  // column-major
using Vector = Eigen::VectorXd;
using SparseMatrix = Eigen::SparseMatrix<double, Eigen::ColMajor>;  // CSC

// A design matrix: dense or sparse, never converted implicitly.
using Design = std::variant<Matrix, SparseMatrix>;

inline Index rows(const Design& X) {
  return std::visit([](const auto& m) { return static_cast<Index>(m.rows()); }, X);
}
inline Index cols(const Design& X) {
  return std::visit([](const auto& m) { return static_cast<Index>(m.cols()); }, X);
}
inline bool is_sparse(const Design& X) { return std::holds_alternative<SparseMatrix>(X); }

// A non-owning view of a design: what the Python module hands in without copying (a
// Fortran-ordered float64 array, a SciPy CSC matrix with int32 indices). Solvers that take
// a DesignView are written on Eigen::Map and never copy the data; `view(X)` makes one from
// an owned Design (the view is valid while X lives).
using DenseView = Eigen::Map<const Matrix>;
using SparseView = Eigen::Map<const SparseMatrix>;
using DesignView = std::variant<DenseView, SparseView>;

inline DesignView view(const Design& X) {
  if (const auto* dense = std::get_if<Matrix>(&X))
    return DenseView(dense->data(), dense->rows(), dense->cols());
  const auto& s = std::get<SparseMatrix>(X);
  return SparseView(s.rows(), s.cols(), s.nonZeros(), s.outerIndexPtr(), s.innerIndexPtr(),
                    s.valuePtr(), s.innerNonZeroPtr());
}
inline Index rows(const DesignView& X) {
  return std::visit([](const auto& m) { return static_cast<Index>(m.rows()); }, X);
}
inline Index cols(const DesignView& X) {
  return std::visit([](const auto& m) { return static_cast<Index>(m.cols()); }, X);
}
inline bool is_sparse(const DesignView& X) { return std::holds_alternative<SparseView>(X); }

// Log callback: the library never prints; callers decide where messages go.
enum class LogLevel { info, warning };
using Logger = std::function<void(LogLevel, std::string_view)>;

inline void log_to(const Logger& log, LogLevel level, std::string_view message) {
  if (log) log(level, message);
}

}  // namespace regkit
