// regkit side of the ridge benchmark (bench/ridge/run.sh): a 100-lambda ridge path from
// one SVD, and the peak memory it adds, for the given .npy design matrices.
// Usage: ridge_path_bench REPS X.npy y.npy [X.npy y.npy ...]; prints CSV rows
// name,n,p,regkit_seconds,extra_peak_mb.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "regkit/regkit.hpp"

namespace {
// Peak resident memory (VmHWM) in MB; reset_peak() restarts it (Linux clear_refs "5").
double peak_rss_mb() {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return 0.0;
  char line[256];
  double kb = 0.0;
  while (std::fgets(line, sizeof line, f))
    if (std::sscanf(line, "VmHWM: %lf kB", &kb) == 1) break;
  std::fclose(f);
  return kb / 1024.0;
}
void reset_peak() {
  if (std::FILE* f = std::fopen("/proc/self/clear_refs", "w")) {
    std::fputs("5", f);
    std::fclose(f);
  }
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || (argc - 2) % 2 != 0) {
    std::fprintf(stderr, "usage: ridge_path_bench REPS X.npy y.npy [X.npy y.npy ...]\n");
    return 2;
  }
  const int reps = std::stoi(argv[1]);
  std::printf("name,n,p,regkit_seconds,extra_peak_mb\n");
  for (int a = 2; a + 1 < argc; a += 2) {
    const regkit::Design X{regkit::data::read_npy(argv[a]).to_matrix("X")};
    const regkit::Vector y = regkit::data::read_npy(argv[a + 1]).to_vector("y");
    regkit::linear::RidgeOptions options;
    regkit::linear::ElasticNetOptions grid_options;
    grid_options.alpha = 0.0;
    const regkit::Vector lambdas = regkit::linear::lambda_grid(X, y, grid_options, {});
    reset_peak();
    const double before = peak_rss_mb();
    std::vector<double> seconds;
    for (int r = 0; r < reps + 1; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      const auto path = regkit::linear::ridge_path(X, y, lambdas, options);
      if (r > 0) seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(seconds.begin(), seconds.end());
    std::string name = argv[a];
    name = name.substr(name.find_last_of('/') + 1);
    std::printf("%s,%ld,%ld,%.6f,%.1f\n", name.c_str(), static_cast<long>(regkit::rows(X)),
                static_cast<long>(regkit::cols(X)), seconds[seconds.size() / 2], peak_rss_mb() - before);
    std::fflush(stdout);
  }
  return 0;
}
