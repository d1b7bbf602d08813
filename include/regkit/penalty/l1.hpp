// L1 (lasso) penalty: P(w) = lambda * sum_j pf_j |w_j|. ElasticNet with alpha = 1.
#pragma once

#include "regkit/penalty/elastic_net.hpp"

namespace regkit::penalty {

inline ElasticNet L1(double lambda, Vector penalty_factor = {}) {
  return ElasticNet(lambda, 1.0, std::move(penalty_factor));
}

}  // namespace regkit::penalty
