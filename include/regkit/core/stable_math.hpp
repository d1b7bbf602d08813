// Overflow-safe scalar primitives for losses and link functions (logistic models,
// cross-entropies). Never NaN or inf where the true value is finite:
//   log1pexp(x)   = log(1 + exp(x))        (softplus; Maechler 2012's cut points)
//   sigmoid(x)    = 1 / (1 + exp(-x))      (no exp of a positive argument)
//   log_sigmoid(x)= -log1pexp(-x)          (log-likelihood of a positive label)
//   logsumexp(z)  = m + log sum exp(z - m), m = max z  (-inf for an empty or all -inf z)
// NaN inputs give NaN (never a silent number).
#pragma once

#include <cmath>
#include <limits>

#include "regkit/core/types.hpp"

namespace regkit::stable {

inline double log1pexp(double x) {
  if (x <= -37.0) return std::exp(x);            // log1p(e) = e to double precision
  if (x <= 18.0) return std::log1p(std::exp(x));
  if (x <= 33.3) return x + std::exp(-x);        // log1p(exp(-x)) = exp(-x) there
  return x;                                      // exp(-x) below half an ulp of x
}

inline double sigmoid(double x) {
  if (x >= 0.0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);
}

inline double log_sigmoid(double x) { return -log1pexp(-x); }

inline double logsumexp(const double* z, Index k) {
  double m = -std::numeric_limits<double>::infinity();
  for (Index j = 0; j < k; ++j) {
    if (std::isnan(z[j])) return z[j];
    if (z[j] > m) m = z[j];
  }
  if (!std::isfinite(m)) return m;  // empty / all -inf: -inf; any +inf: +inf
  double s = 0.0;
  for (Index j = 0; j < k; ++j) s += std::exp(z[j] - m);
  return m + std::log(s);
}

}  // namespace regkit::stable
