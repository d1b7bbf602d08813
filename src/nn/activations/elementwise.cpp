// ElementwiseActivation: the fused bias + f pass and the g * f'(a) pass, one row at a
// time as Eigen array expressions (vectorized, exp and tanh included), for every
// elementwise activation of activations/. The forward pass maps each row aligned
// (aligned_row.hpp) so that a row's values do not depend on its place in the batch.
#include <Eigen/Dense>

#include "regkit/nn/activations/activation.hpp"
#include "regkit/nn/activations/elu.hpp"
#include "regkit/nn/activations/linear.hpp"
#include "regkit/nn/activations/relu.hpp"
#include "regkit/nn/activations/sigmoid.hpp"
#include "regkit/nn/activations/tanh.hpp"
#include "aligned_row.hpp"

namespace regkit::nn {

template <class T, class F>
void ElementwiseActivation<T, F>::forward(T* z, const T* bias, Index rows, Index stride, Index c0,
                                          Index c1) const {
  const Index width = c1 - c0;
  if (width <= 0) return;
  using Row = Eigen::Array<T, 1, Eigen::Dynamic>;
  for (Index r = 0; r < rows; ++r) {
    detail::on_aligned_row(z + r * stride + c0, width, [&](auto& zr) {
      if (bias != nullptr) {
        Eigen::Map<const Row> br(bias + c0, width);
        zr = F::value(zr + br);
      } else {
        zr = F::value(zr);
      }
    });
  }
}

template <class T, class F>
void ElementwiseActivation<T, F>::backward(const T* a, T* g, Index rows, Index stride, Index c0,
                                           Index c1) const {
  const Index width = c1 - c0;
  if (width <= 0) return;
  using Row = Eigen::Array<T, 1, Eigen::Dynamic>;
  for (Index r = 0; r < rows; ++r) {
    Eigen::Map<const Row> ar(a + r * stride + c0, width);
    Eigen::Map<Row> gr(g + r * stride + c0, width);
    gr *= F::derivative_from_output(ar);
  }
}

template class ElementwiseActivation<float, ReluFunction>;
template class ElementwiseActivation<double, ReluFunction>;
template class ElementwiseActivation<float, EluFunction>;
template class ElementwiseActivation<double, EluFunction>;
template class ElementwiseActivation<float, SigmoidFunction>;
template class ElementwiseActivation<double, SigmoidFunction>;
template class ElementwiseActivation<float, TanhFunction>;
template class ElementwiseActivation<double, TanhFunction>;
template class ElementwiseActivation<float, LinearFunction>;
template class ElementwiseActivation<double, LinearFunction>;

}  // namespace regkit::nn
