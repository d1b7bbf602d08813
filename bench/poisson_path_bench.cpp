// regkit side of the Poisson-path benchmark (bench/poisson/run.sh): for each design in
// DIR/designs.csv, the Poisson lasso path (GLM engine, standardize on as glmnet's default)
// on glmnet's own lambda grid, median wall time over REPS runs. Writes
// DIR/NAME.regkit.beta.f64 (p x L, column-major), DIR/NAME.regkit.a0 and
// DIR/regkit_times.csv. Usage: poisson_path_bench DIR [REPS] [TOL]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
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

regkit::Matrix read_f64(const std::string& path, regkit::Index rows, regkit::Index cols) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw regkit::DataError(path + ": cannot open");
  regkit::Matrix m(rows, cols);
  in.read(reinterpret_cast<char*>(m.data()), static_cast<std::streamsize>(sizeof(double) * static_cast<std::size_t>(m.size())));
  if (!in) throw regkit::DataError(path + ": truncated");
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: poisson_path_bench DIR [REPS] [TOL]\n");
    return 2;
  }
  const std::string dir = argv[1];
  const int reps = argc > 2 ? std::atoi(argv[2]) : 5;
  const double tol = argc > 3 ? std::atof(argv[3]) : regkit::linear::GlmOptions{}.tol;
  std::ifstream designs(dir + "/designs.csv");
  std::string line;
  std::getline(designs, line);
  std::ofstream times(dir + "/regkit_times.csv");
  times << "name,seconds,lambdas\n";
  const auto poisson = regkit::linear::make_family("poisson");
  const regkit::penalty::ElasticNetPenalty lasso(1.0);
  while (std::getline(designs, line)) {
    std::stringstream fields(line);
    std::string name, n_text, p_text;
    std::getline(fields, name, ',');
    std::getline(fields, n_text, ',');
    std::getline(fields, p_text, ',');
    const regkit::Index n = std::stol(n_text), p = std::stol(p_text);
    const regkit::Matrix X = read_f64(dir + "/" + name + ".X.f64", n, p);
    const regkit::Vector y = read_f64(dir + "/" + name + ".y.f64", n, 1).col(0);
    const std::vector<double> lambdas = read_text_numbers(dir + "/" + name + ".glmnet.lambda");
    regkit::linear::PathOptions path;
    path.lambdas = Eigen::Map<const regkit::Vector>(lambdas.data(), static_cast<regkit::Index>(lambdas.size()));
    regkit::linear::GlmOptions options;
    options.tol = tol;
    std::vector<double> seconds;
    regkit::linear::GlmPath fit;
    for (int r = 0; r < reps + 1; ++r) {  // the first run warms up
      const auto start = std::chrono::steady_clock::now();
      fit = regkit::linear::glm_path(X, y, *poisson, lasso, options, path);
      if (r > 0) seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(seconds.begin(), seconds.end());
    const double median = seconds[seconds.size() / 2];
    std::ofstream beta(dir + "/" + name + ".regkit.beta.f64", std::ios::binary);
    beta.write(reinterpret_cast<const char*>(fit.coefs.data()), static_cast<std::streamsize>(sizeof(double) * static_cast<std::size_t>(fit.coefs.size())));
    std::ofstream a0(dir + "/" + name + ".regkit.a0");
    a0.precision(17);
    for (regkit::Index k = 0; k < fit.size(); ++k) a0 << fit.intercepts[k] << "\n";
    times << name << "," << median << "," << fit.size() << "\n";
    std::printf("regkit %s: %ld lambdas, median %.3f s\n", name.c_str(), static_cast<long>(fit.size()), median);
  }
  return 0;
}
