// Test problems for linear solvers: the Friedman-Hastie-Tibshirani (2010, Table 1)
// design and a tiny numeric CSV reader for files in tests/reference/.
#pragma once

#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "regkit/core/types.hpp"

namespace regkit::test {

struct RegressionProblem {
  Matrix X;  // n x p
  Vector y;  // n
};

// X Gaussian with equal pairwise correlation rho, beta_j = (-1)^j exp(-2 (j - 1) / 20)
// (j = 1..p), y = X beta + noise with signal-to-noise ratio snr (sd ratio^2).
inline RegressionProblem fht_problem(Index n, Index p, double rho, std::uint64_t seed,
                                     double snr = 3.0) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  RegressionProblem problem{Matrix(n, p), Vector(n)};
  for (Index i = 0; i < n; ++i) {
    const double common = normal(rng);
    for (Index j = 0; j < p; ++j)
      problem.X(i, j) = std::sqrt(1.0 - rho) * normal(rng) + std::sqrt(rho) * common;
  }
  Vector beta(p);
  for (Index j = 0; j < p; ++j)
    beta[j] = ((j + 1) % 2 == 0 ? 1.0 : -1.0) * std::exp(-2.0 * static_cast<double>(j) / 20.0);
  const Vector signal = problem.X * beta;
  const double mean = signal.mean();
  const double var = (signal.array() - mean).square().mean();
  const double noise_sd = std::sqrt(var / snr);
  for (Index i = 0; i < n; ++i) problem.y[i] = signal[i] + noise_sd * normal(rng);
  return problem;
}

// Reads a numeric CSV: lines starting with '#' are skipped, then one header line, then
// rows of numbers. Returns the rows as a matrix.
inline Matrix read_numeric_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string line;
  bool header_seen = false;
  std::vector<std::vector<double>> rows_read;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (!header_seen) { header_seen = true; continue; }
    std::vector<double> row;
    std::stringstream fields(line);
    std::string field;
    while (std::getline(fields, field, ',')) row.push_back(std::stod(field));
    rows_read.push_back(std::move(row));
  }
  if (rows_read.empty()) throw std::runtime_error(path + ": no data rows");
  Matrix m(static_cast<Index>(rows_read.size()), static_cast<Index>(rows_read[0].size()));
  for (Index i = 0; i < m.rows(); ++i)
    for (Index j = 0; j < m.cols(); ++j)
      m(i, j) = rows_read[static_cast<std::size_t>(i)].at(static_cast<std::size_t>(j));
  return m;
}

}  // namespace regkit::test
