// A fitted linear model (a single fit, a path, or a cross-validated path) as saved to and
// loaded from a model file (io/tensor_file.hpp), and its predictions.
//
// Tensors: "lambdas" F64 [L], "coefs" F64 [L, p] (row k = coefficients at lambdas[k],
// original scale), "intercepts" F64 [L]. Metadata: format "regkit-model", kind "linear",
// model, alpha, standardize, fit_intercept, selected (the index predict uses by default:
// 0 for a single fit, lambda_min's index after cv), feature_names and target (JSON).
#pragma once

#include <string>
#include <vector>

#include "regkit/linear/fit_result.hpp"

namespace regkit::linear {

struct LinearModel {
  std::string model = "lasso";  // ridge | lasso | elasticnet
  double alpha = 1.0;           // glmnet mix
  bool standardize = true;
  bool fit_intercept = true;
  Vector lambdas;               // L
  Matrix coefs;                 // p x L
  Vector intercepts;            // L
  Index selected = 0;           // default lambda index for predict
  std::vector<std::string> feature_names;
  std::string target_name;

  static LinearModel from_path(const std::string& model, const PathResult& path, bool standardize,
                               bool fit_intercept);
  Index n_features() const { return coefs.rows(); }
  // Predictions at the selected lambda.
  Vector predict(const Design& X) const;
  // Predictions at any lambda: linear interpolation between the two nearest fitted
  // lambdas (as glmnet's predict(s = ...)); outside the grid, the nearest end.
  Vector predict_at(const Design& X, double lambda) const;
  // n x L predictions at every fitted lambda.
  Matrix predict_path(const Design& X) const;
};

void save_linear_model(const std::string& path, const LinearModel& model);
LinearModel load_linear_model(const std::string& path);

}  // namespace regkit::linear
