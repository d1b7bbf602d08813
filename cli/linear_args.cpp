#include "linear_args.hpp"

#include <cmath>

#include "regkit/core/check.hpp"
#include "regkit/core/errors.hpp"

namespace regkit::cli {

void add_linear_options(CLI::App& app, LinearArgs& args, LinearCommand command) {
  add_data_options(app, args.data);
  app.add_option("--model", args.model,
                 "ridge (alpha 0), lasso (alpha 1) or elasticnet (--alpha, default 0.5)")
      ->check(CLI::IsMember({"ridge", "lasso", "elasticnet"}))
      ->capture_default_str();
  app.add_option("--alpha", args.alpha,
                 "Elastic-net mix in [0, 1], glmnet convention: penalty = lambda * (alpha*|w|_1 + "
                 "(1-alpha)/2*|w|_2^2); only with --model elasticnet");
  if (command == LinearCommand::fit) {
    app.add_option("--lambda", args.lambda,
                   "Penalty strength lambda >= 0 (glmnet convention, on the mean loss "
                   "1/(2n)||y - b - Xw||^2). scikit-learn Lasso/ElasticNet alpha = lambda; Ridge alpha = n*lambda")
        ->required();
  } else {
    app.add_option("--lambdas", args.lambdas,
                   "Lambda grid: a comma-separated list or a file (one number per line, or .npy); "
                   "default: --lambda-count values from lambda_max down");
    app.add_option("--lambda-count", args.lambda_count, "Number of lambdas on the automatic grid")
        ->capture_default_str();
    app.add_option("--lambda-min-ratio", args.lambda_min_ratio,
                   "Smallest lambda of the automatic grid as a fraction of lambda_max "
                   "(default 1e-4 if n > p, else 1e-2)");
  }
  app.add_flag("--no-standardize", args.no_standardize,
               "Do not scale features to unit variance inside the solver (coefficients are always "
               "reported on the original scale)");
  app.add_flag("--no-intercept", args.no_intercept, "Fit without an intercept");
  app.add_option("--tol", args.tol,
                 "Convergence tolerance: duality gap relative to the null objective")
      ->capture_default_str();
  app.add_option("--max-iter", args.max_iter, "Maximum coordinate-descent passes per lambda")
      ->capture_default_str();
  if (command == LinearCommand::cv) {
    app.add_option("--folds", args.folds, "Number of cross-validation folds")->capture_default_str();
    app.add_option("--seed", args.seed, "Seed of the fold assignment")->capture_default_str();
    app.add_option("--metric", args.metric, "CV error: mse, mae or r2")
        ->check(CLI::IsMember({"mse", "mae", "r2"}))
        ->capture_default_str();
  }
  app.add_option("--threads", args.threads, "Threads (OpenMP; 0 = all cores)")->capture_default_str();
  app.add_option("--out", args.out, "Save the fitted model to this file (regkit model format)");
  app.add_option("--json", args.json,
                 "Write a JSON summary: lambdas, coefficients, intercepts, iterations, duality gaps, "
                 "KKT violations, fit_seconds (solver only)");
  if (command != LinearCommand::fit)
    app.add_option("--plot", args.plot,
                   command == LinearCommand::path
                       ? "Write the coefficient paths against log lambda as a PNG"
                       : "Write the CV error curve (one-SE bars, lambda_min and lambda_1se marked) "
                         "and the path as a PNG");
}

LinearSetup resolve(const LinearArgs& args, Index n, Index p) {
  LinearSetup s;
  if (args.model == "ridge") {
    if (args.alpha >= 0 && args.alpha != 0.0)
      throw InvalidArgument("--alpha " + check::str(args.alpha) + " does not apply to --model ridge (alpha is 0); "
                            "use --model elasticnet");
    s.alpha = 0.0;
    s.is_ridge = true;
  } else if (args.model == "lasso") {
    if (args.alpha >= 0 && args.alpha != 1.0)
      throw InvalidArgument("--alpha " + check::str(args.alpha) + " does not apply to --model lasso (alpha is 1); "
                            "use --model elasticnet");
    s.alpha = 1.0;
  } else {
    s.alpha = args.alpha < 0 ? 0.5 : args.alpha;
    check::in_unit_interval("--alpha", "alpha", s.alpha);
  }
  s.enet.alpha = s.alpha;
  s.enet.fit_intercept = !args.no_intercept;
  s.enet.standardize = !args.no_standardize;
  s.enet.tol = args.tol;
  s.enet.max_iter = args.max_iter;
  s.enet.log = [](LogLevel, std::string_view m) { info("warning: " + std::string(m)); };
  s.enet.validate(n, p);
  s.ridge.fit_intercept = !args.no_intercept;
  s.ridge.standardize = !args.no_standardize;
  s.ridge.validate(n, p);
  return s;
}

Vector lambda_grid_for(const LinearArgs& args, const LinearSetup& setup, const data::Dataset& d) {
  if (!args.lambdas.empty()) {
    const auto values = parse_number_list_or_file(args.lambdas, "--lambdas");
    Vector grid(static_cast<Index>(values.size()));
    for (std::size_t i = 0; i < values.size(); ++i) {
      check::non_negative("--lambdas", "lambda", values[i]);
      grid[static_cast<Index>(i)] = values[i];
    }
    std::sort(grid.data(), grid.data() + grid.size(), std::greater<double>());
    return grid;
  }
  linear::PathOptions path;
  path.lambda_count = args.lambda_count;
  path.lambda_min_ratio = args.lambda_min_ratio;
  path.validate();
  return linear::lambda_grid(d.X, d.y, setup.enet, path);
}

select::PathFitter path_fitter(const LinearSetup& setup) {
  if (setup.is_ridge) {
    const linear::RidgeOptions base = setup.ridge;
    return [base](const Design& X, const Vector& y, const Vector& w, const Vector& lambdas) {
      linear::RidgeOptions o = base;
      o.sample_weight = w;
      return linear::ridge_path(X, y, lambdas, o);
    };
  }
  const linear::ElasticNetOptions base = setup.enet;
  return [base](const Design& X, const Vector& y, const Vector& w, const Vector& lambdas) {
    linear::ElasticNetOptions o = base;
    o.sample_weight = w;
    linear::PathOptions p;
    p.lambdas = lambdas;
    return linear::elastic_net_path(X, y, o, p);
  };
}

namespace {
template <typename T>
nlohmann::ordered_json to_json(const Eigen::DenseBase<T>& v) {
  nlohmann::ordered_json a = nlohmann::ordered_json::array();
  for (Index i = 0; i < v.size(); ++i) a.push_back(v.derived().data()[i]);
  return a;
}
}  // namespace

nlohmann::ordered_json path_json(const linear::PathResult& path, const data::Dataset& d) {
  nlohmann::ordered_json j;
  j["alpha"] = path.alpha;
  j["lambdas"] = to_json(path.lambdas);
  nlohmann::ordered_json coefs = nlohmann::ordered_json::array();
  for (Index k = 0; k < path.size(); ++k) coefs.push_back(to_json(Vector(path.coefs.col(k))));
  j["coefficients"] = coefs;
  j["intercepts"] = to_json(path.intercepts);
  j["iterations"] = path.iterations;
  nlohmann::ordered_json conv = nlohmann::ordered_json::array();
  for (bool c : path.converged) conv.push_back(c);
  j["converged"] = conv;
  j["objective"] = to_json(path.objective);
  j["duality_gaps"] = to_json(path.duality_gap);
  j["kkt_violations"] = to_json(path.max_kkt_violation);
  j["df"] = path.df;
  j["fit_seconds"] = path.fit_seconds;
  if (!d.feature_names.empty()) j["feature_names"] = d.feature_names;
  return j;
}

nlohmann::ordered_json data_json(const LinearArgs& args, const data::Dataset& d) {
  nlohmann::ordered_json j;
  j["file"] = args.data.data;
  j["n_samples"] = d.n_samples();
  j["n_features"] = d.n_features();
  j["sparse"] = is_sparse(d.X);
  if (!d.target_name.empty()) j["target"] = d.target_name;
  return j;
}

void save_model(const LinearArgs& args, const linear::PathResult& path, const data::Dataset& d,
                Index selected) {
  if (args.out.empty()) return;
  auto model = linear::LinearModel::from_path(args.model, path, !args.no_standardize, !args.no_intercept);
  model.selected = selected;
  model.feature_names = d.feature_names;
  model.target_name = d.target_name;
  linear::save_linear_model(args.out, model);
  info("model saved to " + args.out);
}

}  // namespace regkit::cli
