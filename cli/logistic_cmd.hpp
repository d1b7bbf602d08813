// regkit fit / path / cv / predict / inspect with --model logistic (or a logistic model
// file): the options resolved into linear::LogisticOptions, the solver called, the same
// JSON summary and plots as the linear models plus classes, family and deviance.
#pragma once

#include <string>

#include "linear_args.hpp"
#include "regkit/linear/logistic_model.hpp"

namespace regkit::cli {

// Resolved logistic settings: alpha from --penalty / --alpha, options from the flags,
// class weights from --class-weight.
struct LogisticSetup {
  std::string penalty;  // l1 | l2 | elasticnet
  linear::LogisticOptions options;
  std::string describe() const;  // "logistic l2 (binomial)"
  std::string family;            // binomial | multinomial
};
LogisticSetup resolve_logistic(const LinearArgs& args, const linear::Labels& labels, Index n, Index p);

int run_logistic_fit(const LinearArgs& args);
int run_logistic_path(const LinearArgs& args);
int run_logistic_cv(const LinearArgs& args);

// predict with a logistic model file: labels (default) or, with proba, one column of
// probabilities per class; lambda < 0 = the model's selected lambda.
int run_logistic_predict(const std::string& model_file, const DataArgs& data, double lambda, bool proba,
                         const std::string& out);
// The lines `inspect` prints for a logistic model file after its metadata and tensors.
void print_logistic_summary(const linear::LogisticModel& model);

}  // namespace regkit::cli
