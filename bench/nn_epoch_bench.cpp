// nn_epoch_bench: one training epoch of the seed-000 network (784-256-128-64-10, elu,
// he_normal, softmax + sparse categorical cross-entropy, Adam, batch 64) on 55,000
// random uint8 "images", and the OpenBLAS sgemm rate (2048 x 2048) at the same thread
// count, so that training efficiency = (GEMM FLOPs of the epoch / epoch time) / sgemm rate.
//
//   nn_epoch_bench [--threads T] [--blas-threads B] [--chunks C] [--adaptive 0|1] [--split rows|columns] [--epochs E] [--batch 64]
//                  [--samples 55000] [--csv FILE]
//
// GEMM FLOPs per sample: forward 2 * (784*256 + 256*128 + 128*64 + 64*10) = 484,608;
// backward dW for every layer (484,608) + dX for layers 2-4 (2 * (256*128 + 128*64 + 64*10)
// = 83,200) = 567,808.  55,000 samples -> 57.88 GFLOP.
#include <cblas.h>
#include <omp.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "regkit/nn/nn.hpp"

namespace {

double sgemm_rate(int threads, int size, int repeats) {
  openblas_set_num_threads(threads);
  const std::size_t n = static_cast<std::size_t>(size);
  std::vector<float> a(n * n), b(n * n), c(n * n);
  std::mt19937 gen(1);
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  for (auto& v : a) v = u(gen);
  for (auto& v : b) v = u(gen);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, size, size, size, 1.f, a.data(), size, b.data(), size, 0.f,
              c.data(), size);  // warm-up
  double best = 1e30;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, size, size, size, 1.f, a.data(), size, b.data(), size,
                0.f, c.data(), size);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return 2.0 * static_cast<double>(size) * size * size / best / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace regkit;
  int threads = 2, blas_threads = 1, epochs = 2, chunks = 0, adaptive = 1;
  bool columns = false;
  Index batch = 64, samples = 55000;
  std::string csv;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    if (k == "--threads") threads = std::atoi(argv[i + 1]);
    else if (k == "--blas-threads") blas_threads = std::atoi(argv[i + 1]);
    else if (k == "--epochs") epochs = std::atoi(argv[i + 1]);
    else if (k == "--batch") batch = std::atol(argv[i + 1]);
    else if (k == "--samples") samples = std::atol(argv[i + 1]);
    else if (k == "--csv") csv = argv[i + 1];
    else if (k == "--chunks") chunks = std::atoi(argv[i + 1]);
    else if (k == "--adaptive") adaptive = std::atoi(argv[i + 1]);
    else if (k == "--split") columns = std::string(argv[i + 1]) == "columns";
  }
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(samples * 784));
  std::vector<float> labels(static_cast<std::size_t>(samples));
  std::mt19937 gen(7);
  for (auto& v : pixels) v = static_cast<std::uint8_t>(gen() & 0xff);
  for (auto& v : labels) v = static_cast<float>(gen() % 10);

  nn::Sequential model;
  for (Index units : {256, 128, 64})
    model.add(nn::Dense{.units = units, .activation = "elu", .kernel_initializer = "he_normal"});
  model.add(nn::Dense{.units = 10, .activation = "softmax"});
  model.compile(std::make_unique<nn::Adam<float>>(), "sparse_categorical_crossentropy");
  nn::FitOptions options;
  options.epochs = epochs;
  options.batch_size = batch;
  options.seed = 42;
  options.threads = threads;
  options.blas_threads = blas_threads;
  options.batch_chunks = chunks;
  options.split = columns ? nn::Split::columns : nn::Split::rows;
  options.adaptive_threads = adaptive != 0;
  const int gemm_threads = threads * blas_threads;
  const double rate_before = sgemm_rate(gemm_threads, 2048, 5);
  const nn::History h = model.fit(nn::ArrayView::u8(pixels.data(), samples, 784),
                                  nn::ArrayView::f32(labels.data(), samples, 1), options);
  double best = 1e30;
  for (double s : h.seconds) best = std::min(best, s);
  const double flops = static_cast<double>(samples) * (484608.0 + 567808.0);
  // The machine's rate: the better of a measurement before and after training (other
  // processes on the cores lower both the rate and the training speed).
  const double rate = std::max(rate_before, sgemm_rate(gemm_threads, 2048, 5));
  const double achieved = flops / best / 1e9;
  std::printf("openblas %s, core %s, config %s\n", openblas_get_config(), openblas_get_corename(),
              std::getenv("OPENBLAS_CORETYPE") ? std::getenv("OPENBLAS_CORETYPE") : "(OPENBLAS_CORETYPE unset)");
  std::printf("team threads %d x OpenBLAS threads %d (last epoch ran on %d), batch chunks %d, adaptive %d, split %s, "
              "batch %ld, %ld samples\n", threads, blas_threads, model.last_threads_used(), columns ? 1 : chunks > 0 ? chunks : threads,
              adaptive, columns ? "columns" : "rows",
              static_cast<long>(batch), static_cast<long>(samples));
  for (std::size_t e = 0; e < h.seconds.size(); ++e)
    std::printf("epoch %zu: %.3f s, loss %.4f\n", e + 1, h.seconds[e], h.loss[e]);
  std::printf("best epoch %.3f s -> %.1f GFLOP/s of GEMM work (%.2f GFLOP per epoch)\n", best, achieved, flops / 1e9);
  std::printf("sgemm 2048x2048 at %d threads: %.1f GFLOP/s\n", gemm_threads, rate);
  std::printf("training efficiency: %.1f%% of sgemm\n", 100.0 * achieved / rate);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("peak RSS %.0f MB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) == 3 && load[0] > 0.5)
    std::printf("warning: load average %.2f: other processes share the cores; timings of a threaded run suffer most\n",
                load[0]);
  if (!csv.empty()) {
    std::ofstream out(csv);
    out << "threads,blas_threads,batch,samples,epoch_seconds,gemm_gflops,sgemm_gflops,efficiency,core\n";
    out << threads << ',' << blas_threads << ',' << batch << ',' << samples << ',' << best << ',' << achieved << ','
        << rate << ',' << achieved / rate << ',' << openblas_get_corename() << '\n';
  }
  return 0;
}
