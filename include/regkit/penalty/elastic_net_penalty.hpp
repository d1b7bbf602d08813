// The elastic net as the solvers' penalty concept (penalty/penalty.hpp):
//
//   rho(b; level) = level * ( alpha |b| + (1 - alpha)/2 b^2 ),   level = lambda * pf_j
//
// alpha in [0, 1] is glmnet's mix (1 = lasso, 0 = ridge). Coordinate update with
// curvature h: clamp( S(z, level alpha) / (h + level (1 - alpha)), lo, hi ), S the
// soft-threshold (exact for a one-dimensional convex problem on an interval).
// lambda_max uses alpha, or 0.001 for ridge (glmnet's rule, so that the grid is finite).
#pragma once

#include "regkit/penalty/penalty.hpp"

namespace regkit::penalty {

class ElasticNetPenalty final : public Penalty {
 public:
  explicit ElasticNetPenalty(double alpha);  // alpha in [0, 1]
  double alpha() const { return alpha_; }

  std::string_view name() const override;
  double value(double beta, double level) const override;
  double update(double z, double h, double level, double lo, double hi) const override;
  double derivative(double beta, double level) const override;
  double zero_bound(double level) const override { return level * alpha_; }
  double lambda_max_weight() const override;

 private:
  double alpha_;
};

}  // namespace regkit::penalty
