// Row-wise softmax (max-shifted) and its vector-Jacobian product.
#include "regkit/nn/activations/softmax.hpp"

#include <Eigen/Dense>

#include "aligned_row.hpp"

namespace regkit::nn {

template <class T>
void Softmax<T>::forward(T* z, const T* bias, Index rows, Index stride, Index c0, Index c1) const {
  const Index width = c1 - c0;
  if (width <= 0) return;
  using Row = Eigen::Array<T, 1, Eigen::Dynamic>;
  for (Index r = 0; r < rows; ++r) {
    // Aligned, so that exp and the sum split vector / scalar work the same way for every row.
    detail::on_aligned_row(z + r * stride + c0, width, [&](auto& zr) {
      if (bias != nullptr) zr += Eigen::Map<const Row>(bias + c0, width);
      const T m = zr.maxCoeff();
      zr = (zr - m).exp();
      zr /= zr.sum();
    });
  }
}

template <class T>
void Softmax<T>::backward(const T* a, T* g, Index rows, Index stride, Index c0, Index c1) const {
  const Index width = c1 - c0;
  if (width <= 0) return;
  using Row = Eigen::Array<T, 1, Eigen::Dynamic>;
  for (Index r = 0; r < rows; ++r) {
    Eigen::Map<const Row> ar(a + r * stride + c0, width);
    Eigen::Map<Row> gr(g + r * stride + c0, width);
    const T dot = (gr * ar).sum();
    gr = ar * (gr - dot);
  }
}

template class Softmax<float>;
template class Softmax<double>;

}  // namespace regkit::nn
