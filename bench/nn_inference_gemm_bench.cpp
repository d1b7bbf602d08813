// nn_inference_gemm_bench: the row-exact GEMM that predictions and evaluations use
// (src/nn/detail/rowwise_gemm.hpp) against OpenBLAS's sgemm, which training uses, on the
// seed-000 network's layer shapes (784-256-128-64-10) and the batch sizes predict and
// evaluate run (64, 256), one thread each, in one run. Prints one CSV line per shape:
//   layer,batch,rowwise_gflops,openblas_gflops,ratio_time,max_rel_diff
// ratio_time = rowwise time / OpenBLAS time (below 1: the row-exact kernel is faster);
// max_rel_diff: the largest |rowwise - openblas| / sum_l |x_il w_lj| over every 97th row:
// float32 rounding of two summation orders (a few 2^-24 units at most).
//
//   nn_inference_gemm_bench [--rows 10000] [--repeats 5]
#include <cblas.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "../src/nn/detail/rowwise_gemm.hpp"

namespace {

using clock_type = std::chrono::steady_clock;

// Seconds for `rows` rows through a k x n layer in batches of `batch` (the best of repeats).
template <class F>
double best_time(int repeats, F&& run) {
  double best = 1e30;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = clock_type::now();
    run();
    best = std::min(best, std::chrono::duration<double>(clock_type::now() - t0).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  long rows = 10000;
  int repeats = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    if (arg == "--rows") rows = std::stol(argv[i + 1]);
    else if (arg == "--repeats") repeats = std::stoi(argv[i + 1]);
  }
  openblas_set_num_threads(1);
  const long layers[][2] = {{784, 256}, {256, 128}, {128, 64}, {64, 10}};
  std::mt19937 gen(1);
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  std::printf("layer,batch,rowwise_gflops,openblas_gflops,ratio_time,max_rel_diff\n");
  double total_rowwise = 0, total_blas = 0;
  for (const long batch : {64L, 256L}) {
    for (const auto& shape : layers) {
      const long k = shape[0], n = shape[1];
      std::vector<float> x(static_cast<std::size_t>(rows * k)), w(static_cast<std::size_t>(k * n));
      for (auto& v : x) v = u(gen);
      for (auto& v : w) v = u(gen);
      std::vector<float> a(static_cast<std::size_t>(rows * n)), b(a.size());
      const double rowwise = best_time(repeats, [&] {
        for (long r0 = 0; r0 < rows; r0 += batch)
          regkit::nn::detail::gemm_rowwise<float>(std::min(batch, rows - r0), n, k, x.data() + r0 * k, k, w.data(), n,
                                                  a.data() + r0 * n, n);
      });
      const double blas = best_time(repeats, [&] {
        for (long r0 = 0; r0 < rows; r0 += batch)
          cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(std::min(batch, rows - r0)),
                      static_cast<int>(n), static_cast<int>(k), 1.f, x.data() + r0 * k, static_cast<int>(k), w.data(),
                      static_cast<int>(n), 0.f, b.data() + r0 * n, static_cast<int>(n));
      });
      // The difference in units of sum_l |x_il w_lj| (the scale of float32 summation error).
      double diff = 0;
      for (long i = 0; i < rows; i += 97)
        for (long j = 0; j < n; ++j) {
          double scale = 0;
          for (long l = 0; l < k; ++l) scale += std::fabs(double(x[static_cast<std::size_t>(i * k + l)]) * double(w[static_cast<std::size_t>(l * n + j)]));
          const std::size_t at = static_cast<std::size_t>(i * n + j);
          diff = std::max(diff, std::fabs(double(a[at]) - double(b[at])) / std::max(scale, 1e-30));
        }
      const double flops = 2.0 * double(rows) * double(k) * double(n);
      if (batch == 256) {
        total_rowwise += rowwise;
        total_blas += blas;
      }
      std::printf("%ldx%ld,%ld,%.1f,%.1f,%.2f,%.1e\n", k, n, batch, flops / rowwise * 1e-9, flops / blas * 1e-9,
                  rowwise / blas, diff);
    }
  }
  std::printf("# the whole seed-000 forward pass at batch 256: rowwise / OpenBLAS time = %.2f\n",
              total_rowwise / total_blas);
  return 0;
}
