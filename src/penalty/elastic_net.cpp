// Elastic-net penalty, glmnet form (include/regkit/penalty/elastic_net.hpp):
//
//   P(w) = lambda * sum_j pf_j * ( alpha * |w_j| + (1 - alpha) / 2 * w_j^2 )
//
// Its proximal map is separable. For one coordinate with c1 = step*lambda*alpha*pf_j and
// c2 = step*lambda*(1 - alpha)*pf_j:
//   argmin_u 1/2 (u - z)^2 + c1 |u| + c2/2 u^2  =  S(z, c1) / (1 + c2),
// S the soft-threshold, so |z| <= c1 gives an exact zero.
#include "regkit/penalty/elastic_net.hpp"

#include <cmath>
#include <string>

#include "regkit/core/check.hpp"

namespace regkit::penalty {

namespace {
void check_size(const char* where, const Vector& penalty_factor, const Vector& w) {
  if (penalty_factor.size() != 0 && penalty_factor.size() != w.size())
    throw InvalidArgument(std::string(where) + ": w has " + check::str(w.size()) +
                          " entries but penalty_factor has " + check::str(penalty_factor.size()));
}
}  // namespace

ElasticNet::ElasticNet(double lambda, double alpha, Vector penalty_factor)
    : lambda_(lambda), alpha_(alpha), penalty_factor_(std::move(penalty_factor)) {
  check::non_negative("ElasticNet", "lambda", lambda);
  check::in_unit_interval("ElasticNet", "alpha", alpha);
  for (Index j = 0; j < penalty_factor_.size(); ++j)
    check::non_negative("ElasticNet", "penalty_factor[" + check::str(j) + "]", penalty_factor_[j]);
}

double ElasticNet::value(const Vector& w) const {
  check_size("ElasticNet::value", penalty_factor_, w);
  double l1 = 0.0;
  double l2 = 0.0;
  for (Index j = 0; j < w.size(); ++j) {
    const double f = factor(j);
    l1 += f * std::abs(w[j]);
    l2 += f * w[j] * w[j];
  }
  return lambda_ * (alpha_ * l1 + 0.5 * (1.0 - alpha_) * l2);
}

Vector ElasticNet::gradient(const Vector& w) const {
  check_size("ElasticNet::gradient", penalty_factor_, w);
  if (!is_smooth())
    throw InvalidArgument("ElasticNet::gradient: the penalty is not differentiable (alpha = " +
                          check::str(alpha_) + ", lambda = " + check::str(lambda_) +
                          "); expected alpha == 0 or lambda == 0; use prox instead");
  Vector g(w.size());
  for (Index j = 0; j < w.size(); ++j) g[j] = lambda_ * (1.0 - alpha_) * factor(j) * w[j];
  return g;
}

double ElasticNet::prox_scalar(double z, double step, Index j) const {
  const double f = factor(j);
  const double l1 = step * lambda_ * alpha_ * f;
  const double l2 = step * lambda_ * (1.0 - alpha_) * f;
  return soft_threshold(z, l1) / (1.0 + l2);
}

void ElasticNet::prox(Vector& w, double step) const {
  check_size("ElasticNet::prox", penalty_factor_, w);
  check::non_negative("ElasticNet::prox", "step", step);
  for (Index j = 0; j < w.size(); ++j) w[j] = prox_scalar(w[j], step, j);
}

}  // namespace regkit::penalty
