// Row-exact inference: a row's prediction does not depend on the other rows of its batch,
// their order, the batch size, the thread count or the machine's vector width.
// The kernel is checked bit for bit against the scalar fused multiply-add loop it
// promises (any SIMD width passes that test only if it keeps that order); the network's
// predictions are checked bit for bit across batchings with layer widths that leave rows
// at every alignment. tests/CMakeLists.txt also runs these tests with OpenBLAS's AVX-512
// kernels forced on machines that have them (training still uses OpenBLAS).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "../../src/nn/detail/rowwise_gemm.hpp"
#include "regkit/nn/nn.hpp"

namespace regkit::nn {
namespace {

template <class T>
void expect_kernel_equals_reference() {
  Rng rng(7);
  for (const Index m : {1, 3, 4, 5, 13})
    for (const Index n : {1, 7, 16, 31, 32, 33, 70})
      for (const Index k : {1, 5, 255, 256, 257, 600}) {
        const Index lda = k + 3, ldb = n + 1, ldc = n + 2;
        std::vector<T> a(static_cast<std::size_t>(m * lda)), b(static_cast<std::size_t>(k * ldb));
        for (auto& v : a) v = static_cast<T>(rng.normal());
        for (auto& v : b) v = static_cast<T>(rng.normal());
        std::vector<T> c(static_cast<std::size_t>(m * ldc), T(-7));
        detail::gemm_rowwise<T>(m, n, k, a.data(), lda, b.data(), ldb, c.data(), ldc);
        for (Index i = 0; i < m; ++i)
          for (Index j = 0; j < n; ++j) {
            T ref = T(0);
            for (Index l = 0; l < k; ++l) ref = detail::madd(a[static_cast<std::size_t>(i * lda + l)],
                                                            b[static_cast<std::size_t>(l * ldb + j)], ref);
            const T got = c[static_cast<std::size_t>(i * ldc + j)];
            ASSERT_EQ(std::memcmp(&got, &ref, sizeof(T)), 0)
                << "m " << m << " n " << n << " k " << k << " entry (" << i << ", " << j << "): " << got << " vs " << ref;
          }
        // The padding between rows is left alone.
        for (Index i = 0; i < m; ++i)
          for (Index j = n; j < ldc; ++j) ASSERT_EQ(c[static_cast<std::size_t>(i * ldc + j)], T(-7));
      }
}

TEST(RowExact, KernelEqualsTheSequentialMultiplyAddLoopFloat) { expect_kernel_equals_reference<float>(); }
TEST(RowExact, KernelEqualsTheSequentialMultiplyAddLoopDouble) { expect_kernel_equals_reference<double>(); }

// A trained network whose widths (not multiples of 16) put rows at every alignment.
Sequential trained_network(const std::string& output, Index outputs, const RowMatrix<float>& x) {
  Sequential model;
  model.add(Dense{.units = 33, .activation = "elu", .kernel_initializer = "he_normal"});
  model.add(Dense{.units = 17, .activation = "tanh"});
  model.add(Dense{.units = outputs, .activation = output});
  const bool classes = output == "softmax";
  model.compile(std::make_unique<Adam<float>>(AdamOptions{.learning_rate = 0.01}),
                classes ? "sparse_categorical_crossentropy" : "binary_crossentropy");
  RowMatrix<float> y(x.rows(), classes ? 1 : outputs);
  for (Index i = 0; i < y.rows(); ++i)
    for (Index j = 0; j < y.cols(); ++j)
      y(i, j) = classes ? static_cast<float>(i % outputs) : static_cast<float>((i + j) % 2);
  model.fit(ArrayView::of(x), ArrayView::of(y), {.epochs = 2, .batch_size = 16, .seed = 3, .threads = 1});
  return model;
}

TEST(RowExact, PredictionOfARowDoesNotDependOnItsBatch) {
  const Index n = 97, p = 21;
  Rng rng(11);
  RowMatrix<float> x(n, p);
  for (Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(rng.normal());
  for (const auto& [output, outputs] : {std::pair<std::string, Index>{"softmax", 10}, {"sigmoid", 3}}) {
    Sequential model = trained_network(output, outputs, x);
    const RowMatrix<float> whole = model.predict(ArrayView::of(x), 256, 1);
    std::vector<Index> order(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = (i * 37 + 5) % n;  // a permutation
    RowMatrix<float> permuted(n, p);
    for (Index i = 0; i < n; ++i) permuted.row(i) = x.row(order[static_cast<std::size_t>(i)]);
    for (const Index batch : {1, 2, 7, 16, 64, 256})
      for (const int threads : {1, 2, 3}) {
        const RowMatrix<float> a = model.predict(ArrayView::of(x), batch, threads);
        const RowMatrix<float> b = model.predict(ArrayView::of(permuted), batch, threads);
        for (Index i = 0; i < n; ++i)
          for (Index j = 0; j < outputs; ++j) {
            ASSERT_EQ(a(i, j), whole(i, j)) << output << " batch " << batch << " threads " << threads << " row " << i;
            ASSERT_EQ(b(i, j), whole(order[static_cast<std::size_t>(i)], j))
                << output << " permuted, batch " << batch << " threads " << threads << " row " << i;
          }
      }
    // One row alone, at the start of a fresh buffer.
    for (const Index i : {0, 1, 50, 96}) {
      RowMatrix<float> one = x.row(i);
      const RowMatrix<float> single = model.predict(ArrayView::of(one), 1, 1);
      for (Index j = 0; j < outputs; ++j) ASSERT_EQ(single(0, j), whole(i, j)) << output << " row " << i;
    }
  }
}

}  // namespace
}  // namespace regkit::nn
