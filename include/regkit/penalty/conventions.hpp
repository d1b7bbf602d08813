// Named translations between other libraries' penalty parameters and regkit's glmnet
// form  lambda * ( alpha * ||w||_1 + (1 - alpha)/2 * ||w||_2^2 )  on a mean loss
// (gaussian: 1/(2n) sum (y - b - Xw)^2; logistic: -loglik / n). n is the number of
// (unweighted) training samples. docs/penalty-conventions.md has the table and sources.
#pragma once

#include "regkit/core/types.hpp"

namespace regkit::penalty {

struct GlmnetPenalty {
  double lambda = 0.0;  // glmnet lambda
  double alpha = 1.0;   // glmnet alpha (mix)
};

// scikit-learn Ridge(alpha): ||y - Xw||^2 + alpha ||w||^2     ->  lambda = alpha / n, alpha 0
GlmnetPenalty from_sklearn_ridge_alpha(double ridge_alpha, Index n);
double to_sklearn_ridge_alpha(double lambda, Index n);

// scikit-learn Lasso(alpha) / ElasticNet(alpha, l1_ratio): 1/(2n)||y-Xw||^2 + alpha*rho*|w|_1
//   + alpha(1-rho)/2 ||w||^2                                  ->  lambda = alpha, alpha = l1_ratio
GlmnetPenalty from_sklearn_elastic_net(double sk_alpha, double l1_ratio);
double to_sklearn_elastic_net_alpha(double lambda);

// liblinear / scikit-learn LogisticRegression C: C sum loss_i + 1/2||w||^2 (L2) or
// C sum loss_i + ||w||_1 (L1)                                ->  lambda = 1 / (C n)
enum class CPenalty { l1, l2 };
GlmnetPenalty from_liblinear_C(double C, Index n, CPenalty which);
double to_liblinear_C(double lambda, Index n);
// scikit-learn elastic-net logistic: C sum loss + l1_ratio |w|_1 + (1-l1_ratio)/2 ||w||^2
GlmnetPenalty from_sklearn_logistic_C(double C, double l1_ratio, Index n);

// Keras l1(a) / l2(b) / l1_l2(a, b): mean loss + a sum|w| + b sum w^2
//                                                           ->  lambda = a + 2b, alpha = a / (a + 2b)
GlmnetPenalty from_keras(double l1, double l2);
struct KerasPenalty {
  double l1 = 0.0;
  double l2 = 0.0;
};
KerasPenalty to_keras(const GlmnetPenalty& p);

// PyTorch SGD/Adam weight_decay d: gradient + d * w         ->  lambda = d, alpha 0
GlmnetPenalty from_torch_weight_decay(double weight_decay);
double to_torch_weight_decay(double lambda);

// glmnet (identity, validated)
GlmnetPenalty from_glmnet(double lambda, double alpha);

}  // namespace regkit::penalty
