// The GLM engine's path driver (include/regkit/linear/glm.hpp): the standardized problem,
// the null fits, lambda_max and the grid, then for each lambda the strong set, proximal
// Newton on the working set and a KKT check of every feature; glmnet's early stop, dfmax
// and pmax. The point solver is proximal_newton.hpp, the problem problem.hpp.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

#include <omp.h>

#include "problem.hpp"
#include "proximal_newton.hpp"
#include "regkit/core/check.hpp"
#include "regkit/core/interrupt.hpp"
#include "regkit/linear/glm.hpp"

namespace regkit::linear {

namespace {

using glm::Iterate;
using glm::Problem;

constexpr double kDevRatioMax = 0.999;  // glmnet.control: devmax
constexpr double kDevGainMin = 1e-5;    // glmnet.control: fdev
constexpr Index kMinLambdas = 5;        // glmnet.control: mnlam
constexpr double kInf = std::numeric_limits<double>::infinity();

template <class XMap>
Problem<XMap> make_problem(std::string_view where, const XMap& X, const Vector& y,
                           const Family& family, const GlmOptions& o) {
  const Index n = X.rows(), p = X.cols();
  Problem<XMap> prob{X, y, family, glm::Columns<XMap>{X}, {}, {}, {}, {}, {}, {}, {}, {}, o.fit_intercept, 1};
  prob.u = o.sample_weight.size() ? Vector(o.sample_weight / o.sample_weight.sum()) : Vector::Constant(n, 1.0 / static_cast<double>(n));
  prob.offset = o.offset.size() ? o.offset : Vector::Zero(n);
  prob.threads = o.threads > 0 ? o.threads : omp_get_max_threads();
  prob.center = Vector::Zero(p);
  prob.scale = Vector::Ones(p);
  prob.excluded.assign(static_cast<std::size_t>(p), 0);
  bool finite = true;
  for (Index j = 0; j < p; ++j) {
    const double mean = prob.columns.dot(j, prob.u);
    const double c = o.fit_intercept ? mean : 0.0;
    const double var = prob.columns.centered_square(j, prob.u, c);
    if (!std::isfinite(mean) || !std::isfinite(var)) {
      finite = false;
      break;
    }
    prob.center[j] = c;
    // glmnet's rule: a column constant over the weighted rows (all zero without an
    // intercept) carries nothing and stays at zero.
    if (!(var > 1e-24 * c * c) || var == 0.0) {
      prob.excluded[static_cast<std::size_t>(j)] = 1;
      continue;
    }
    if (o.standardize) prob.scale[j] = std::sqrt(var);
  }
  if (!finite) check::all_finite(where, "X", X);
  // Penalty factors as glmnet: excluded features count with factor 1, then all are
  // rescaled to sum to p.
  Vector pf = o.penalty_factor.size() ? o.penalty_factor : Vector::Ones(p);
  for (Index j : o.exclude) prob.excluded[static_cast<std::size_t>(j)] = 1;
  for (Index j = 0; j < p; ++j)
    if (std::isinf(pf[j]) || std::find(o.exclude.begin(), o.exclude.end(), j) != o.exclude.end()) {
      prob.excluded[static_cast<std::size_t>(j)] = 1;
      pf[j] = 1.0;
    }
  const double pf_sum = pf.sum();
  prob.level_factor = pf_sum > 0.0 ? Vector(pf * (static_cast<double>(p) / pf_sum)) : pf;
  auto limit = [&](const Vector& v, Index j, double none) {
    return v.size() == 0 ? none : v[v.size() == 1 ? 0 : j];
  };
  prob.lower.resize(p);
  prob.upper.resize(p);
  for (Index j = 0; j < p; ++j) {
    prob.lower[j] = limit(o.lower_limits, j, -kInf) * prob.scale[j];
    prob.upper[j] = limit(o.upper_limits, j, kInf) * prob.scale[j];
  }
  return prob;
}

struct Prepared {
  Iterate null_fit;        // intercept and unpenalized features
  double null_deviance = 0.0;
  double lambda_max = 0.0;
  Vector gradient;         // p, at null_fit
  std::vector<Index> unpenalized;
};

template <class XMap>
Prepared prepare(std::string_view where, const Problem<XMap>& prob, const penalty::Penalty& pen,
                 double threshold_tol, const GlmOptions& o) {
  const Index n = prob.n(), p = prob.p();
  Prepared out;
  Iterate& it = out.null_fit;
  it.beta = Vector::Zero(p);
  it.b = 0.0;
  if (prob.fit_intercept) {
    const double mu0 = prob.u.dot(prob.y);
    it.b = prob.family.link(mu0);
    if (!std::isfinite(it.b))
      throw InvalidArgument(std::string(where) + ": family " + std::string(prob.family.name()) +
                            ": the weighted mean response is " + check::str(mu0) +
                            ", where the intercept-only model has no finite fit (every response at the edge of its range)");
  }
  prob.linear_predictor(it.beta, it.b, it.eta);
  glm::SolveControl ctl;
  ctl.threshold = threshold_tol;
  ctl.max_iter = std::max(o.max_iter, 50);
  const std::vector<Index> none;
  glm::proximal_newton(prob, pen, none, ctl, it);
  out.null_deviance = prob.family.deviance(prob.y, it.eta, prob.u);
  for (Index j = 0; j < p; ++j)
    if (prob.eligible(j) && !prob.penalized(j)) out.unpenalized.push_back(j);
  if (!out.unpenalized.empty()) glm::proximal_newton(prob, pen, out.unpenalized, ctl, it);
  Vector g(n), h(n);
  prob.family.derivatives(prob.y, it.eta, prob.u, g, h);
  prob.full_gradient(g, out.gradient);
  const double weight = pen.lambda_max_weight();
  for (Index j = 0; j < p; ++j)
    if (prob.eligible(j) && prob.penalized(j))
      out.lambda_max = std::max(out.lambda_max, std::abs(out.gradient[j]) / (weight * prob.level_factor[j]));
  return out;
}

Vector grid_from(double lambda_max, Index n, Index p, const PathOptions& path) {
  if (path.lambdas.size()) {
    Vector grid = path.lambdas;
    std::sort(grid.data(), grid.data() + grid.size(), std::greater<>());
    return grid;
  }
  const double ratio = path.lambda_min_ratio > 0.0 ? path.lambda_min_ratio : (n > p ? 1e-4 : 1e-2);
  const Index count = path.lambda_count;
  Vector grid(count);
  grid[0] = lambda_max;
  const double step = count > 1 ? std::log(ratio) / static_cast<double>(count - 1) : 0.0;
  for (Index k = 1; k < count; ++k) grid[k] = lambda_max * std::exp(step * static_cast<double>(k));
  return grid;
}

void check_inputs(std::string_view where, const DesignView& X, const Vector& y, const Family& family,
                  const GlmOptions& options, const PathOptions* path) {
  const Index n = rows(X), p = cols(X);
  check::not_empty(where, n, p);
  check::same_rows(where, n, y.size());
  family.check_response(y, "y");
  options.validate(n, p);
  if (path) path->validate();
}

template <class XMap>
GlmPath run_path(std::string_view where, const XMap& X, const Vector& y, const Family& family,
                 const penalty::Penalty& pen, const GlmOptions& o, const PathOptions& path_options) {
  const Index n = X.rows(), p = X.cols();
  const auto start = std::chrono::steady_clock::now();
  const Problem<XMap> prob = make_problem(where, X, y, family, o);
  Prepared prep = prepare(where, prob, pen, o.tol * 1e-2, o);
  // The threshold: tol times the null deviance (times 1 for a zero null deviance).
  const double threshold = o.tol * (prep.null_deviance > 0.0 ? prep.null_deviance : 1.0);
  const Vector grid = grid_from(prep.lambda_max, n, p, path_options);
  const bool automatic = path_options.lambdas.size() == 0;
  const Index L = grid.size();

  GlmPath out;
  out.family = std::string(family.name());
  out.penalty = std::string(pen.name());
  out.null_deviance = prep.null_deviance;
  Matrix coefs(p, L);
  Vector intercepts(L), deviance(L), dev_ratio(L), objective(L), kkt(L);

  Iterate it = prep.null_fit;
  Vector gradient = prep.gradient;
  Vector g(n), h(n);
  std::vector<char> in_set(static_cast<std::size_t>(p), 0), ever(static_cast<std::size_t>(p), 0);
  std::vector<Index> set = prep.unpenalized;
  for (Index j : set) in_set[static_cast<std::size_t>(j)] = 1;
  double lambda_prev = std::max(prep.lambda_max, L ? grid[0] : 0.0);
  glm::SolveControl ctl;
  ctl.threshold = threshold;
  ctl.max_iter = o.max_iter;
  ctl.max_passes = o.max_passes;
  Index kept = 0;
  for (Index k = 0; k < L; ++k) {
    check_interrupt(where.data());
    const double lambda = grid[k];
    ctl.lambda = lambda;
    auto add = [&](Index j) {
      in_set[static_cast<std::size_t>(j)] = 1;
      set.push_back(j);
    };
    for (Index j = 0; j < p; ++j) {
      if (in_set[static_cast<std::size_t>(j)] || !prob.eligible(j)) continue;
      if (!o.use_strong_rules ||
          std::abs(gradient[j]) >= pen.zero_bound(std::max(0.0, 2.0 * lambda - lambda_prev) * prob.level_factor[j]))
        add(j);
    }
    glm::SolveStats stats;
    int iterations = 0;
    for (int round = 0;; ++round) {
      std::sort(set.begin(), set.end());
      stats = glm::proximal_newton(prob, pen, set, ctl, it);
      iterations += stats.iterations;
      family.derivatives(y, it.eta, prob.u, g, h);
      prob.full_gradient(g, gradient);
      bool added = false;
      for (Index j = 0; j < p; ++j) {
        if (in_set[static_cast<std::size_t>(j)] || !prob.eligible(j)) continue;
        if (pen.kkt_violation(0.0, gradient[j], lambda * prob.level_factor[j], prob.lower[j], prob.upper[j]) > 0.0) {
          add(j);
          added = true;
        }
      }
      if (!added || round > 100) break;
    }
    double worst = 0.0;
    int df = 0;
    for (Index j = 0; j < p; ++j) {
      if (!prob.eligible(j)) continue;
      worst = std::max(worst, pen.kkt_violation(it.beta[j], gradient[j], lambda * prob.level_factor[j],
                                                prob.lower[j], prob.upper[j]));
      if (it.beta[j] != 0.0) ++df;
    }
    Index ever_count = 0;
    for (Index j = 0; j < p; ++j) ever_count += (ever[static_cast<std::size_t>(j)] || it.beta[j] != 0.0) ? 1 : 0;
    if ((o.dfmax >= 0 && df > o.dfmax) || (o.pmax >= 0 && ever_count > o.pmax)) {
      log_to(o.log, LogLevel::warning,
             std::string(where) + ": stopped at lambda " + check::str(lambda) + " (" + check::str(k + 1) + " of " +
                 check::str(L) + "): " + (o.pmax >= 0 && ever_count > o.pmax ? "more than pmax" : "more than dfmax") +
                 " features in the model");
      break;
    }
    for (Index j = 0; j < p; ++j)
      if (it.beta[j] != 0.0) ever[static_cast<std::size_t>(j)] = 1;
    for (Index j = 0; j < p; ++j) coefs(j, kept) = it.beta[j] / prob.scale[j];
    intercepts[kept] = prob.fit_intercept ? it.b - prob.center.dot(coefs.col(kept)) : 0.0;
    deviance[kept] = family.deviance(y, it.eta, prob.u);
    dev_ratio[kept] = prep.null_deviance > 0.0 ? 1.0 - deviance[kept] / prep.null_deviance : 0.0;
    objective[kept] = stats.objective;
    kkt[kept] = worst / std::max(lambda, 1e-6 * prep.lambda_max);
    out.df.push_back(df);
    out.iterations.push_back(iterations);
    out.converged.push_back(stats.converged);
    if (!stats.converged)
      log_to(o.log, LogLevel::warning,
             std::string(where) + ": not converged at lambda " + check::str(lambda) + " after " +
                 check::str(iterations) + " Newton iterations (max_iter " + check::str(o.max_iter) + ")");
    ++kept;
    lambda_prev = lambda;
    if (automatic && kept >= kMinLambdas) {
      const double gain = kept >= 2 ? dev_ratio[kept - 1] - dev_ratio[kept - 2] : kInf;
      if (dev_ratio[kept - 1] > kDevRatioMax || gain < kDevGainMin * dev_ratio[kept - 1]) break;
    }
  }
  out.lambdas = grid.head(kept);
  out.coefs = coefs.leftCols(kept);
  out.intercepts = intercepts.head(kept);
  out.deviance = deviance.head(kept);
  out.dev_ratio = dev_ratio.head(kept);
  out.objective = objective.head(kept);
  out.max_kkt_violation = kkt.head(kept);
  out.fit_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace

double glm_lambda_max(const DesignView& X, const Vector& y, const Family& family,
                      const penalty::Penalty& pen, const GlmOptions& options) {
  constexpr std::string_view where = "glm_lambda_max";
  check_inputs(where, X, y, family, options, nullptr);
  return std::visit(
      [&](const auto& map) {
        const auto prob = make_problem(where, map, y, family, options);
        return prepare(where, prob, pen, options.tol, options).lambda_max;
      },
      X);
}

Vector glm_lambda_grid(const DesignView& X, const Vector& y, const Family& family,
                       const penalty::Penalty& pen, const GlmOptions& options, const PathOptions& path) {
  path.validate();
  const double lambda_max = path.lambdas.size() ? 0.0 : glm_lambda_max(X, y, family, pen, options);
  return grid_from(lambda_max, rows(X), cols(X), path);
}

GlmPath glm_path(const DesignView& X, const Vector& y, const Family& family,
                 const penalty::Penalty& pen, const GlmOptions& options, const PathOptions& path) {
  constexpr std::string_view where = "glm_path";
  check_inputs(where, X, y, family, options, &path);
  return std::visit([&](const auto& map) { return run_path(where, map, y, family, pen, options, path); }, X);
}

Vector glm_predict(const Family& family, const Vector& coef, double intercept, const DesignView& X,
                   const Vector& offset, PredictType type) {
  const Index n = rows(X);
  if (coef.size() != cols(X))
    throw InvalidArgument("glm_predict: X has " + check::str(cols(X)) + " columns; the model has " +
                          check::str(coef.size()) + " coefficients");
  if (offset.size() != 0 && offset.size() != n)
    throw InvalidArgument("glm_predict: offset has " + check::str(offset.size()) + " entries; expected n = " +
                          check::str(n) + " (or none)");
  Vector eta = std::visit([&](const auto& map) -> Vector { return map * coef; }, X);
  eta.array() += intercept;
  if (offset.size()) eta += offset;
  if (type == PredictType::response)
    for (Index i = 0; i < n; ++i) eta[i] = family.inverse_link(eta[i]);
  return eta;
}

}  // namespace regkit::linear
