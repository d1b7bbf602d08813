// L2 (ridge) penalty: P(w) = lambda / 2 * sum_j pf_j w_j^2. ElasticNet with alpha = 0.
// Note the 1/2 (glmnet form): Keras l2(c) is lambda = 2c; PyTorch weight_decay d is lambda = d.
#pragma once

#include "regkit/penalty/elastic_net.hpp"

namespace regkit::penalty {

inline ElasticNet L2(double lambda, Vector penalty_factor = {}) {
  return ElasticNet(lambda, 0.0, std::move(penalty_factor));
}

}  // namespace regkit::penalty
