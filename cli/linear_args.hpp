// Options shared by the linear-model subcommands (fit, path, cv) and the code that turns
// them into solver calls, JSON summaries and model files.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "common.hpp"
#include "regkit/linear/elastic_net.hpp"
#include "regkit/linear/linear_model.hpp"
#include "regkit/linear/ridge.hpp"
#include "regkit/select/cross_validation.hpp"

namespace regkit::cli {

struct LinearArgs {
  DataArgs data;
  std::string model = "lasso";  // ridge | lasso | elasticnet | logistic
  double alpha = -1.0;          // elastic-net mix; default 0.5 for elasticnet
  double lambda = -1.0;         // fit: the penalty strength (glmnet convention)
  bool lambda_given = false;
  std::string lambdas;          // path/cv: FILE or list
  int lambda_count = 100;
  double lambda_min_ratio = -1.0;
  bool no_standardize = false;
  bool no_intercept = false;
  double tol = 1e-7;             // linear default; logistic: 1e-8 unless given
  bool tol_given = false;
  int max_iter = 100000;         // linear default; logistic: 1000 unless given
  bool max_iter_given = false;
  int folds = 10;
  std::uint64_t seed = 0;
  std::string metric;            // default mse (linear), deviance (logistic)
  // --model logistic only
  std::string penalty;           // l1 | l2 | elasticnet (default l2, or elasticnet when --alpha is given)
  double C = -1.0;               // fit: scikit-learn / liblinear C, lambda = 1 / (C n)
  bool C_given = false;
  std::string family = "auto";   // auto | binomial | multinomial
  bool grouped = false;          // multinomial: group lasso over each feature's row
  std::string class_weight;      // "balanced" or one weight per class (increasing label order)
  int threads = 0;
  std::string out;   // model file
  std::string json;  // summary
  std::string plot;  // PNG
};

enum class LinearCommand { fit, path, cv };
void add_linear_options(CLI::App& app, LinearArgs& args, LinearCommand command);

// Resolved solver settings: alpha from --model/--alpha, options from the flags.
struct LinearSetup {
  double alpha = 1.0;
  linear::ElasticNetOptions enet;
  linear::RidgeOptions ridge;
  bool is_ridge = false;
};
LinearSetup resolve(const LinearArgs& args, Index n, Index p);

// The lambda grid for path / cv: --lambdas, or the automatic grid.
Vector lambda_grid_for(const LinearArgs& args, const LinearSetup& setup, const data::Dataset& d);

// A path fitter for the model (ridge: one SVD; lasso / elastic net: coordinate descent).
select::PathFitter path_fitter(const LinearSetup& setup);

nlohmann::ordered_json path_json(const linear::PathResult& path, const data::Dataset& d);
nlohmann::ordered_json data_json(const LinearArgs& args, const data::Dataset& d);

void save_model(const LinearArgs& args, const linear::PathResult& path, const data::Dataset& d,
                Index selected);

// Every output of fit / path / cv checked before any work (check_outputs).
void check_linear_outputs(const LinearArgs& args);
// cv: --folds against the number of samples, named as typed.
void check_fold_count(const LinearArgs& args, Index n);
bool is_logistic(const LinearArgs& args);

int run_fit(const LinearArgs& args);
int run_path(const LinearArgs& args);
int run_cv(const LinearArgs& args);

}  // namespace regkit::cli
