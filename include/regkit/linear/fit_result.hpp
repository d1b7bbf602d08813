// Results shared by every linear solver (ridge, coordinate descent, later logistic).
#pragma once

#include <vector>

#include "regkit/core/types.hpp"

namespace regkit::linear {

// One fitted point of a path. Coefficients are on the original scale of X.
struct FitResult {
  double lambda = 0.0;     // glmnet lambda
  double alpha = 1.0;      // glmnet alpha
  Vector coef;             // p
  double intercept = 0.0;  // 0 when fit_intercept is false
  int iterations = 0;      // full or active-set passes over the coordinates (0 for closed forms)
  bool converged = true;
  double objective = 0.0;          // primal objective at the solution (mean loss + penalty)
  double duality_gap = 0.0;        // primal - dual (>= 0); 0 for closed forms
  double max_kkt_violation = 0.0;  // largest KKT violation over all coordinates
};

// A whole path, lambdas in decreasing order.
struct PathResult {
  double alpha = 1.0;
  Vector lambdas;             // L
  Matrix coefs;               // p x L, original scale
  Vector intercepts;          // L
  std::vector<int> iterations;
  std::vector<bool> converged;
  Vector objective;           // L
  Vector duality_gap;         // L
  Vector max_kkt_violation;   // L
  std::vector<int> df;        // nonzero coefficients at each lambda
  double fit_seconds = 0.0;   // wall time of the solver alone

  Index size() const { return lambdas.size(); }
  FitResult at(Index k) const;
};

}  // namespace regkit::linear
