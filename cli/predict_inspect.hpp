#pragma once

#include "common.hpp"

namespace regkit::cli {

struct PredictArgs {
  std::string model_file;
  DataArgs data;
  double lambda = -1.0;
  bool proba = false;  // logistic models: class probabilities instead of labels
  std::string out;
};
void add_predict_options(CLI::App& app, PredictArgs& args);
int run_predict(const PredictArgs& args);

struct InspectArgs {
  std::string file;
  std::string format = "auto";
  std::string target;
  std::optional<long long> target_index;
  bool no_header = false;
};
void add_inspect_options(CLI::App& app, InspectArgs& args);
int run_inspect(const InspectArgs& args);

}  // namespace regkit::cli
