// regkit fit / path / cv: one lambda, a whole path, or a cross-validated path.
#include <chrono>
#include <cstdio>

#include "linear_args.hpp"
#include "logistic_cmd.hpp"
#include "regkit/core/check.hpp"
#include "regkit/report/linear_plots.hpp"

namespace regkit::cli {

namespace {

std::string fmt(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.6g", v);
  return b;
}

std::string describe(const LinearArgs& args, const LinearSetup& s) {
  return args.model + (args.model == "elasticnet" ? " (alpha " + fmt(s.alpha) + ")" : "");
}

void print_coefficients(const data::Dataset& d, const Vector& coef, double intercept, bool fit_intercept) {
  if (fit_intercept) std::printf("%-24s %.10g\n", "(intercept)", intercept);
  for (Index j = 0; j < coef.size(); ++j) {
    const std::string name = static_cast<std::size_t>(j) < d.feature_names.size()
                                 ? d.feature_names[static_cast<std::size_t>(j)]
                                 : "x" + std::to_string(j + 1);
    std::printf("%-24s %.10g\n", name.c_str(), coef[j]);
  }
}

}  // namespace

int run_fit(const LinearArgs& args) {
  check_linear_outputs(args);
  if (is_logistic(args)) return run_logistic_fit(args);
  set_threads(args.threads);
  const data::Dataset d = load_data(args.data, true);
  const LinearSetup s = resolve(args, d.n_samples(), d.n_features());
  if (!args.lambda_given) throw InvalidArgument("fit: --lambda is required (the penalty strength, glmnet convention)");
  check::non_negative("--lambda", "lambda", args.lambda);
  const auto start = std::chrono::steady_clock::now();
  linear::FitResult fit = s.is_ridge ? linear::fit_ridge(d.X, d.y, args.lambda, s.ridge)
                                     : linear::fit_elastic_net(d.X, d.y, args.lambda, s.enet);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  linear::PathResult path;
  path.alpha = s.alpha;
  path.lambdas = Vector::Constant(1, args.lambda);
  path.coefs = fit.coef;
  path.intercepts = Vector::Constant(1, fit.intercept);
  path.iterations = {fit.iterations};
  path.converged = {fit.converged};
  path.objective = Vector::Constant(1, fit.objective);
  path.duality_gap = Vector::Constant(1, fit.duality_gap);
  path.max_kkt_violation = Vector::Constant(1, fit.max_kkt_violation);
  path.df = {static_cast<int>((fit.coef.array() != 0.0).count())};
  path.fit_seconds = seconds;
  info(describe(args, s) + " at lambda " + fmt(args.lambda) + " on " + std::to_string(d.n_samples()) + " x " +
       std::to_string(d.n_features()) + ": " + std::to_string(path.df[0]) + " nonzero, objective " +
       fmt(fit.objective) + ", duality gap " + fmt(fit.duality_gap) + ", " + std::to_string(fit.iterations) +
       " passes, " + fmt(seconds * 1e3) + " ms" + (fit.converged ? "" : " (NOT converged)"));
  print_coefficients(d, fit.coef, fit.intercept, !args.no_intercept);
  if (!args.json.empty()) {
    nlohmann::ordered_json j;
    j["command"] = "fit";
    j["model"] = args.model;
    j["data"] = data_json(args, d);
    j.update(path_json(path, d));
    write_json(args.json, j);
  }
  save_model(args, path, d, 0);
  return 0;
}

int run_path(const LinearArgs& args) {
  check_linear_outputs(args);
  if (is_logistic(args)) return run_logistic_path(args);
  set_threads(args.threads);
  const data::Dataset d = load_data(args.data, true);
  const LinearSetup s = resolve(args, d.n_samples(), d.n_features());
  const Vector grid = lambda_grid_for(args, s, d);
  const linear::PathResult path = path_fitter(s)(d.X, d.y, Vector(), grid);
  int not_converged = 0;
  for (bool c : path.converged) not_converged += c ? 0 : 1;
  info(describe(args, s) + " path: " + std::to_string(path.size()) + " lambdas from " + fmt(path.lambdas[0]) +
       " to " + fmt(path.lambdas[path.size() - 1]) + ", up to " +
       std::to_string(*std::max_element(path.df.begin(), path.df.end())) + " nonzero, max duality gap " +
       fmt(path.duality_gap.maxCoeff()) + ", max KKT violation " + fmt(path.max_kkt_violation.maxCoeff()) +
       ", " + fmt(path.fit_seconds * 1e3) + " ms" +
       (not_converged ? ", " + std::to_string(not_converged) + " NOT converged" : ""));
  std::printf("%6s %14s %6s %14s %12s\n", "index", "lambda", "df", "objective", "gap");
  for (Index k = 0; k < path.size(); ++k)
    std::printf("%6ld %14.6g %6d %14.8g %12.3g\n", static_cast<long>(k), path.lambdas[k], path.df[static_cast<std::size_t>(k)],
                path.objective[k], path.duality_gap[k]);
  if (!args.json.empty()) {
    nlohmann::ordered_json j;
    j["command"] = "path";
    j["model"] = args.model;
    j["data"] = data_json(args, d);
    j.update(path_json(path, d));
    write_json(args.json, j);
  }
  if (!args.plot.empty()) {
    report::save_png(report::path_figure(path, d.feature_names, describe(args, s) + " coefficient path"), args.plot);
    info("plot written to " + args.plot);
  }
  save_model(args, path, d, path.size() - 1);
  return 0;
}

int run_cv(const LinearArgs& args) {
  check_linear_outputs(args);
  if (is_logistic(args)) return run_logistic_cv(args);
  set_threads(args.threads);
  const data::Dataset d = load_data(args.data, true);
  check_fold_count(args, d.n_samples());
  const LinearSetup s = resolve(args, d.n_samples(), d.n_features());
  const Vector grid = lambda_grid_for(args, s, d);
  select::CvOptions cv_options;
  cv_options.folds = args.folds;
  cv_options.seed = args.seed;
  cv_options.metric = select::parse_metric(args.metric.empty() ? "mse" : args.metric);
  cv_options.threads = args.threads;
  cv_options.validate(d.n_samples());
  info(std::to_string(args.folds) + "-fold cross-validation of the " + describe(args, s) + " path (" +
       std::to_string(grid.size()) + " lambdas) ...");
  const auto start = std::chrono::steady_clock::now();
  const select::CvResult cv = select::cross_validate_path(d.X, d.y, Vector(), grid, path_fitter(s), cv_options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const char* metric = select::metric_name(cv.metric);
  info("lambda_min " + fmt(cv.lambda_min) + " (" + metric + " " + fmt(cv.cv_mean[cv.index_min]) + " +- " +
       fmt(cv.cv_se[cv.index_min]) + ", " + std::to_string(cv.path.df[static_cast<std::size_t>(cv.index_min)]) +
       " nonzero); lambda_1se " + fmt(cv.lambda_1se) + " (" + metric + " " + fmt(cv.cv_mean[cv.index_1se]) + ", " +
       std::to_string(cv.path.df[static_cast<std::size_t>(cv.index_1se)]) + " nonzero); " + fmt(seconds) + " s");
  std::printf("lambda_min %.10g\nlambda_1se %.10g\n", cv.lambda_min, cv.lambda_1se);
  print_coefficients(d, cv.path.coefs.col(cv.index_min), cv.path.intercepts[cv.index_min], !args.no_intercept);
  if (!args.json.empty()) {
    nlohmann::ordered_json j;
    j["command"] = "cv";
    j["model"] = args.model;
    j["data"] = data_json(args, d);
    j.update(path_json(cv.path, d));
    nlohmann::ordered_json c;
    c["metric"] = metric;
    c["folds"] = args.folds;
    c["seed"] = args.seed;
    c["mean"] = std::vector<double>(cv.cv_mean.data(), cv.cv_mean.data() + cv.cv_mean.size());
    c["se"] = std::vector<double>(cv.cv_se.data(), cv.cv_se.data() + cv.cv_se.size());
    c["lambda_min"] = cv.lambda_min;
    c["lambda_1se"] = cv.lambda_1se;
    c["index_min"] = cv.index_min;
    c["index_1se"] = cv.index_1se;
    c["fold_ids"] = cv.fold_ids;
    c["cv_seconds"] = seconds;
    j["cv"] = c;
    write_json(args.json, j);
  }
  if (!args.plot.empty()) {
    report::save_png(report::cv_figure(cv, d.feature_names, describe(args, s) + ": " + std::to_string(args.folds) +
                                                                 "-fold cross-validation"),
                     args.plot);
    info("plot written to " + args.plot);
  }
  save_model(args, cv.path, d, cv.index_min);
  return 0;
}

}  // namespace regkit::cli
