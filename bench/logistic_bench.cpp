// regkit side of the logistic benchmark (bench/logistic/run.sh) and the driver that puts
// every solver at equal objective. For each task it fits regkit at a ladder of tolerances
// (median wall time of REPS runs each), reads the peers' coefficient files listed in
// DIR/peer_times.csv (written by peers.py / glmnet_path.R / liblinear.sh), evaluates
// every solution with one formula,
//   (1/n) sum_i log(1 + exp(-y_i x_i'w)) + lambda * (L2: ||w||^2 / 2, L1: ||w||_1),
// lambda = 1 / (C n), no intercept (liblinear penalizes its bias, so none is fitted),
// and writes DIR/results.csv: task, solver, setting, wall seconds, objective, CPU seconds.
// The path task compares with glmnet's 100-lambda binomial path (standardize and intercept
// on, glmnet's grid): the objective of each glmnet solution in regkit's form at each lambda.
// Usage: logistic_bench DIR [REPS] [TASKS...]   TASKS: reader dense_l2 dense_l1 sparse_l2
//        sparse_l1 path (default all)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "regkit/regkit.hpp"

namespace {

using regkit::Index;
using regkit::Matrix;
using regkit::Vector;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::vector<double> read_f64(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw regkit::DataError(path + ": cannot open");
  const auto bytes = static_cast<std::size_t>(in.tellg());
  std::vector<double> v(bytes / sizeof(double));
  in.seekg(0);
  in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(bytes));
  return v;
}

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

// Median wall time over reps runs; `cpu` gets the median CPU time (user + sys).
template <class F>
double median_time(int reps, F&& f, double& cpu) {
  std::vector<double> t, c;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = Clock::now();
    const double c0 = cpu_seconds();
    f();
    t.push_back(seconds_since(t0));
    c.push_back(cpu_seconds() - c0);
  }
  std::sort(t.begin(), t.end());
  std::sort(c.begin(), c.end());
  cpu = c[c.size() / 2];
  return t[t.size() / 2];
}

// (1/n) sum log(1 + exp(-y eta)) with y in {0, 1}, eta = b + X w.
double mean_logloss(const regkit::Design& X, const Vector& y01, const Vector& w, double b) {
  const Vector eta = std::visit([&](const auto& m) -> Vector { return m * w; }, X);
  double total = 0.0;
  for (Index i = 0; i < eta.size(); ++i) {
    const double z = (y01[i] > 0.5 ? -1.0 : 1.0) * (eta[i] + b);
    total += std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z)));
  }
  return total / static_cast<double>(eta.size());
}

struct PeerRun {
  std::string task, peer, setting, coef_file;
  double seconds = 0.0, cpu = 0.0;
};

