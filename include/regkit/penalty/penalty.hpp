// The penalty concept the GLM solvers call: a separable penalty
//
//   P(beta) = sum_j rho(beta_j; level_j),   level_j = lambda * pf_j
//
// on the solver's (standardized) coefficients, with lambda the strength (glmnet
// convention), pf_j >= 0 the penalty factors (0 = unpenalized). A solver never writes a
// penalty's arithmetic itself: it asks for the value, the coordinate update (a scalar
// proximal step on a one-dimensional quadratic, with box constraints), the KKT bound at
// zero, and the share of lambda_max. One penalty is one class deriving from Penalty,
// registered by name in src/penalty/registry.cpp.
#pragma once

#include <memory>
#include <string_view>

namespace regkit::penalty {

class Penalty {
 public:
  virtual ~Penalty() = default;
  virtual std::string_view name() const = 0;

  // rho(beta; level): the penalty of one coefficient at level = lambda * pf_j (>= 0).
  virtual double value(double beta, double level) const = 0;

  // argmin_u  h/2 u^2 - z u + rho(u; level)   subject to lo <= u <= hi  (lo <= 0 <= hi),
  // for curvature h > 0: coordinate descent's update (z = h * beta_old - gradient).
  virtual double update(double z, double h, double level, double lo, double hi) const = 0;

  // Derivative of rho at beta != 0.
  virtual double derivative(double beta, double level) const = 0;

  // Half-width of the subdifferential at 0: beta = 0 is optimal while |gradient| <= this.
  virtual double zero_bound(double level) const = 0;

  // The smallest lambda with all coefficients at zero is max_j |gradient_j| /
  // (lambda_max_weight() * pf_j), the gradient taken at the unpenalized fit.
  virtual double lambda_max_weight() const = 0;

  // The largest distance of 0 from the optimality conditions' set for one coordinate:
  // gradient + subdifferential of rho + normal cone of [lo, hi] at beta. 0 at a solution.
  double kkt_violation(double beta, double gradient, double level, double lo, double hi) const;
};

}  // namespace regkit::penalty
