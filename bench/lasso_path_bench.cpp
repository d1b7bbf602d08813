// regkit side of the lasso-path benchmark (bench/lasso/run.sh): for each design in
// DIR/designs.json, the lasso path on glmnet's own lambda grid (standardize on, as
// glmnet's default), median wall time over REPS runs, and the largest relative error
// of the coefficients against glmnet's tight (thresh 1e-11) fit. Writes
// DIR/regkit_times.csv; with REGKIT_BENCH_DUMP=1 also DIR/NAME.regkit.beta.f64 (p x L,
// column-major) and DIR/NAME.regkit.a0. Usage: lasso_path_bench DIR [REPS] [TOL]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "regkit/regkit.hpp"

namespace {

std::vector<double> read_text_numbers(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw regkit::DataError(path + ": cannot open (run glmnet_path.R first)");
  std::vector<double> v;
  double x;
  while (in >> x) v.push_back(x);
  return v;
}

regkit::Matrix read_f64_matrix(const std::string& path, regkit::Index rows, regkit::Index cols) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw regkit::DataError(path + ": cannot open");
  regkit::Matrix m(rows, cols);
  in.read(reinterpret_cast<char*>(m.data()), static_cast<std::streamsize>(sizeof(double) * static_cast<std::size_t>(m.size())));
  if (!in) throw regkit::DataError(path + ": truncated");
  return m;
}

// Largest over lambdas of ||beta - ref|| / max(||ref||, 1e-3 max_k ||ref_k||) (the floor as
// in sklearn_path.py: near lambda_max the reference is almost zero).
double max_relative_error(const regkit::Matrix& beta, const regkit::Matrix& ref) {
  const double floor = 1e-3 * ref.colwise().norm().maxCoeff();
  double worst = 0.0;
  for (regkit::Index k = 0; k < ref.cols(); ++k)
    worst = std::max(worst, (beta.col(k) - ref.col(k)).norm() / std::max(ref.col(k).norm(), floor));
  return worst;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: lasso_path_bench DIR [REPS] [TOL]\n");
    return 2;
  }
  const std::string dir = argv[1];
  const int reps = argc > 2 ? std::stoi(argv[2]) : 5;
  const double tol = argc > 3 ? std::stod(argv[3]) : 1e-7;
  std::ifstream spec(dir + "/designs.json");
  const auto designs = nlohmann::json::parse(spec)["designs"];
  std::ofstream out(dir + "/regkit_times.csv");
  out << "name,regkit_seconds,regkit_rel_error,regkit_max_gap,regkit_max_kkt\n";
  for (const auto& d : designs) {
    const std::string name = d["name"];
    const regkit::Design X{regkit::data::read_npy(dir + "/" + name + ".X.npy").to_matrix("X")};
    const regkit::Vector y = regkit::data::read_npy(dir + "/" + name + ".y.npy").to_vector("y");
    const auto lambdas = read_text_numbers(dir + "/" + name + ".glmnet.lambda");
    regkit::linear::PathOptions path;
    path.lambdas = Eigen::Map<const regkit::Vector>(lambdas.data(), static_cast<regkit::Index>(lambdas.size()));
    regkit::linear::ElasticNetOptions options;
    options.tol = tol;
    regkit::linear::PathResult result = regkit::linear::elastic_net_path(X, y, options, path);  // warm-up
    std::vector<double> seconds;
    for (int r = 0; r < reps; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      result = regkit::linear::elastic_net_path(X, y, options, path);
      seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(seconds.begin(), seconds.end());
    const double median = seconds[seconds.size() / 2];
    const regkit::Matrix ref = read_f64_matrix(dir + "/" + name + ".glmnet.beta.f64", regkit::cols(X),
                                               static_cast<regkit::Index>(lambdas.size()));
    const double err = max_relative_error(result.coefs, ref);
    std::printf("regkit  %-22s %.4f s (min %.4f)  rel err %.2e  max gap %.1e\n", name.c_str(), median, seconds[0], err,
                result.duality_gap.maxCoeff());
    std::fflush(stdout);
    if (const char* dump = std::getenv("REGKIT_BENCH_DUMP"); dump && *dump) {
      // Coefficients (p x L, column-major) and intercepts, for checking against peers.
      std::ofstream b(dir + "/" + name + ".regkit.beta.f64", std::ios::binary);
      b.write(reinterpret_cast<const char*>(result.coefs.data()),
              static_cast<std::streamsize>(sizeof(double) * static_cast<std::size_t>(result.coefs.size())));
      std::ofstream a(dir + "/" + name + ".regkit.a0");
      a.precision(17);
      for (regkit::Index k = 0; k < result.intercepts.size(); ++k) a << result.intercepts[k] << '\n';
    }
    out << name << ',' << median << ',' << err << ',' << result.duality_gap.maxCoeff() << ','
        << result.max_kkt_violation.maxCoeff() << '\n';
  }
  return 0;
}
