// Lasso / elastic net: option checks, lambda_max and the grid, one-lambda fits and
// paths (warm starts, sequential strong rules with a KKT re-check). The coordinate
// descent itself is in elastic_net_solver.hpp, the standardized design in
// elastic_net_design.hpp; the objective and conventions are in elastic_net.hpp.
//
// Penalty factors are used as given: unlike glmnet, they are not rescaled to sum to p,
// so lambda means the same thing whatever the factors are.
#include "regkit/linear/elastic_net.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <string_view>
#include <type_traits>
#include <string>

#include "elastic_net_design.hpp"
#include "elastic_net_solver.hpp"
#include "regkit/core/check.hpp"
#include "regkit/core/interrupt.hpp"

namespace regkit::linear {

namespace {

using detail::CoordinateDescent;
using detail::Standardized;

constexpr double kAlphaFloor = 0.001;  // glmnet's alpha in lambda_max when alpha == 0

void check_data(std::string_view where, const DesignView& X, const Vector& y,
                const ElasticNetOptions& options) {
  const Index n = rows(X), p = cols(X);
  check::not_empty(where, n, p);
  check::same_rows(where, n, y.size());
  // Dense X is checked for NaN / inf inside the standardization pass (Problem), which reads
  // X anyway: a non-finite entry makes its column mean non-finite.
  if (is_sparse(X)) check::all_finite(where, "X", X);
  check::all_finite(where, "y", y);
  options.validate(n, p);
}

Vector normalized_weights(const ElasticNetOptions& options, Index n) {
  if (options.sample_weight.size() == 0)
    return Vector::Constant(n, 1.0 / static_cast<double>(n));
  return options.sample_weight / options.sample_weight.sum();
}

Vector penalty_factors(const ElasticNetOptions& options, Index p) {
  return options.penalty_factor.size() == 0 ? Vector::Ones(p) : options.penalty_factor;
}

bool use_covariance(const ElasticNetOptions& options, Index n, Index p) {
  switch (options.update) {
    case UpdateRule::covariance: return true;
    case UpdateRule::naive: return false;
    case UpdateRule::automatic: break;
  }
  return n >= p && p <= 500;
}

// Largest |c_j| / (alpha pf_j) over penalized, non-excluded j, with c the correlations
// after fitting the unpenalized variables (glmnet's lambda_max).
template <class Solver>
double lambda_max_from(Solver& solver, const Vector& pf, double alpha, Index p) {
  const double a = std::max(alpha, kAlphaFloor);
  const Vector& corr = solver.all_correlations();
  double largest = 0.0;
  for (Index j = 0; j < p; ++j)
    if (!solver.excluded(j) && pf[j] > 0.0)
      largest = std::max(largest, std::abs(corr[j]) / (a * pf[j]));
  return largest;
}

Vector grid_from(double lambda_max, Index n, Index p, const PathOptions& path) {
  const double ratio =
      path.lambda_min_ratio > 0.0 ? path.lambda_min_ratio : (n > p ? 1e-4 : 1e-2);
  const Index count = path.lambda_count;
  Vector grid(count);
  if (count == 1) {
    grid[0] = lambda_max;
    return grid;
  }
  const double step = std::log(ratio) / static_cast<double>(count - 1);
  for (Index k = 0; k < count; ++k) grid[k] = lambda_max * std::exp(step * static_cast<double>(k));
  return grid;
}

// Everything a fit needs, built once: weights, standardization, design back-end, solver.
template <class DesignMatrix, class Back>
struct Problem {
  Problem(std::string_view where, const DesignMatrix& X, const Vector& y,
          const ElasticNetOptions& options)
      : pf(penalty_factors(options, X.cols())),
        st(standardize_checked(where, X, y, options)),
        design(X, st),
        solver(st, design, pf, options.alpha, use_covariance(options, X.rows(), X.cols()),
               options.tol, options.max_iter),
        inv_scale(st.scale.cwiseInverse()) {
    for (Index j = 0; j < st.p; ++j)
      if (st.excluded[static_cast<std::size_t>(j)]) inv_scale[j] = 0.0;
  }

  Vector pf;
  Standardized st;
  Back design;

