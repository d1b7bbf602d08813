// Named translations between other libraries' penalty parameters and regkit's glmnet
// form  lambda * ( alpha ||w||_1 + (1 - alpha)/2 ||w||_2^2 )  on a mean loss.
// Each translation divides the peer's objective by the factor that turns its loss into
// a mean (n for a sum, 2n for scikit-learn Ridge's ||y - Xw||^2, C n for liblinear) and
// reads lambda and alpha off the penalty that is left. docs/penalty-conventions.md has
// the table with the sources; tests/penalty/conventions_test.cpp checks the ones we can
// fit against peer reference values.
#include "regkit/penalty/conventions.hpp"

#include <string>

#include "regkit/core/check.hpp"

namespace regkit::penalty {

namespace {
void positive_count(const char* where, Index n) {
  if (n <= 0)
    throw InvalidArgument(std::string(where) + ": n (number of training samples) must be >= 1; got " +
                          check::str(n));
}
double dn(Index n) { return static_cast<double>(n); }
}  // namespace

// ||y - Xw||^2 + a ||w||^2, divided by 2n: 1/(2n)||y - Xw||^2 + (a/n)/2 ||w||^2.
GlmnetPenalty from_sklearn_ridge_alpha(double ridge_alpha, Index n) {
  check::non_negative("from_sklearn_ridge_alpha", "alpha", ridge_alpha);
  positive_count("from_sklearn_ridge_alpha", n);
  return {ridge_alpha / dn(n), 0.0};
}

double to_sklearn_ridge_alpha(double lambda, Index n) {
  check::non_negative("to_sklearn_ridge_alpha", "lambda", lambda);
  positive_count("to_sklearn_ridge_alpha", n);
  return lambda * dn(n);
}

// Already a mean loss with 1/(2n): alpha * rho |w|_1 + alpha (1 - rho)/2 ||w||^2.
GlmnetPenalty from_sklearn_elastic_net(double sk_alpha, double l1_ratio) {
  check::non_negative("from_sklearn_elastic_net", "alpha", sk_alpha);
  if (!(l1_ratio >= 0.0 && l1_ratio <= 1.0))
    throw InvalidArgument("from_sklearn_elastic_net: l1_ratio must be in [0, 1]; got " +
                          check::str(l1_ratio));
  return {sk_alpha, l1_ratio};
}

double to_sklearn_elastic_net_alpha(double lambda) {
  check::non_negative("to_sklearn_elastic_net_alpha", "lambda", lambda);
  return lambda;
}

// C sum loss + 1/2 ||w||^2 (or + ||w||_1), divided by C n: mean loss + 1/(C n) * penalty
// with glmnet's 1/2 on the squared norm already in place.
GlmnetPenalty from_liblinear_C(double C, Index n, CPenalty which) {
  check::positive("from_liblinear_C", "C", C);
  positive_count("from_liblinear_C", n);
  return {1.0 / (C * dn(n)), which == CPenalty::l1 ? 1.0 : 0.0};
}

double to_liblinear_C(double lambda, Index n) {
  check::positive("to_liblinear_C", "lambda", lambda);
  positive_count("to_liblinear_C", n);
  return 1.0 / (lambda * dn(n));
}

// C sum loss + l1_ratio |w|_1 + (1 - l1_ratio)/2 ||w||^2, divided by C n.
GlmnetPenalty from_sklearn_logistic_C(double C, double l1_ratio, Index n) {
  check::positive("from_sklearn_logistic_C", "C", C);
  positive_count("from_sklearn_logistic_C", n);
  if (!(l1_ratio >= 0.0 && l1_ratio <= 1.0))
    throw InvalidArgument("from_sklearn_logistic_C: l1_ratio must be in [0, 1]; got " +
                          check::str(l1_ratio));
  return {1.0 / (C * dn(n)), l1_ratio};
}

// mean loss + a |w|_1 + b ||w||^2 = mean loss + lambda (alpha |w|_1 + (1-alpha)/2 ||w||^2)
// with lambda alpha = a and lambda (1 - alpha)/2 = b. With a = b = 0 the penalty is off:
// lambda 0 and alpha 1 (GlmnetPenalty's default).
GlmnetPenalty from_keras(double l1, double l2) {
  check::non_negative("from_keras", "l1", l1);
  check::non_negative("from_keras", "l2", l2);
  const double lambda = l1 + 2.0 * l2;
  if (lambda == 0.0) return {0.0, 1.0};
  return {lambda, l1 / lambda};
}

KerasPenalty to_keras(const GlmnetPenalty& p) {
  check::non_negative("to_keras", "lambda", p.lambda);
  check::in_unit_interval("to_keras", "alpha", p.alpha);
  return {p.lambda * p.alpha, 0.5 * p.lambda * (1.0 - p.alpha)};
}

// The gradient of lambda/2 ||w||^2 is lambda w: weight_decay d is lambda = d, alpha 0.
GlmnetPenalty from_torch_weight_decay(double weight_decay) {
  check::non_negative("from_torch_weight_decay", "weight_decay", weight_decay);
  return {weight_decay, 0.0};
}

double to_torch_weight_decay(double lambda) {
  check::non_negative("to_torch_weight_decay", "lambda", lambda);
  return lambda;
}

GlmnetPenalty from_glmnet(double lambda, double alpha) {
  check::non_negative("from_glmnet", "lambda", lambda);
  check::in_unit_interval("from_glmnet", "alpha", alpha);
  return {lambda, alpha};
}

}  // namespace regkit::penalty
