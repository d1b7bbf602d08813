// The elastic net as a coordinate penalty (include/regkit/penalty/elastic_net_penalty.hpp).
#include "regkit/penalty/elastic_net_penalty.hpp"

#include <algorithm>
#include <cmath>

#include "regkit/core/check.hpp"
#include "regkit/penalty/elastic_net.hpp"

namespace regkit::penalty {

namespace {
constexpr double kRidgeAlphaFloor = 0.001;  // glmnet's alpha in lambda_max when alpha == 0
}

double Penalty::kkt_violation(double beta, double gradient, double level, double lo,
                              double hi) const {
  // 0 in gradient + d rho(beta) + N_[lo, hi](beta): at a bound the normal cone takes every
  // value of one sign, so only a gradient pushing outward of the box is free.
  double low = 0.0, high = 0.0;  // the subdifferential of rho at beta
  if (beta != 0.0) {
    low = high = derivative(beta, level);
  } else {
    low = -zero_bound(level);
    high = zero_bound(level);
  }
  const double g_low = gradient + low, g_high = gradient + high;  // 0 must lie in [g_low, g_high]
  const bool at_lo = beta <= lo, at_hi = beta >= hi;
  double violation = 0.0;
  if (g_low > 0.0) violation = g_low;        // pushes beta down
  else if (g_high < 0.0) violation = -g_high;  // pushes beta up
  if (violation > 0.0 && ((at_lo && g_low > 0.0) || (at_hi && g_high < 0.0))) violation = 0.0;
  return violation;
}

ElasticNetPenalty::ElasticNetPenalty(double alpha) : alpha_(alpha) {
  check::in_unit_interval("elastic-net penalty", "alpha", alpha);
}

std::string_view ElasticNetPenalty::name() const {
  return alpha_ == 1.0 ? "l1" : (alpha_ == 0.0 ? "l2" : "elasticnet");
}

double ElasticNetPenalty::value(double beta, double level) const {
  return level * (alpha_ * std::abs(beta) + 0.5 * (1.0 - alpha_) * beta * beta);
}

double ElasticNetPenalty::update(double z, double h, double level, double lo, double hi) const {
  const double u = soft_threshold(z, level * alpha_) / (h + level * (1.0 - alpha_));
  return std::clamp(u, lo, hi);
}

double ElasticNetPenalty::derivative(double beta, double level) const {
  return level * (alpha_ * (beta > 0.0 ? 1.0 : -1.0) + (1.0 - alpha_) * beta);
}

double ElasticNetPenalty::lambda_max_weight() const { return std::max(alpha_, kRidgeAlphaFloor); }

}  // namespace regkit::penalty
