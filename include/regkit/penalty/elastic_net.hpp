// Elastic-net penalty in glmnet's form (the one convention regkit uses internally):
//
//   P(w) = lambda * sum_j pf_j * ( alpha * |w_j| + (1 - alpha) / 2 * w_j^2 )
//
// lambda >= 0 is the strength, alpha in [0, 1] the mix (1 = lasso, 0 = ridge), pf_j >= 0
// the per-coefficient penalty factors (empty = all ones; 0 = unpenalized). The intercept
// and biases are never part of w here. Values from other libraries enter through
// penalty/conventions.hpp.
#pragma once

#include "regkit/core/types.hpp"

namespace regkit::penalty {

class ElasticNet {
 public:
  ElasticNet() = default;
  // lambda >= 0; alpha in [0, 1] (glmnet convention); factors empty or >= 0 each.
  ElasticNet(double lambda, double alpha, Vector penalty_factor = {});

  double lambda() const { return lambda_; }
  double alpha() const { return alpha_; }
  const Vector& penalty_factor() const { return penalty_factor_; }
  double factor(Index j) const { return penalty_factor_.size() ? penalty_factor_[j] : 1.0; }

  double value(const Vector& w) const;
  bool is_smooth() const { return alpha_ == 0.0 || lambda_ == 0.0; }
  // Gradient; only when is_smooth(), else throws InvalidArgument.
  Vector gradient(const Vector& w) const;
  // Proximal map of step * P: argmin_u 1/(2 step) ||u - w||^2 + P(u), in place.
  // Gives exact zeros where |w_j| <= step * lambda * alpha * pf_j.
  void prox(Vector& w, double step) const;
  // Scalar proximal step for coordinate j: prox of step * P_j at z.
  double prox_scalar(double z, double step, Index j) const;

 private:
  double lambda_ = 0.0;
  double alpha_ = 1.0;
  Vector penalty_factor_;
};

// S(z, t) = sign(z) * max(|z| - t, 0).
inline double soft_threshold(double z, double t) {
  return z > t ? z - t : (z < -t ? z + t : 0.0);
}

}  // namespace regkit::penalty
