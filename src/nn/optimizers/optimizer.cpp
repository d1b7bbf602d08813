// Optimizer::step: the single-threaded form of begin_step + update.
#include "regkit/nn/optimizers/optimizer.hpp"

#include "regkit/core/errors.hpp"

namespace regkit::nn {

template <class T>
double Optimizer<T>::step(const std::vector<Parameter<T>>& params) {
  begin_step(params);
  double penalty = 0.0;
  for (const auto& p : params) penalty += update(p, 0, p.size);
  return penalty;
}

template class Optimizer<float>;
template class Optimizer<double>;

}  // namespace regkit::nn
