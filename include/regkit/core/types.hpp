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

// Log callback: the library never prints; callers decide where messages go.
enum class LogLevel { info, warning };
using Logger = std::function<void(LogLevel, std::string_view)>;

inline void log_to(const Logger& log, LogLevel level, std::string_view message) {
  if (log) log(level, message);
}

}  // namespace regkit
