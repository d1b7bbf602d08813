#include "linear_args.hpp"

#include <cmath>

#include "validators.hpp"
#include "regkit/core/check.hpp"
#include "regkit/core/errors.hpp"

namespace regkit::cli {

void add_linear_options(CLI::App& app, LinearArgs& args, LinearCommand command) {
  add_data_options(app, args.data);
  app.add_option("--model", args.model,
                 "ridge (alpha 0), lasso (alpha 1), elasticnet (--alpha, default 0.5), or logistic: regularized "
                 "logistic regression, binomial for 2 classes and multinomial (softmax) for more, the classes "
                 "taken from the integer labels of the target")
      ->check(CLI::IsMember({"ridge", "lasso", "elasticnet", "logistic"}))
      ->capture_default_str();
  app.add_option("--alpha", args.alpha,
                 "Elastic-net mix in [0, 1], glmnet convention: penalty = lambda * (alpha*|w|_1 + "
                 "(1-alpha)/2*|w|_2^2); only with --model elasticnet, or --model logistic (--penalty elasticnet, "
                 "the default penalty when --alpha is given)")
      ->check(unit_interval());
  app.add_option("--penalty", args.penalty,
                 "--model logistic: l2 (alpha 0, the default, as scikit-learn's LogisticRegression), l1 (alpha 1) "
                 "or elasticnet (--alpha, default 0.5)")
      ->check(CLI::IsMember({"l1", "l2", "elasticnet"}));
  app.add_option("--family", args.family,
                 "--model logistic: auto (binomial for 2 classes, multinomial for more), binomial or multinomial "
                 "(softmax; also for 2 classes)")
      ->check(CLI::IsMember({"auto", "binomial", "multinomial"}))
      ->capture_default_str();
  app.add_flag("--grouped", args.grouped,
               "--model logistic, multinomial: the L1 part is the group lasso ||beta_j||_2 over each feature's "
               "coefficients for all classes (glmnet type.multinomial = \"grouped\"), so a feature is in or out "
               "for every class");
  app.add_option("--class-weight", args.class_weight,
                 "--model logistic: weights of the classes' losses: \"balanced\" (n / (k n_c), as scikit-learn) or "
                 "one positive number per class, comma-separated, in increasing label order")
      ->check(non_empty_text());
  if (command == LinearCommand::fit) {
    app.add_option_function<double>(
        "--lambda", [&args](const double& v) { args.lambda = v; args.lambda_given = true; },
        "Penalty strength lambda >= 0 (glmnet convention, on the mean loss: 1/(2n)||y - b - Xw||^2, or the mean "
        "log-loss for --model logistic). scikit-learn Lasso/ElasticNet alpha = lambda; Ridge alpha = n*lambda; "
        "required unless --C is given")
        ->check(non_negative_number());
    app.add_option_function<double>(
        "--C", [&args](const double& v) { args.C = v; args.C_given = true; },
        "--model logistic: scikit-learn LogisticRegression / liblinear C > 0 instead of --lambda, translated as "
        "lambda = 1 / (C n) (penalty/conventions.hpp). scikit-learn does not standardize: add --no-standardize to "
        "reproduce its fit")
        ->check(positive_number());
  } else {
    auto* lambdas = app.add_option("--lambdas", args.lambdas,
                                   "Lambda grid: a comma-separated list or a file (one number per line, or .npy); "
                                   "default: --lambda-count values from lambda_max down")
                        ->check(non_empty_text());
    app.add_option("--lambda-count", args.lambda_count, "Number of lambdas on the automatic grid")
        ->check(integer_in(1, check::kMaxLambdaCount))
        ->excludes(lambdas)
        ->capture_default_str();
    app.add_option("--lambda-min-ratio", args.lambda_min_ratio,
                   "Smallest lambda of the automatic grid as a fraction of lambda_max "
                   "(default 1e-4 if n > p, else 1e-2)")
        ->check(number_in(0.0, 1.0, Bound::open));
  }
  app.add_flag("--no-standardize", args.no_standardize,
               "Do not scale features to unit variance inside the solver (coefficients are always "
               "reported on the original scale)");
  app.add_flag("--no-intercept", args.no_intercept, "Fit without an intercept");
  app.add_option_function<double>(
      "--tol", [&args](const double& v) { args.tol = v; args.tol_given = true; },
      "Convergence tolerance: duality gap relative to the null objective (default 1e-7); --model logistic: "
      "the largest KKT violation (default 1e-8)")
      ->check(positive_number());
  app.add_option_function<int>(
      "--max-iter", [&args](const int& v) { args.max_iter = v; args.max_iter_given = true; },
      "Maximum coordinate-descent passes per lambda (default 100000); --model logistic: outer Newton / "
      "L-BFGS iterations per lambda (default 1000)")
      ->check(integer_in(1, 2147483647));
  if (command == LinearCommand::cv) {
    app.add_option("--folds", args.folds, "Number of cross-validation folds (2 to n)")
        ->check(integer_in(2, 2147483647))
        ->capture_default_str();
    app.add_option("--seed", args.seed, "Seed of the fold assignment")
        ->check(integer_in(0, 9223372036854775807LL))
        ->capture_default_str();
    app.add_option("--metric", args.metric,
                   "CV error: mse (default), mae or r2; --model logistic: deviance (default; -2 x mean held-out "
                   "log-likelihood), accuracy or auc (binomial; multinomial: mean one-vs-rest AUC)")
        ->check(CLI::IsMember({"mse", "mae", "r2", "deviance", "accuracy", "auc"}));
  }
  app.add_option("--threads", args.threads, "Threads (OpenMP; 0 = all cores)")->check(thread_count())->capture_default_str();
  app.add_option("--out", args.out, "Save the fitted model to this file (regkit model format)")->check(non_empty_path());
  app.add_option("--json", args.json,
                 "Write a JSON summary: lambdas, coefficients, intercepts, iterations, KKT violations, "
                 "fit_seconds (solver only), and duality gaps (linear models) or classes, family, deviance and "
                 "class counts (--model logistic; coefficients per lambda are [class][feature] for multinomial)")
      ->check(non_empty_path());
  if (command != LinearCommand::fit)
    app.add_option("--plot", args.plot,
                   command == LinearCommand::path
                       ? "Write the coefficient paths against log lambda as a PNG (multinomial: one panel per "
                         "class, or the coefficient row norms for more than 6 classes)"
                       : "Write the CV error curve (one-SE bars, lambda_min and lambda_1se marked) "
                         "and the path as a PNG")
        ->check(non_empty_path());
}

bool is_logistic(const LinearArgs& args) { return args.model == "logistic"; }

void check_fold_count(const LinearArgs& args, Index n) {
  if (args.folds > n)
    throw InvalidArgument("--folds " + std::to_string(args.folds) + " is more than the " + std::to_string(n) +
                          " samples of " + args.data.data + "; each fold needs at least one");
}

void check_linear_outputs(const LinearArgs& args) {
  check_outputs({{"--out", args.out}, {"--json", args.json}, {"--plot", args.plot, {".png"}}},
                {args.data.data, args.data.labels, args.lambdas});
}

LinearSetup resolve(const LinearArgs& args, Index n, Index p) {
  const std::string model = "--model " + args.model;
  if (!args.penalty.empty())
    throw InvalidArgument("--penalty " + args.penalty + " applies to --model logistic; for " + model +
                          " choose ridge, lasso or elasticnet with --model");
  if (args.C_given)
    throw InvalidArgument("--C applies to --model logistic; for " + model + " give --lambda (scikit-learn Ridge "
                          "alpha = n*lambda, Lasso alpha = lambda)");
  if (args.family != "auto" || args.grouped || !args.class_weight.empty())
    throw InvalidArgument("--family, --grouped and --class-weight apply to --model logistic, not " + model);
  if (!args.metric.empty() && args.metric != "mse" && args.metric != "mae" && args.metric != "r2")
    throw InvalidArgument("--metric " + args.metric + " applies to --model logistic; for " + model +
                          " use mse, mae or r2");
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
