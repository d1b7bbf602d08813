// Kernel / bias regularizers exactly as Keras defines them (keras.regularizers):
//   l1(a)       penalty  a * sum |w|            gradient a * sign(w)  (0 at w = 0)
//   l2(b)       penalty  b * sum w^2  (no 1/2)  gradient 2 b w
//   l1_l2(a, b) penalty  a * sum |w| + b * sum w^2
// The penalty is added to the mean data loss, as in Keras, so it is part of the loss
// that fit reports (and History records it again as "penalty"). In regkit's glmnet form
// lambda * (alpha |w|_1 + (1 - alpha)/2 |w|^2) this is lambda = a + 2b, alpha = a/(a+2b)
// (penalty::from_keras / to_keras).
#pragma once

#include "regkit/core/types.hpp"
#include "regkit/penalty/conventions.hpp"

namespace regkit::nn {

struct Regularizer {
  double l1 = 0.0;  // Keras l1 coefficient a
  double l2 = 0.0;  // Keras l2 coefficient b

  bool active() const { return l1 != 0.0 || l2 != 0.0; }
  void validate(const char* where) const;
  // a * sum |w| + b * sum w^2 over n values, accumulated in double.
  template <class T>
  double value(const T* w, Index n) const;
  // g[i] += a * sign(w[i]) + 2 b w[i]
  template <class T>
  void add_gradient(const T* w, T* g, Index n) const;
  // The glmnet pair (lambda, alpha) for this penalty (lambda = a + 2b, alpha = a/(a+2b)),
  // the same translation as penalty::from_keras.
  penalty::GlmnetPenalty to_glmnet() const { return penalty::from_keras(l1, l2); }
  double glmnet_lambda() const { return l1 + 2.0 * l2; }
  double glmnet_alpha() const { return glmnet_lambda() > 0.0 ? l1 / glmnet_lambda() : 1.0; }
};

inline Regularizer l1(double a) { return {a, 0.0}; }
inline Regularizer l2(double b) { return {0.0, b}; }
inline Regularizer l1_l2(double a, double b) { return {a, b}; }
// From regkit's glmnet convention: a = lambda * alpha, b = lambda * (1 - alpha) / 2
// (penalty::to_keras).
inline Regularizer from_glmnet(double lambda, double alpha) {
  const penalty::KerasPenalty k = penalty::to_keras({lambda, alpha});
  return {k.l1, k.l2};
}

}  // namespace regkit::nn
