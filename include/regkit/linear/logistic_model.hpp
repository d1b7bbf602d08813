// A fitted logistic model (a single fit, a path, or a cross-validated path) as saved to and
// loaded from a model file (io/tensor_file.hpp, the same one-file layout as LinearModel),
// and its predictions.
//
// Tensors: "lambdas" F64 [L], "coefs" F64 [L, m, p] (coefs[l, c, j] = coefficient of
// feature j for output c at lambdas[l], original scale; m = 1 binomial, k multinomial),
// "intercepts" F64 [L, m], "classes" F64 [k]. Metadata: format "regkit-model", kind
// "logistic", family ("binomial" | "multinomial"), alpha, grouped, standardize,
// fit_intercept, selected, feature_names, target (JSON). predict / predict_proba use the
// selected lambda (0 for a single fit, lambda_min's index after cv).
#pragma once

#include <string>
#include <vector>

#include "regkit/linear/logistic.hpp"

namespace regkit::linear {

struct LogisticModel {
  double alpha = 0.0;
  bool grouped = false;
  bool standardize = true;
  bool fit_intercept = true;
  Vector classes;                  // k
  Vector lambdas;                  // L
  std::vector<Matrix> coefs;       // L matrices p x m
  Matrix intercepts;               // m x L
  Index selected = 0;
  std::vector<std::string> feature_names;
  std::string target_name;

  static LogisticModel from_path(const LogisticPath& path, bool grouped, bool standardize,
                                 bool fit_intercept);
  Index n_features() const;
  Index n_classes() const { return classes.size(); }
  bool multinomial() const;
  LogisticFit fit_at(Index l) const;       // the fitted point l as a LogisticFit
  // The coefficients at any lambda: linear interpolation between the two nearest fitted
  // lambdas (glmnet's predict(s = ...), as LinearModel::predict_at); outside the grid, the
  // nearest end.
  LogisticFit fit_at_lambda(double lambda) const;
  Matrix predict_proba(const Design& X) const;  // n x k at the selected lambda
  Vector predict(const Design& X) const;        // n labels at the selected lambda
};

void save_logistic_model(const std::string& path, const LogisticModel& model);
LogisticModel load_logistic_model(const std::string& path);

// The kind ("linear" | "logistic") recorded in a model file, for tools that take either.
std::string model_file_kind(const std::string& path);

}  // namespace regkit::linear
