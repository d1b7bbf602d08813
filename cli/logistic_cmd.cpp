// regkit fit / path / cv / predict / inspect for regularized logistic regression.
#include "logistic_cmd.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <ostream>

#include "regkit/core/atomic_file.hpp"
#include "regkit/core/check.hpp"
#include "regkit/core/errors.hpp"
#include "regkit/penalty/conventions.hpp"
#include "regkit/report/logistic_plots.hpp"
#include "regkit/select/logistic_cv.hpp"

namespace regkit::cli {

namespace {

std::string fmt(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.6g", v);
  return b;
}

std::string label_text(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.15g", v);
  return b;
}

template <typename T>
nlohmann::ordered_json to_json(const Eigen::DenseBase<T>& v) {
  nlohmann::ordered_json a = nlohmann::ordered_json::array();
  for (Index i = 0; i < v.size(); ++i) a.push_back(v.derived().coeff(i));
  return a;
}

linear::Labels labels_of(const LinearArgs& args, const data::Dataset& d) {
  const std::string what =
      args.data.data + (d.target_name.empty() ? std::string(": labels") : ": target column '" + d.target_name + "'");
  return linear::encode_labels(d.y, what);
}

Vector class_weights(const std::string& text, const linear::Labels& labels) {
  const Index k = labels.n_classes();
  Vector weights(k);
  if (text == "balanced") {  // scikit-learn: n / (k * n_c)
    Vector count = Vector::Zero(k);
    for (int c : labels.codes) count[c] += 1.0;
    const double n = static_cast<double>(labels.codes.size());
    for (Index c = 0; c < k; ++c) weights[c] = n / (static_cast<double>(k) * count[c]);
    return weights;
  }
  const auto values = parse_number_list_or_file(text, "--class-weight");
  if (static_cast<Index>(values.size()) != k)
    throw InvalidArgument("--class-weight: " + std::to_string(values.size()) + " weights for " + std::to_string(k) +
                          " classes; expected \"balanced\" or one weight per class in increasing label order");
  for (Index c = 0; c < k; ++c) {
    check::positive("--class-weight", "the weight of class " + label_text(labels.classes[c]),
                    values[static_cast<std::size_t>(c)]);
    weights[c] = values[static_cast<std::size_t>(c)];
  }
  return weights;
}

Index m_of(const linear::LogisticPath& path) { return path.coefs.empty() ? 0 : path.coefs.front().cols(); }

nlohmann::ordered_json coef_json(const Matrix& coef) {
  if (coef.cols() == 1) return to_json(coef.col(0));
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (Index c = 0; c < coef.cols(); ++c) rows.push_back(to_json(coef.col(c)));
  return rows;
}

nlohmann::ordered_json path_json(const linear::LogisticPath& path, const LogisticSetup& s, const data::Dataset& d) {
  nlohmann::ordered_json j;
  j["family"] = s.family;
  j["penalty"] = s.penalty;
  j["alpha"] = path.alpha;
  j["classes"] = to_json(path.classes);
  j["lambdas"] = to_json(path.lambdas);
  nlohmann::ordered_json coefs = nlohmann::ordered_json::array();
  nlohmann::ordered_json intercepts = nlohmann::ordered_json::array();
  for (Index l = 0; l < path.size(); ++l) {
    coefs.push_back(coef_json(path.coefs[static_cast<std::size_t>(l)]));
    if (m_of(path) == 1)
      intercepts.push_back(path.intercepts(0, l));
    else
      intercepts.push_back(to_json(path.intercepts.col(l)));
  }
  j["coefficients"] = coefs;
  j["intercepts"] = intercepts;
  j["iterations"] = path.iterations;
  nlohmann::ordered_json conv = nlohmann::ordered_json::array();
  for (bool c : path.converged) conv.push_back(c);
  j["converged"] = conv;
  j["objective"] = to_json(path.objective);
  j["deviance"] = to_json(path.deviance);
  j["kkt_violations"] = to_json(path.max_kkt_violation);
  j["df"] = path.df;
  j["fit_seconds"] = path.fit_seconds;
  if (!d.feature_names.empty()) j["feature_names"] = d.feature_names;
  return j;
}

nlohmann::ordered_json data_json(const LinearArgs& args, const data::Dataset& d, const linear::Labels& labels) {
  nlohmann::ordered_json j = cli::data_json(args, d);
  std::vector<int> count(static_cast<std::size_t>(labels.n_classes()), 0);
  for (int c : labels.codes) ++count[static_cast<std::size_t>(c)];
  j["class_counts"] = count;
  return j;
}

std::string feature_name(const data::Dataset& d, Index j) {
  return static_cast<std::size_t>(j) < d.feature_names.size() ? d.feature_names[static_cast<std::size_t>(j)]
                                                              : "x" + std::to_string(j + 1);
}

// Binomial: one column of coefficients (for the positive class, classes[1]); multinomial:
// one column per class.
void print_coefficients(const data::Dataset& d, const Matrix& coef, const Vector& intercept, const Vector& classes,
                        bool fit_intercept) {
  if (coef.cols() == 1) {
    std::printf("%-24s %s\n", "", ("class " + label_text(classes[1]) + " vs " + label_text(classes[0])).c_str());
  } else {
    std::printf("%-24s", "");
    for (Index c = 0; c < coef.cols(); ++c) std::printf(" %14s", ("class " + label_text(classes[c])).c_str());
    std::printf("\n");
  }
  auto row = [&](const std::string& name, auto value) {
    std::printf("%-24s", name.c_str());
    for (Index c = 0; c < coef.cols(); ++c) std::printf(" %14.8g", value(c));
    std::printf("\n");
  };
  if (fit_intercept) row("(intercept)", [&](Index c) { return intercept[c]; });
  for (Index j = 0; j < coef.rows(); ++j) row(feature_name(d, j), [&](Index c) { return coef(j, c); });
}

void save_model(const LinearArgs& args, const LogisticSetup& s, const linear::LogisticPath& path,
                const data::Dataset& d, Index selected) {
  if (args.out.empty()) return;
  auto model = linear::LogisticModel::from_path(path, s.options.grouped, s.options.standardize,
                                                s.options.fit_intercept);
  model.selected = selected;
  model.feature_names = d.feature_names;
  model.target_name = d.target_name;
  linear::save_logistic_model(args.out, model);
  info("model saved to " + args.out);
}

std::string not_converged_note(const std::vector<bool>& converged) {
  int count = 0;
  for (bool c : converged) count += c ? 0 : 1;
  return count ? ", " + std::to_string(count) + " NOT converged" : "";
}

linear::PathOptions path_options(const LinearArgs& args) {
  linear::PathOptions path;
  if (!args.lambdas.empty()) {
    const auto values = parse_number_list_or_file(args.lambdas, "--lambdas");
    path.lambdas.resize(static_cast<Index>(values.size()));
    for (std::size_t i = 0; i < values.size(); ++i) {
      check::non_negative("--lambdas", "lambda", values[i]);
      path.lambdas[static_cast<Index>(i)] = values[i];
    }
    std::sort(path.lambdas.data(), path.lambdas.data() + path.lambdas.size(), std::greater<double>());
  }
  path.lambda_count = args.lambda_count;
  path.lambda_min_ratio = args.lambda_min_ratio;
  path.validate();
  return path;
}

}  // namespace

std::string LogisticSetup::describe() const {
  std::string text = "logistic " + penalty;
  if (penalty == "elasticnet") text += " (alpha " + fmt(options.alpha) + ")";
  return text + ", " + family;
}

LogisticSetup resolve_logistic(const LinearArgs& args, const linear::Labels& labels, Index n, Index p) {
  LogisticSetup s;
  const bool alpha_given = args.alpha >= 0;
  s.penalty = args.penalty.empty() ? (alpha_given ? "elasticnet" : "l2") : args.penalty;
  if (s.penalty == "l2") {
    if (alpha_given && args.alpha != 0.0)
      throw InvalidArgument("--alpha " + check::str(args.alpha) + " does not apply to --penalty l2 (alpha is 0); "
                            "use --penalty elasticnet");
    s.options.alpha = 0.0;
  } else if (s.penalty == "l1") {
    if (alpha_given && args.alpha != 1.0)
      throw InvalidArgument("--alpha " + check::str(args.alpha) + " does not apply to --penalty l1 (alpha is 1); "
                            "use --penalty elasticnet");
    s.options.alpha = 1.0;
  } else if (s.penalty == "elasticnet") {
    s.options.alpha = alpha_given ? args.alpha : 0.5;
    check::in_unit_interval("--alpha", "alpha", s.options.alpha);
  } else {
    throw InvalidArgument("--penalty: unknown penalty '" + s.penalty + "'; expected l1, l2 or elasticnet");
  }
  if (args.family == "binomial") {
    if (labels.n_classes() != 2)
      throw InvalidArgument("--family binomial needs 2 classes; the labels have " +
                            std::to_string(labels.n_classes()) + " (use --family multinomial or auto)");
    s.options.family = linear::LogisticFamily::binomial;
  } else if (args.family == "multinomial") {
    s.options.family = linear::LogisticFamily::multinomial;
  }
  const bool multinomial = args.family == "multinomial" || labels.n_classes() > 2;
  s.family = multinomial ? "multinomial" : "binomial";
  if (args.grouped && !multinomial)
    throw InvalidArgument("--grouped applies to multinomial models; these labels have 2 classes (add --family "
                          "multinomial)");
  s.options.grouped = args.grouped;
  s.options.fit_intercept = !args.no_intercept;
  s.options.standardize = !args.no_standardize;
  s.options.tol = args.tol_given ? args.tol : 1e-8;
  s.options.max_iter = args.max_iter_given ? args.max_iter : 1000;
  s.options.threads = args.threads;
  if (!args.class_weight.empty()) s.options.class_weight = class_weights(args.class_weight, labels);
  s.options.log = [](LogLevel, std::string_view m) { info("warning: " + std::string(m)); };
  s.options.validate(n, p);
  return s;
}

int run_logistic_fit(const LinearArgs& args) {
  set_threads(args.threads);
  if (args.C_given && args.lambda_given)
    throw InvalidArgument("--C and --lambda both set the penalty strength; give one (lambda = 1 / (C n))");
  if (!args.C_given && !args.lambda_given)
    throw InvalidArgument("fit --model logistic: give --lambda (glmnet convention) or --C (scikit-learn / liblinear)");
  if (args.C_given) check::positive("--C", "C", args.C);
  if (args.lambda_given) check::non_negative("--lambda", "lambda", args.lambda);
  const data::Dataset d = load_data(args.data, true);
  const linear::Labels labels = labels_of(args, d);
  const LogisticSetup s = resolve_logistic(args, labels, d.n_samples(), d.n_features());
  double lambda = args.lambda;
  if (args.C_given) {
    const double a = s.options.alpha;
    lambda = a == 0.0   ? penalty::from_liblinear_C(args.C, d.n_samples(), penalty::CPenalty::l2).lambda
             : a == 1.0 ? penalty::from_liblinear_C(args.C, d.n_samples(), penalty::CPenalty::l1).lambda
                        : penalty::from_sklearn_logistic_C(args.C, a, d.n_samples()).lambda;
  }
  const auto start = std::chrono::steady_clock::now();
  const linear::LogisticFit fit = linear::fit_logistic(d.X, labels, lambda, s.options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  linear::LogisticPath path;
  path.alpha = fit.alpha;
  path.classes = fit.classes;
  path.lambdas = Vector::Constant(1, lambda);
  path.coefs = {fit.coef};
  path.intercepts = fit.intercept;
  path.iterations = {fit.iterations};
  path.converged = {fit.converged};
  path.objective = Vector::Constant(1, fit.objective);
  path.deviance = Vector::Constant(1, fit.deviance);
  path.max_kkt_violation = Vector::Constant(1, fit.max_kkt_violation);
  path.df = {static_cast<int>((fit.coef.rowwise().squaredNorm().array() != 0.0).count())};
  path.fit_seconds = seconds;
  const double accuracy =
      select::class_score(select::ClassMetric::accuracy, labels.codes, linear::logistic_proba(fit, d.X));
  info(s.describe() + " at lambda " + fmt(lambda) + (args.C_given ? " (C " + fmt(args.C) + ")" : "") + " on " +
       std::to_string(d.n_samples()) + " x " + std::to_string(d.n_features()) + ", " +
       std::to_string(labels.n_classes()) + " classes: " + std::to_string(path.df[0]) + " nonzero features, deviance " +
       fmt(fit.deviance) + ", training accuracy " + fmt(accuracy) + ", max KKT violation " +
       fmt(fit.max_kkt_violation) + ", " + std::to_string(fit.iterations) + " iterations, " + fmt(seconds * 1e3) +
       " ms" + (fit.converged ? "" : " (NOT converged)"));
  print_coefficients(d, fit.coef, fit.intercept, fit.classes, s.options.fit_intercept);
  if (!args.json.empty()) {
    nlohmann::ordered_json j;
    j["command"] = "fit";
    j["model"] = "logistic";
    j["data"] = data_json(args, d, labels);
    if (args.C_given) j["C"] = args.C;
    j.update(path_json(path, s, d));
    j["training_accuracy"] = accuracy;
    write_json(args.json, j);
  }
  save_model(args, s, path, d, 0);
  return 0;
}

int run_logistic_path(const LinearArgs& args) {
  set_threads(args.threads);
  const data::Dataset d = load_data(args.data, true);
  const linear::Labels labels = labels_of(args, d);
  const LogisticSetup s = resolve_logistic(args, labels, d.n_samples(), d.n_features());
  const linear::LogisticPath path = linear::logistic_path(d.X, labels, s.options, path_options(args));
  info(s.describe() + " path: " + std::to_string(path.size()) + " lambdas from " + fmt(path.lambdas[0]) + " to " +
       fmt(path.lambdas[path.size() - 1]) + ", up to " +
       std::to_string(*std::max_element(path.df.begin(), path.df.end())) + " nonzero features, max KKT violation " +
       fmt(path.max_kkt_violation.maxCoeff()) + ", " + fmt(path.fit_seconds * 1e3) + " ms" +
       not_converged_note(path.converged));
  std::printf("%6s %14s %6s %14s %14s %12s\n", "index", "lambda", "df", "objective", "deviance", "kkt");
  for (Index k = 0; k < path.size(); ++k)
    std::printf("%6ld %14.6g %6d %14.8g %14.8g %12.3g\n", static_cast<long>(k), path.lambdas[k],
                path.df[static_cast<std::size_t>(k)], path.objective[k], path.deviance[k], path.max_kkt_violation[k]);
  if (!args.json.empty()) {
    nlohmann::ordered_json j;
    j["command"] = "path";
    j["model"] = "logistic";
    j["data"] = data_json(args, d, labels);
    j.update(path_json(path, s, d));
    write_json(args.json, j);
  }
  if (!args.plot.empty()) {
    report::save_png(report::logistic_path_figure(path, d.feature_names, s.describe() + " coefficient path"),
                     args.plot);
    info("plot written to " + args.plot);
  }
  save_model(args, s, path, d, path.size() - 1);
  return 0;
}

int run_logistic_cv(const LinearArgs& args) {
  set_threads(args.threads);
  const data::Dataset d = load_data(args.data, true);
  check_fold_count(args, d.n_samples());
  const linear::Labels labels = labels_of(args, d);
  const LogisticSetup s = resolve_logistic(args, labels, d.n_samples(), d.n_features());
  if (!args.metric.empty() && args.metric != "deviance" && args.metric != "accuracy" && args.metric != "auc")
    throw InvalidArgument("--metric " + args.metric + " applies to linear models; for --model logistic use "
                          "deviance, accuracy or auc");
  select::LogisticCvOptions cv_options;
  cv_options.folds = args.folds;
  cv_options.seed = args.seed;
  cv_options.metric = select::parse_class_metric(args.metric.empty() ? "deviance" : args.metric);
  cv_options.threads = args.threads;
  cv_options.validate(d.n_samples());
  const linear::PathOptions path = path_options(args);
  info(std::to_string(args.folds) + "-fold stratified cross-validation of the " + s.describe() + " path (" +
       (path.lambdas.size() ? std::to_string(path.lambdas.size()) : std::to_string(path.lambda_count)) +
       " lambdas) ...");
  const auto start = std::chrono::steady_clock::now();
  const select::LogisticCvResult cv = select::cross_validate_logistic(d.X, labels, s.options, path, cv_options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const char* metric = select::class_metric_name(cv.metric);
  const auto df = [&](Index l) { return std::to_string(cv.path.df[static_cast<std::size_t>(l)]); };
  info("lambda_min " + fmt(cv.lambda_min) + " (" + metric + " " + fmt(cv.cv_mean[cv.index_min]) + " +- " +
       fmt(cv.cv_se[cv.index_min]) + ", accuracy " + fmt(cv.cv_accuracy[cv.index_min]) + ", " + df(cv.index_min) +
       " nonzero features); lambda_1se " + fmt(cv.lambda_1se) + " (" + metric + " " + fmt(cv.cv_mean[cv.index_1se]) +
       ", " + df(cv.index_1se) + " nonzero features); " + fmt(seconds) + " s" + not_converged_note(cv.path.converged));
  std::printf("lambda_min %.10g\nlambda_1se %.10g\n", cv.lambda_min, cv.lambda_1se);
  print_coefficients(d, cv.path.coefs[static_cast<std::size_t>(cv.index_min)], cv.path.intercepts.col(cv.index_min),
                     cv.path.classes, s.options.fit_intercept);
  if (!args.json.empty()) {
    nlohmann::ordered_json j;
    j["command"] = "cv";
    j["model"] = "logistic";
    j["data"] = data_json(args, d, labels);
    j.update(path_json(cv.path, s, d));
    nlohmann::ordered_json c;
    c["metric"] = metric;
    c["folds"] = args.folds;
    c["seed"] = args.seed;
    c["stratified"] = true;
    c["mean"] = to_json(cv.cv_mean);
    c["se"] = to_json(cv.cv_se);
    c["deviance"] = to_json(cv.cv_deviance);
    c["accuracy"] = to_json(cv.cv_accuracy);
    c["auc"] = to_json(cv.cv_auc);
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
    report::save_png(report::logistic_cv_figure(cv, d.feature_names, s.describe() + ": " +
                                                                         std::to_string(args.folds) +
                                                                         "-fold cross-validation"),
                     args.plot);
    info("plot written to " + args.plot);
  }
  save_model(args, s, cv.path, d, cv.index_min);
  return 0;
}

int run_logistic_predict(const std::string& model_file, const DataArgs& data, double lambda, bool proba,
                         const std::string& out) {
  const linear::LogisticModel model = linear::load_logistic_model(model_file);
  const data::Dataset d = match_model_columns(load_data(data, false), model.feature_names, data.data, model_file);
  if (d.n_features() != model.n_features())
    throw InvalidArgument(data.data + " has " + std::to_string(d.n_features()) + " features but " + model_file +
                          " was fitted on " + std::to_string(model.n_features()));
  const linear::LogisticFit fit = lambda >= 0 ? model.fit_at_lambda(lambda) : model.fit_at(model.selected);
  const Matrix P = linear::logistic_proba(fit, d.X);
  const Vector labels = linear::logistic_predict(fit, d.X);
  const bool npy = out.size() > 4 && out.substr(out.size() - 4) == ".npy";
  auto write_text = [&](std::ostream& os) {
    os.precision(17);
    if (proba) {
      for (Index c = 0; c < P.cols(); ++c) os << (c ? "," : "") << "p_" << label_text(model.classes[c]);
      os << '\n';
      for (Index i = 0; i < P.rows(); ++i) {
        for (Index c = 0; c < P.cols(); ++c) os << (c ? "," : "") << P(i, c);
        os << '\n';
      }
    } else {
      os << "label\n";
      for (Index i = 0; i < labels.size(); ++i) os << label_text(labels[i]) << '\n';
    }
  };
  if (out.empty()) {
    if (proba) {
      for (Index i = 0; i < P.rows(); ++i) {
        for (Index c = 0; c < P.cols(); ++c) std::printf(c ? ",%.17g" : "%.17g", P(i, c));
        std::printf("\n");
      }
    } else {
      for (Index i = 0; i < labels.size(); ++i) std::printf("%s\n", label_text(labels[i]).c_str());
    }
  } else if (npy) {
    if (proba)
      data::write_npy(out, P);
    else
      data::write_npy(out, labels);
  } else {
    write_file_atomic(out, write_text);
  }
  std::string message = std::to_string(labels.size()) + (proba ? " rows of class probabilities" : " predicted labels") +
                        " at lambda " + fmt(fit.lambda);
  if (d.y.size() == labels.size()) {
    // Score against the file's labels when every one is a class of the model.
    std::vector<int> codes;
    for (Index i = 0; i < d.y.size(); ++i) {
      const double* c = std::find(model.classes.data(), model.classes.data() + model.classes.size(), d.y[i]);
      if (c == model.classes.data() + model.classes.size()) break;
      codes.push_back(static_cast<int>(c - model.classes.data()));
    }
    if (static_cast<Index>(codes.size()) == d.y.size())
      message += "; against " + (d.target_name.empty() ? std::string("the labels") : "column " + d.target_name) +
                 ": accuracy " + fmt(select::class_score(select::ClassMetric::accuracy, codes, P)) + ", deviance " +
                 fmt(select::class_score(select::ClassMetric::deviance, codes, P));
  }
  if (!out.empty()) message += "; written to " + out;
  info(message);
  return 0;
}

void print_logistic_summary(const linear::LogisticModel& model) {
  const linear::LogisticFit fit = model.fit_at(model.selected);
  std::string classes;
  for (Index c = 0; c < model.classes.size(); ++c) classes += (c ? " " : "") + label_text(model.classes[c]);
  std::printf("logistic %s model, alpha %s, %ld classes (%s), %ld features\n",
              model.multinomial() ? "multinomial" : "binomial", fmt(model.alpha).c_str(),
              static_cast<long>(model.n_classes()), classes.c_str(), static_cast<long>(model.n_features()));
  const auto nonzero = (fit.coef.rowwise().squaredNorm().array() != 0.0).count();
  std::string intercepts;
  for (Index c = 0; c < fit.intercept.size(); ++c) intercepts += (c ? " " : "") + fmt(fit.intercept[c]);
  std::printf("selected lambda %.6g (index %ld of %ld): %ld nonzero features of %ld, intercept%s %s\n", fit.lambda,
              static_cast<long>(model.selected), static_cast<long>(model.lambdas.size()), static_cast<long>(nonzero),
              static_cast<long>(model.n_features()), fit.intercept.size() > 1 ? "s" : "", intercepts.c_str());
}

}  // namespace regkit::cli