std::vector<PeerRun> read_peer_times(const std::string& dir) {
  std::vector<PeerRun> runs;
  std::ifstream in(dir + "/peer_times.csv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream ss(line);
    PeerRun r;
    std::string secs;
    std::getline(ss, r.task, ',');
    std::getline(ss, r.peer, ',');
    std::getline(ss, r.setting, ',');
    std::getline(ss, secs, ',');
    std::getline(ss, r.coef_file, ',');
    std::string cpu;
    std::getline(ss, cpu, ',');
    r.seconds = std::stod(secs);
    r.cpu = cpu.empty() ? r.seconds : std::stod(cpu);
    runs.push_back(r);
  }
  return runs;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace regkit;
  if (argc < 2) {
    std::fprintf(stderr, "usage: logistic_bench DIR [REPS] [TASKS...]\n");
    return 2;
  }
  const std::string dir = argv[1];
  const int reps = argc > 2 ? std::atoi(argv[2]) : 3;
  std::set<std::string> tasks;
  for (int a = 3; a < argc; ++a) tasks.insert(argv[a]);
  auto want = [&](const std::string& t) { return tasks.empty() || tasks.count(t) > 0; };
  std::ofstream out(dir + "/results.csv", std::ios::app);  // run.sh starts it afresh
  out.precision(17);
  const auto peers = read_peer_times(dir);

  try {
    // Dense data from the binary copy (the same doubles as dense.svm).
    const std::vector<double> yv = read_f64(dir + "/dense_y.f64");
    const Index n = static_cast<Index>(yv.size());
    const std::vector<double> xv = read_f64(dir + "/dense_X.f64");
    const Index p = static_cast<Index>(xv.size()) / n;
    const Design dense = Matrix(Eigen::Map<const Matrix>(xv.data(), n, p));
    const Vector y_dense = Eigen::Map<const Vector>(yv.data(), n);

    if (want("reader")) {
      Index rows_read = 0;
      double cpu = 0.0;
      const double t = median_time(reps, [&] { rows_read = data::read_libsvm(dir + "/dense.svm").n_samples(); }, cpu);
      out << "reader,regkit,read_libsvm dense.svm," << t << ",nan," << cpu << "\n";
      std::printf("reader: regkit read_libsvm of dense.svm (%ld rows): %.3f s wall, %.3f s cpu\n",
                  static_cast<long>(rows_read), t, cpu);
      for (const auto& r : peers)
        if (r.task == "reader")
          out << "reader," << r.peer << "," << r.setting << "," << r.seconds << ",nan," << r.cpu << "\n";
    }

    data::Dataset sparse_data;
    auto run_task = [&](const std::string& task, const Design& X, const Vector& y01, double alpha) {
      const Index nn = rows(X);
      const double C = 1.0;
      const double lambda = 1.0 / (C * static_cast<double>(nn));
      const linear::Labels labels = linear::encode_labels(y01, task);
      auto objective = [&](const Vector& w) {
        const double pen = alpha > 0 ? w.cwiseAbs().sum() : 0.5 * w.squaredNorm();
        return mean_logloss(X, y01, w, 0.0) + lambda * pen;
      };
      // L2: tol is the largest absolute gradient entry; L1: the KKT violation relative to lambda.
      const std::vector<double> tols = alpha > 0 ? std::vector<double>{1.0, 0.1, 3e-2, 1e-2, 1e-3, 1e-4, 1e-6}
                                                 : std::vector<double>{1e-3, 1e-4, 3e-5, 1e-5, 1e-6, 3e-7, 1e-7, 1e-8};
      // regkit = the automatic solver choice; with REGKIT_BENCH_ALL_SOLVERS=1 the L2 tasks
      // also time each explicit solver (rows regkit-lbfgs, regkit-tron).
      std::vector<std::pair<std::string, linear::LogisticSolver>> solvers{{"regkit", linear::LogisticSolver::automatic}};
      if (alpha == 0.0 && std::getenv("REGKIT_BENCH_ALL_SOLVERS")) {
        solvers.emplace_back("regkit-lbfgs", linear::LogisticSolver::lbfgs);
        solvers.emplace_back("regkit-tron", linear::LogisticSolver::trust_region_newton);
      }
      for (const auto& [name, solver] : solvers) {
        for (double tol : tols) {
          linear::LogisticOptions o;
          o.alpha = alpha;
          o.fit_intercept = false;
          o.standardize = false;
          o.tol = tol;
          o.solver = solver;
          linear::LogisticFit fit;
          double cpu = 0.0;
          const double t = median_time(reps, [&] { fit = linear::fit_logistic(X, labels, lambda, o); }, cpu);
          const double f = objective(fit.coef.col(0));
          out << task << "," << name << ",tol=" << tol << "," << t << "," << f << "," << cpu << "\n";
          std::printf("%s: %s tol=%g  %.3f s wall %.3f s cpu  objective %.12g (%d iterations)\n",
                      task.c_str(), name.c_str(), tol, t, cpu, f, fit.iterations);
          std::fflush(stdout);
        }
      }
      for (const auto& r : peers) {
        if (r.task != task) continue;
        const std::vector<double> w = read_f64(dir + "/" + r.coef_file);
        const Vector wv = Eigen::Map<const Vector>(w.data(), static_cast<Index>(w.size()));
        const double f = objective(wv);
        out << task << "," << r.peer << "," << r.setting << "," << r.seconds << "," << f << "," << r.cpu << "\n";
        std::printf("%s: %s %s  %.3f s wall %.3f s cpu  objective %.12g\n", task.c_str(), r.peer.c_str(),
                    r.setting.c_str(), r.seconds, r.cpu, f);
      }
      out.flush();
    };
    if (want("dense_l2")) run_task("dense_l2", dense, y_dense, 0.0);
    if (want("dense_l1")) run_task("dense_l1", dense, y_dense, 1.0);
    if (want("sparse_l2") || want("sparse_l1")) {
      const auto t0 = Clock::now();
      sparse_data = data::read_libsvm(dir + "/sparse.svm");
      std::printf("sparse: read_libsvm %.3f s\n", seconds_since(t0));
      Vector y01 = (sparse_data.y.array() > 0).cast<double>();
      if (want("sparse_l2")) run_task("sparse_l2", sparse_data.X, y01, 0.0);
      if (want("sparse_l1")) run_task("sparse_l1", sparse_data.X, y01, 1.0);
    }
    if (want("path")) {
      // glmnet's grid (peer_times.csv names glmnet_lambdas.f64) or our own.
      linear::LogisticOptions o;
      o.alpha = 1.0;
      const linear::Labels labels = linear::encode_labels(y_dense, "dense");
      linear::PathOptions path;
      std::string glmnet_coef;
      double glmnet_seconds = 0.0, glmnet_cpu = 0.0;
      for (const auto& r : peers)
        if (r.task == "path") { glmnet_coef = r.coef_file; glmnet_seconds = r.seconds; glmnet_cpu = r.cpu; }
      if (!glmnet_coef.empty()) {
        const auto lam = read_f64(dir + "/glmnet_lambdas.f64");
        path.lambdas = Eigen::Map<const Vector>(lam.data(), static_cast<Index>(lam.size()));
      }
      // Objective in regkit's (glmnet's) form: mean log-loss + lambda ||sd .* w||_1.
      const Matrix& Xd = std::get<Matrix>(dense);
      const Vector mean = Xd.colwise().mean().transpose();
      const Vector sd = ((Xd.rowwise() - mean.transpose()).colwise().squaredNorm().transpose() /
                         static_cast<double>(n)).cwiseSqrt();
      const std::vector<double> path_tols{1e-1, 3e-2, 1e-2, 1e-3, 1e-4};  // KKT violation relative to lambda
      for (double tol : path_tols) {
        o.tol = tol;
        linear::LogisticPath res;
        double cpu = 0.0;
        const double t = median_time(reps, [&] { res = linear::logistic_path(dense, labels, o, path); }, cpu);
        double worst = 0.0;
        if (!glmnet_coef.empty()) {
          const auto g = read_f64(dir + "/" + glmnet_coef);  // (p + 1) x L, intercept first
          for (Index k = 0; k < res.size(); ++k) {
            const Eigen::Map<const Vector> col(g.data() + k * (p + 1), p + 1);
            const Vector w = col.tail(p);
            const double fg = mean_logloss(dense, y_dense, w, col[0]) + res.lambdas[k] * sd.cwiseProduct(w).cwiseAbs().sum();
            const double fr = mean_logloss(dense, y_dense, res.coefs[static_cast<std::size_t>(k)].col(0),
                                           res.intercepts(0, k)) +
                              res.lambdas[k] * sd.cwiseProduct(res.coefs[static_cast<std::size_t>(k)].col(0)).cwiseAbs().sum();
            worst = std::max(worst, (fr - fg) / fg);
          }
        }
        out << "path,regkit,tol=" << tol << "," << t << "," << worst << "," << cpu << "\n";
        std::printf("path: regkit tol=%g  %.3f s wall %.3f s cpu (%ld lambdas; worst (f_regkit - f_glmnet)/f_glmnet = %.3g)\n",
                    tol, t, cpu, static_cast<long>(res.size()), worst);
      }
      if (!glmnet_coef.empty())
        out << "path,glmnet,glmnet default," << glmnet_seconds << ",0," << glmnet_cpu << "\n";
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "logistic_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
