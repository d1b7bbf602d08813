// Logistic regression: option and label checks, lambda_max and the grid, one-lambda fits,
// paths (warm starts, sequential strong rules with a KKT re-check), predictions. The
// objective is in logistic_objective.hpp, the point solvers in logistic_solvers.hpp; the
// conventions are in include/regkit/linear/logistic.hpp.
#include "regkit/linear/logistic.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <string>

#include <omp.h>

#include "logistic_objective.hpp"
#include "logistic_solvers.hpp"
#include "regkit/core/check.hpp"
#include "regkit/core/interrupt.hpp"

namespace regkit::linear {

namespace {

using detail::Iterate;
using detail::LogisticProblem;
using detail::PenaltySetup;
using detail::RowVector;
using detail::SolveControl;
using detail::SolveStats;

constexpr double kAlphaFloor = 0.001;  // glmnet's alpha in lambda_max when alpha == 0
constexpr int kLbfgsBudget = 200;       // automatic L2 solver: L-BFGS iterations before TRON
constexpr int kTronReserve = 20;        // ... and the TRON iterations kept back from max_iter

void check_labels(std::string_view where, const Labels& labels, Index n) {
  const Index k = labels.n_classes();
  if (k < 2)
    throw InvalidArgument(std::string(where) + ": labels have " + check::str(k) +
                          " class(es); expected at least 2");
  if (static_cast<Index>(labels.codes.size()) != n)
    throw InvalidArgument(std::string(where) + ": X has " + check::str(n) +
                          " rows but labels have " + check::str(labels.codes.size()) + " entries");
  for (std::size_t i = 0; i < labels.codes.size(); ++i)
    if (labels.codes[i] < 0 || labels.codes[i] >= k)
      throw InvalidArgument(std::string(where) + ": label code " + check::str(labels.codes[i]) +
                            " at row " + check::str(i) + " is outside [0, " + check::str(k) + ")");
}

void check_data(std::string_view where, const DesignView& X, const Labels& labels,
                const LogisticOptions& options) {
  const Index n = rows(X), p = cols(X);
  check::not_empty(where, n, p);
  check_labels(where, labels, n);
  options.validate(n, p);
  if (options.class_weight.size() != 0 && options.class_weight.size() != labels.n_classes())
    throw InvalidArgument(std::string(where) + ": class_weight has " +
                          check::str(options.class_weight.size()) + " entries; expected k = " +
                          check::str(labels.n_classes()) + " (or none)");
  if (options.family == LogisticFamily::binomial && labels.n_classes() != 2)
    throw InvalidArgument(std::string(where) + ": family binomial needs 2 classes; labels have " +
                          check::str(labels.n_classes()));
  // Finiteness of X: the scaling pass of make_problem sees every stored entry and names a
  // NaN or inf there (make_scaling's all_finite; one pass over X less).
}

bool is_multinomial(const LogisticOptions& options, const Labels& labels) {
  if (options.family == LogisticFamily::multinomial) return true;
  if (options.family == LogisticFamily::binomial) return false;
  return labels.n_classes() > 2;
}

template <class XMap>
LogisticProblem<XMap> make_problem(std::string_view where, const XMap& X, const Labels& labels,
                                   const LogisticOptions& options) {
  const Index n = X.rows(), p = X.cols();
  const Vector sw = options.sample_weight.size() ? options.sample_weight : Vector::Ones(n);
  const double W = sw.sum();
  const Vector u = sw / W;
  const Index m = is_multinomial(options, labels) ? labels.n_classes() : 1;
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  // Float32 copies of dense X when X is large (the copy is half X's size; small problems
  // keep exact products):
  const bool large = !detail::is_sparse_map_v<XMap> && static_cast<double>(n) * static_cast<double>(p) >= 1e6;
  // TRON: Hessian-vector products on the copy.
  const bool float_hessian = large && options.alpha == 0.0 && options.solver != LogisticSolver::lbfgs &&
                             options.solver != LogisticSolver::proximal_newton;
  // L-BFGS: function and gradient in one pass over the copy until the float rounding
  // floor, then double precision to the end (solve_lbfgs).
  // Sparse X: on the compact copy (CompactColumns) when it is worth a copy (1e6 stored
  // entries and more).
  const bool many_stored = [&] {
    if constexpr (detail::is_sparse_map_v<XMap>) return X.isCompressed() && X.nonZeros() >= 1000000;
    else return false;
  }();
  const bool float_gradient = (large || many_stored) && options.alpha == 0.0 &&
                              (options.solver == LogisticSolver::lbfgs || options.solver == LogisticSolver::automatic);
  // Binomial proximal Newton: coordinate descent's inner products on the copy (the model
  // only needs to be approximate; the line search and the gradient use X).
  const bool float_columns = large && m == 1 &&
                             (options.alpha > 0.0 || options.solver == LogisticSolver::proximal_newton);
  detail::LargeBuffer<float> copy;
  detail::CompactColumns compact;
  detail::Scaling scaling = [&] {
    if constexpr (detail::is_sparse_map_v<XMap>) {
      // The compact copy for L-BFGS, written during the scaling pass when it is one block.
      if (!float_gradient || n > detail::CompactColumns::kMaxBlockRows)
        return detail::make_scaling(X, u, options.fit_intercept, options.standardize, threads);
      compact = detail::CompactColumns::single_block(n, p, X.outerIndexPtr());
      return detail::make_scaling(X, u, options.fit_intercept, options.standardize, threads,
                                  [&](Index j, const auto&) {
                                    compact.fill_column(j, X.outerIndexPtr(), X.innerIndexPtr(), X.valuePtr());
                                  });
    } else {
      return detail::make_scaling_and_copy(
          X, u, options.fit_intercept, options.standardize, threads,
          float_columns ? detail::FloatLayout::columns
                        : (float_hessian || float_gradient ? detail::FloatLayout::panels : detail::FloatLayout::none),
          copy);
    }
  }();
  // A NaN or inf in dense X makes its column's mean or variance non-finite: name it.
  if (!scaling.all_finite) check::all_finite(where, "X", X);
  LogisticProblem<XMap> prob{X, std::move(scaling),
                             Vector(n), labels.codes, labels.n_classes(), 1, options.fit_intercept};
  prob.m = m;
  prob.threads = threads;
  prob.float_hessian = float_hessian;
  prob.float_gradient = float_gradient;
  prob.float_columns = float_columns;
  if (compact.cols() > 0) prob.adopt_compact(std::move(compact));
  if (float_columns) prob.adopt_float_columns(std::move(copy));
  else if (copy.get() != nullptr) prob.adopt_float_panels(std::move(copy));
  for (Index i = 0; i < n; ++i) {
    const int c = labels.codes[static_cast<std::size_t>(i)];
    prob.v[i] = u[i] * (options.class_weight.size() ? options.class_weight[c] : 1.0);
  }
  return prob;
}

PenaltySetup make_penalty(const LogisticOptions& options, double lambda, Index p) {
  PenaltySetup pen;
  pen.lambda = lambda;
  pen.alpha = options.alpha;
  pen.grouped = options.grouped;
  pen.pf = options.penalty_factor.size() ? options.penalty_factor : Vector::Ones(p);
  return pen;
}

// Intercept-only start (zero coefficients): the weighted class frequencies.
template <class XMap>
void null_start(const LogisticProblem<XMap>& prob, Iterate<XMap>& it) {
  it.B = Matrix::Zero(prob.p(), prob.m);
  it.b = RowVector::Zero(prob.m);
  if (!prob.fit_intercept) return;
  Vector freq = Vector::Zero(prob.k);
  for (Index i = 0; i < prob.n(); ++i) freq[prob.codes[static_cast<std::size_t>(i)]] += prob.v[i];
  freq /= freq.sum();
  freq = freq.cwiseMax(1e-10);
  if (prob.m == 1) {
    it.b[0] = std::log(freq[1] / freq[0]);
  } else {
    for (Index c = 0; c < prob.m; ++c) it.b[c] = std::log(freq[c]);
    it.b.array() -= it.b.mean();
  }
}

template <class XMap>
void warm_start_into(const LogisticProblem<XMap>& prob, const LogisticStart& start,
                     Iterate<XMap>& it) {
  it.B = prob.sc.scale.asDiagonal() * start.coef;
  for (Index j = 0; j < prob.p(); ++j)
    if (prob.sc.excluded[static_cast<std::size_t>(j)]) it.B.row(j).setZero();
  it.b = prob.fit_intercept
             ? RowVector(start.intercept.transpose() + prob.sc.center.transpose() * start.coef)
             : RowVector::Zero(prob.m);
}

template <class XMap>
void original_scale(const LogisticProblem<XMap>& prob, const Iterate<XMap>& it, Matrix& coef,
                    Vector& intercept) {
  coef = prob.sc.inv_scale.asDiagonal() * it.B;
  if (!prob.fit_intercept) {
    intercept = Vector::Zero(prob.m);
    return;
  }
  RowVector b = it.b - prob.sc.center.transpose() * coef;
  if (prob.m > 1) b.array() -= b.mean();  // softmax is invariant to a common shift
  intercept = b.transpose();
}

template <class XMap>
double lambda_max_at(const LogisticProblem<XMap>& prob, const Iterate<XMap>& it,
                     const PenaltySetup& pen) {
  const double a = std::max(pen.alpha, kAlphaFloor);
  double largest = 0.0;
  for (Index j = 0; j < prob.p(); ++j) {
    if (prob.sc.excluded[static_cast<std::size_t>(j)] || !(pen.pf[j] > 0.0)) continue;
    const double g = (pen.grouped && prob.m > 1) ? it.G.row(j).norm() : it.G.row(j).cwiseAbs().maxCoeff();
    largest = std::max(largest, g / (a * pen.pf[j]));
  }
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

template <class XMap>
SolveStats run_solver(const LogisticProblem<XMap>& prob, const PenaltySetup& pen,
                      const SolveControl& ctl, const LogisticOptions& options,
                      Iterate<XMap>& it) {
  if (pen.alpha == 0.0 && options.solver != LogisticSolver::proximal_newton) {
    if (options.solver == LogisticSolver::lbfgs) return detail::solve_lbfgs(prob, pen, ctl, it);
    if (options.solver == LogisticSolver::trust_region_newton) return detail::solve_tron(prob, pen, ctl, it);
    // automatic: L-BFGS, which needs the fewest passes over X on all but badly conditioned
    // problems (bench/logistic: 0.11 s against TRON's 0.17 s dense, 0.45 s against 0.55 s
    // sparse, at equal objective); when it has not converged after 200 iterations (tiny
    // lambda, strongly correlated columns), trust-region Newton finishes from its point
    // with the iterations left: at least kTronReserve (L-BFGS stops that many short of
    // max_iter) or half of max_iter when that is fewer.
    SolveControl first = ctl;
    first.max_iter = std::min(kLbfgsBudget, std::max({1, ctl.max_iter / 2, ctl.max_iter - kTronReserve}));
    SolveStats st = detail::solve_lbfgs(prob, pen, first, it);
    if (st.converged || st.iterations >= ctl.max_iter) return st;
    SolveControl rest = ctl;
    rest.max_iter = ctl.max_iter - st.iterations;
    SolveStats tail = detail::solve_tron(prob, pen, rest, it);
    tail.iterations += st.iterations;
    return tail;
  }
  if (prob.m > 1) return detail::solve_multinomial_newton(prob, pen, ctl, it);
  return detail::solve_proximal_newton(prob, pen, ctl, it);
}

bool uses_proximal_newton(const LogisticOptions& options) {
  return options.alpha > 0.0 || options.solver == LogisticSolver::proximal_newton;
}

// Warnings for max_iter, the precision floor and separable data; converged is cleared
// when the data are separated with no penalty (the optimum lies at infinity).
template <class XMap>
void report(std::string_view where, const LogisticProblem<XMap>& prob, const Iterate<XMap>& it,
            const PenaltySetup& pen, const LogisticOptions& options, SolveStats& st) {
  bool unpenalized = pen.lambda == 0.0 || !(pen.pf.array() > 0.0).any();
  if (unpenalized) {
    // Separated: every sample's own class predicted with probability > 1 - 1e-6.
    bool separated = true;
    for (Index i = 0; i < prob.n() && separated; ++i) {
      if (prob.v[i] <= 0.0) continue;
      const int y = prob.codes[static_cast<std::size_t>(i)];
      const double own = prob.m == 1 ? (y == 1 ? it.P(i, 0) : 1.0 - it.P(i, 0)) : it.P(i, y);
      separated = own > 1.0 - 1e-6;
    }
    if (separated) {
      st.converged = false;
      log_to(options.log, LogLevel::warning,
             std::string(where) + ": the classes are perfectly separable and lambda = 0: the "
             "unpenalized optimum lies at infinity; returning the finite coefficients after " +
             check::str(st.iterations) + " iterations (use lambda > 0)");
      return;
    }
  }
  if (st.converged) return;
  log_to(options.log, LogLevel::warning,
         std::string(where) + ": no convergence at lambda = " + check::str(pen.lambda) +
             " after " + check::str(st.iterations) + " iterations" +
             (st.stalled ? " (no further decrease in double precision)" : " (max_iter)") +
             "; largest KKT violation " + check::str(st.max_kkt_violation) + ", tol " +
             check::str(options.tol));
}

template <class F>
auto with_map(const DesignView& X, F&& f) {
  if (const auto* dense = std::get_if<DenseView>(&X)) return f(*dense);
  return f(std::get<SparseView>(X));
}

}  // namespace

void LogisticOptions::validate(Index n, Index p) const {
  constexpr std::string_view where = "LogisticOptions";
  check::in_unit_interval(where, "alpha", alpha);
  check::positive(where, "tol", tol);
  if (max_iter <= 0)
    throw InvalidArgument(std::string(where) + ": max_iter must be > 0; got " + check::str(max_iter));
  check::thread_count(where, "threads", threads);
  if (alpha > 0.0 && (solver == LogisticSolver::trust_region_newton || solver == LogisticSolver::lbfgs))
    throw InvalidArgument(std::string(where) + ": solver " +
                          (solver == LogisticSolver::lbfgs ? "lbfgs" : "trust_region_newton") +
                          " needs alpha == 0 (L2); got alpha = " + check::str(alpha) +
                          "; use proximal_newton or automatic");
  check::penalty_factors(where, penalty_factor, p);
  check::sample_weights(where, sample_weight, n);
  for (Index c = 0; c < class_weight.size(); ++c)
    check::positive(where, "class_weight[" + check::str(c) + "]", class_weight[c]);
}

Labels encode_labels(const Vector& y, const std::string& what) {
  const Index n = y.size();
  if (n == 0) throw InvalidArgument(what + ": no labels; expected at least 2 classes");
  for (Index i = 0; i < n; ++i) {
    if (!std::isfinite(y[i]))
      throw InvalidArgument(what + ": label at row " + check::str(i + 1) + " is " + check::str(y[i]) +
                            "; expected an integer class label");
    if (y[i] != std::round(y[i]))
      throw InvalidArgument(what + ": label at row " + check::str(i + 1) + " is " + check::str(y[i]) +
                            ", not an integer; expected integer class labels");
  }
  std::vector<double> values(y.data(), y.data() + n);
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  if (values.size() < 2)
    throw InvalidArgument(what + ": all " + check::str(n) + " labels are " + check::str(values[0]) +
                          " (a single class); expected at least 2 classes");
  Labels labels;
  labels.classes = Eigen::Map<const Vector>(values.data(), static_cast<Index>(values.size()));
  labels.codes.resize(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i)
    labels.codes[static_cast<std::size_t>(i)] = static_cast<int>(
        std::lower_bound(values.begin(), values.end(), y[i]) - values.begin());
  return labels;
}

LogisticFit LogisticPath::at(Index k) const {
  if (k < 0 || k >= size())
    throw InvalidArgument("LogisticPath::at: index " + check::str(k) + " is outside [0, " +
                          check::str(size()) + ")");
  LogisticFit fit;
  fit.lambda = lambdas[k];
  fit.alpha = alpha;
  fit.classes = classes;
  fit.coef = coefs[static_cast<std::size_t>(k)];
  fit.intercept = intercepts.col(k);
  fit.iterations = iterations[static_cast<std::size_t>(k)];
  fit.converged = converged[static_cast<std::size_t>(k)];
  fit.objective = objective[k];
  fit.deviance = deviance[k];
  fit.max_kkt_violation = max_kkt_violation[k];
  return fit;
}

double logistic_lambda_max(const DesignView& X, const Labels& labels,
                           const LogisticOptions& options) {
  check_data("logistic_lambda_max", X, labels, options);
  return with_map(X, [&](const auto& map) {
    const auto prob = make_problem("logistic_lambda_max", map, labels, options);
    Iterate<std::decay_t<decltype(map)>> it;
    null_start(prob, it);
    it.refresh(prob);
    return lambda_max_at(prob, it, make_penalty(options, 0.0, prob.p()));
  });
}

Vector logistic_lambda_grid(const DesignView& X, const Labels& labels,
                            const LogisticOptions& options, const PathOptions& path) {
  path.validate();
  return grid_from(logistic_lambda_max(X, labels, options), rows(X), cols(X), path);
}

LogisticFit fit_logistic(const DesignView& X, const Labels& labels, double lambda,
                         const LogisticOptions& options,
                         const std::optional<LogisticStart>& warm_start) {
  constexpr std::string_view where = "fit_logistic";
  check_data(where, X, labels, options);
  check::non_negative(where, "lambda", lambda);
  return with_map(X, [&](const auto& map) {
    using Map = std::decay_t<decltype(map)>;
    const auto prob = make_problem(where, map, labels, options);
    Iterate<Map> it;
    if (warm_start) {
      if (warm_start->coef.rows() != prob.p() || warm_start->coef.cols() != prob.m ||
          warm_start->intercept.size() != prob.m)
        throw InvalidArgument(std::string(where) + ": warm_start has coef " +
                              check::str(warm_start->coef.rows()) + " x " +
                              check::str(warm_start->coef.cols()) + " and " +
                              check::str(warm_start->intercept.size()) +
                              " intercepts; expected " + check::str(prob.p()) + " x " +
                              check::str(prob.m) + " and " + check::str(prob.m));
      if (!warm_start->coef.allFinite() || !warm_start->intercept.allFinite())
        throw InvalidArgument(std::string(where) + ": warm_start has non-finite values");
      warm_start_into(prob, *warm_start, it);
    } else {
      null_start(prob, it);
    }
    const PenaltySetup pen = make_penalty(options, lambda, prob.p());
    SolveControl ctl;
    ctl.tol = options.tol;
    ctl.max_iter = options.max_iter;
    SolveStats st = run_solver(prob, pen, ctl, options, it);
    report(where, prob, it, pen, options, st);
    LogisticFit fit;
    fit.lambda = lambda;
    fit.alpha = options.alpha;
    fit.classes = labels.classes;
    original_scale(prob, it, fit.coef, fit.intercept);
    fit.iterations = st.iterations;
    fit.converged = st.converged;
    fit.objective = st.objective;
    fit.deviance = 2.0 * st.loss;
    fit.max_kkt_violation = st.max_kkt_violation;
    return fit;
  });
}

LogisticPath logistic_path(const DesignView& X, const Labels& labels,
                           const LogisticOptions& options, const PathOptions& path) {
  constexpr std::string_view where = "logistic_path";
  check_data(where, X, labels, options);
  path.validate();
  const auto started = std::chrono::steady_clock::now();
  LogisticPath out = with_map(X, [&](const auto& map) {
    using Map = std::decay_t<decltype(map)>;
    const auto prob = make_problem(where, map, labels, options);
    const Index n = prob.n(), p = prob.p();
    Iterate<Map> it;
    null_start(prob, it);
    it.refresh(prob);
    PenaltySetup pen = make_penalty(options, 0.0, p);
    const double lmax = lambda_max_at(prob, it, pen);
    Vector lambdas = path.lambdas.size() ? path.lambdas : grid_from(lmax, n, p, path);
    std::sort(lambdas.begin(), lambdas.end(), std::greater<>());
    const Index count = lambdas.size();
    LogisticPath res;
    res.alpha = options.alpha;
    res.classes = labels.classes;
    res.lambdas = lambdas;
    res.intercepts.resize(prob.m, count);
    res.objective.resize(count);
    res.deviance.resize(count);
    res.max_kkt_violation.resize(count);
    double previous = count ? std::max(lmax, lambdas[0]) : lmax;
    SolveControl ctl;
    ctl.tol = options.tol;
    ctl.max_iter = options.max_iter;
    const bool predicting = prob.m == 1 && uses_proximal_newton(options);
    SolveControl::StartStep before;
    for (Index k = 0; k < count; ++k) {
      check_interrupt("logistic path");
      const double lambda = lambdas[k];
      pen.lambda = lambda;
      // Sequential strong rule (Tibshirani et al. 2012): start with j when
      // |g_j(lambda_{k-1})| >= alpha (2 lambda_k - lambda_{k-1}) pf_j; the solver's KKT
      // check over all j adds any violator.
      if (options.alpha > 0.0)
        ctl.strong_threshold = options.use_strong_rules
                                   ? Vector(options.alpha * std::max(0.0, 2.0 * lambda - previous) * pen.pf)
                                   : Vector::Zero(p);
      if (predicting) {
        before.d = it.B.col(0);
        before.d0 = it.b[0];
        before.u = it.eta.col(0);
      }
      SolveStats st = run_solver(prob, pen, ctl, options, it);
      if (predicting && k + 1 < count) detail::predict_step(prob, it, before, lambdas[k + 1], lambda, previous, ctl.start);
      report(where, prob, it, pen, options, st);
      Matrix coef;
      Vector intercept;
      original_scale(prob, it, coef, intercept);
      int df = 0;
      for (Index j = 0; j < p; ++j) df += coef.row(j).any() ? 1 : 0;
      res.coefs.push_back(std::move(coef));
      res.intercepts.col(k) = intercept;
      res.iterations.push_back(st.iterations);
      res.converged.push_back(st.converged);
      res.objective[k] = st.objective;
      res.deviance[k] = 2.0 * st.loss;
      res.max_kkt_violation[k] = st.max_kkt_violation;
      res.df.push_back(df);
      previous = lambda;
    }
    return res;
  });
  out.fit_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

Matrix logistic_decision(const LogisticFit& fit, const DesignView& X) {
  constexpr std::string_view where = "logistic_decision";
  if (cols(X) != fit.coef.rows())
    throw InvalidArgument(std::string(where) + ": X has " + check::str(cols(X)) +
                          " columns; expected p = " + check::str(fit.coef.rows()) + " as in the fit");
  return with_map(X, [&](const auto& map) {
    Matrix eta = map * fit.coef;
    eta.rowwise() += fit.intercept.transpose();
    return eta;
  });
}

Matrix logistic_proba(const LogisticFit& fit, const DesignView& X) {
  const Matrix eta = logistic_decision(fit, X);
  const Index n = eta.rows();
  if (eta.cols() == 1) {
    Matrix P(n, 2);
    for (Index i = 0; i < n; ++i) {
      P(i, 1) = detail::sigmoid(eta(i, 0));
      P(i, 0) = detail::sigmoid(-eta(i, 0));
    }
    return P;
  }
  Matrix P(n, eta.cols());
  for (Index i = 0; i < n; ++i) {
    const double mx = eta.row(i).maxCoeff();
    P.row(i) = (eta.row(i).array() - mx).exp();
    P.row(i) /= P.row(i).sum();
  }
  return P;
}

Vector logistic_predict(const LogisticFit& fit, const DesignView& X) {
  const Matrix eta = logistic_decision(fit, X);
  Vector out(eta.rows());
  for (Index i = 0; i < eta.rows(); ++i) {
    if (eta.cols() == 1) {
      out[i] = fit.classes[eta(i, 0) > 0.0 ? 1 : 0];
    } else {
      Index best = 0;
      eta.row(i).maxCoeff(&best);
      out[i] = fit.classes[best];
    }
  }
  return out;
}

}  // namespace regkit::linear