  // The standardization; for dense X also the NaN / inf check (check_data leaves it here):
  // any non-finite entry makes its column's weighted mean non-finite (0 * inf is NaN), and
  // then check::all_finite finds and names the first one.
  static Standardized standardize_checked(std::string_view where, const DesignMatrix& X,
                                          const Vector& y, const ElasticNetOptions& options) {
    Standardized s = detail::standardize(X, y, normalized_weights(options, X.rows()),
                                         options.fit_intercept, options.standardize);
    if constexpr (std::is_same_v<DesignMatrix, DenseView>) {
      if (!s.mean.allFinite()) check::all_finite(where, "X", X);
    }
    return s;
  }
  CoordinateDescent<Back> solver;
  Vector inv_scale;  // p: 1 / s_j, 0 for excluded columns

  // Original-scale coefficients and intercept from the solver's coefficients.
  void original_scale(Eigen::Ref<Vector> coef, double& intercept) const {
    coef = solver.coef().cwiseProduct(inv_scale);
    intercept = st.ybar - st.xbar.dot(coef);
  }
};

// Calls f(problem) with the Problem for X's kind (dense or sparse); X is not copied.
template <class F>
auto with_problem(std::string_view where, const DesignView& X, const Vector& y,
                  const ElasticNetOptions& options, F&& f) {
  if (const auto* dense = std::get_if<DenseView>(&X)) {
    Problem<DenseView, detail::DenseDesign> problem(where, *dense, y, options);
    return f(problem);
  }
  Problem<SparseView, detail::SparseDesign> problem(where, std::get<SparseView>(X), y, options);
  return f(problem);
}

void warn_not_converged(const ElasticNetOptions& options, double lambda, const detail::PointStats& s) {
  log_to(options.log, LogLevel::warning,
         "elastic net: no convergence at lambda = " + check::str(lambda) + " after " +
             check::str(s.iterations) + " passes (max_iter); duality gap " +
             check::str(s.duality_gap) + ", tol " + check::str(options.tol) +
             "; raise max_iter or tol");
}

}  // namespace

void ElasticNetOptions::validate(Index n, Index p) const {
  constexpr std::string_view where = "ElasticNetOptions";
  check::in_unit_interval(where, "alpha", alpha);
  check::positive(where, "tol", tol);
  if (max_iter <= 0)
    throw InvalidArgument(std::string(where) + ": max_iter must be > 0; got " +
                          check::str(max_iter));
  check::penalty_factors(where, penalty_factor, p);
  check::sample_weights(where, sample_weight, n);
}

void PathOptions::validate() const {
  constexpr std::string_view where = "PathOptions";
  for (Index k = 0; k < lambdas.size(); ++k)
    check::non_negative(where, "lambdas[" + check::str(k) + "]", lambdas[k]);
  if (lambdas.size() == 0 && (lambda_count <= 0 || lambda_count > check::kMaxLambdaCount))
    throw InvalidArgument(std::string(where) + ": lambda_count must be in [1, " + check::str(check::kMaxLambdaCount) +
                          "]; got " + check::str(lambda_count));
  if (lambda_min_ratio != -1 && !(lambda_min_ratio > 0.0 && lambda_min_ratio < 1.0))
    throw InvalidArgument(std::string(where) + ": lambda_min_ratio must be in (0, 1) or -1 (automatic); got " +
                          check::str(lambda_min_ratio));
}

FitResult PathResult::at(Index k) const {
  if (k < 0 || k >= size())
    throw InvalidArgument("PathResult::at: index " + check::str(k) + " is outside [0, " +
                          check::str(size()) + ")");
  FitResult fit;
  fit.lambda = lambdas[k];
  fit.alpha = alpha;
  fit.coef = coefs.col(k);
  fit.intercept = intercepts[k];
  fit.iterations = iterations[static_cast<std::size_t>(k)];
  fit.converged = converged[static_cast<std::size_t>(k)];
  fit.objective = objective[k];
  fit.duality_gap = duality_gap[k];
  fit.max_kkt_violation = max_kkt_violation[k];
  return fit;
}

double lambda_max(const DesignView& X, const Vector& y, const ElasticNetOptions& options) {
  check_data("lambda_max", X, y, options);
  return with_problem("lambda_max", X, y, options, [&](auto& problem) {
    problem.solver.fit_unpenalized();
    return lambda_max_from(problem.solver, problem.pf, options.alpha, problem.st.p);
  });
}

Vector lambda_grid(const DesignView& X, const Vector& y, const ElasticNetOptions& options,
                   const PathOptions& path) {
  path.validate();
  return grid_from(lambda_max(X, y, options), rows(X), cols(X), path);
}

FitResult fit_elastic_net(const DesignView& X, const Vector& y, double lambda,
                          const ElasticNetOptions& options, const std::optional<Vector>& warm_start) {
  constexpr std::string_view where = "fit_elastic_net";
  check_data(where, X, y, options);
  check::non_negative(where, "lambda", lambda);
  const Index p = cols(X);
  if (warm_start) {
    if (warm_start->size() != p)
      throw InvalidArgument(std::string(where) + ": warm_start has " +
                            check::str(warm_start->size()) + " entries; expected p = " +
                            check::str(p));
    check::all_finite(where, "warm_start", *warm_start);
  }
  return with_problem(where, X, y, options, [&](auto& problem) {
    auto& solver = problem.solver;
    if (warm_start) solver.set_coef(warm_start->cwiseProduct(problem.st.scale));
    // Working set: current nonzeros, unpenalized variables and KKT violators at the start.
    std::vector<char> in_set(static_cast<std::size_t>(p), 1);
    if (options.use_strong_rules) solver.screen(lambda * options.alpha, true, in_set);
    const detail::PointStats stats = solver.solve(lambda, in_set);
    if (!stats.converged) warn_not_converged(options, lambda, stats);
    FitResult fit;
    fit.lambda = lambda;
    fit.alpha = options.alpha;
    fit.coef.resize(p);
    problem.original_scale(fit.coef, fit.intercept);
    fit.iterations = stats.iterations;
    fit.converged = stats.converged;
    fit.objective = stats.objective;
    fit.duality_gap = stats.duality_gap;
    fit.max_kkt_violation = stats.max_kkt_violation;
    return fit;
  });
}

PathResult elastic_net_path(const DesignView& X, const Vector& y, const ElasticNetOptions& options,
                            const PathOptions& path) {
  constexpr std::string_view where = "elastic_net_path";
  check_data(where, X, y, options);
  path.validate();
  const auto started = std::chrono::steady_clock::now();
  const Index n = rows(X), p = cols(X);
  PathResult result = with_problem(where, X, y, options, [&](auto& problem) {
    auto& solver = problem.solver;
    solver.fit_unpenalized();
    const double lmax = lambda_max_from(solver, problem.pf, options.alpha, p);
    Vector lambdas = path.lambdas.size() ? path.lambdas : grid_from(lmax, n, p, path);
    std::sort(lambdas.begin(), lambdas.end(), std::greater<>());
    const Index count = lambdas.size();

    PathResult out;
    out.alpha = options.alpha;
    out.lambdas = lambdas;
    out.coefs.resize(p, count);
    out.intercepts.resize(count);
    out.objective.resize(count);
    out.duality_gap.resize(count);
    out.max_kkt_violation.resize(count);
    out.iterations.reserve(static_cast<std::size_t>(count));
    out.converged.reserve(static_cast<std::size_t>(count));
    out.df.reserve(static_cast<std::size_t>(count));

    std::vector<char> in_set(static_cast<std::size_t>(p), 1);
    double previous = count ? std::max(lmax, lambdas[0]) : lmax;
    for (Index k = 0; k < count; ++k) {
      check_interrupt("elastic-net path");
      const double lambda = lambdas[k];
      // Sequential strong rule (Tibshirani et al. 2012): keep j when
      // |c_j(lambda_{k-1})| >= alpha (2 lambda_k - lambda_{k-1}) pf_j.
      if (options.use_strong_rules)
        solver.screen(options.alpha * (2.0 * lambda - previous), false, in_set);
      const detail::PointStats stats = solver.solve(lambda, in_set);
      if (!stats.converged) warn_not_converged(options, lambda, stats);
      problem.original_scale(out.coefs.col(k), out.intercepts[k]);
      out.iterations.push_back(stats.iterations);
      out.converged.push_back(stats.converged);
      out.objective[k] = stats.objective;
      out.duality_gap[k] = stats.duality_gap;
      out.max_kkt_violation[k] = stats.max_kkt_violation;
      out.df.push_back(static_cast<int>((out.coefs.col(k).array() != 0.0).count()));
      previous = lambda;
    }
    return out;
  });
  result.fit_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace regkit::linear
