// regkit train / evaluate (and predict for network models): multilayer perceptrons on
// Fashion-MNIST, the seed problems (xor, synthetic-sparse) or a data file.
#pragma once

#include <string>
#include <vector>

#include "common.hpp"

namespace regkit::cli {

struct NnDataArgs {
  std::string dataset;  // fashion-mnist, xor, synthetic-sparse; empty: --data
  DataArgs data;
  std::string fashion_dir;
};

struct TrainArgs {
  NnDataArgs source;
  std::string layers = "256,128,64";
  std::string activation = "elu";
  std::string init = "he_normal";
  double kernel_l1 = 0.0, kernel_l2 = 0.0;
  std::string optimizer = "adam";
  double lr = -1.0;  // < 0: the optimizer's default
  double momentum = 0.0;
  double weight_decay = -1.0;  // < 0: the optimizer's default
  double proximal_l1 = 0.0;
  int epochs = 30;
  long batch_size = 64;
  double validation = 0.0;
  unsigned long long seed = 42;
  int threads = 0;
  std::string out, history;
};
void add_train_options(CLI::App& app, TrainArgs& args);
int run_train(const TrainArgs& args, const CLI::App& app);

struct EvaluateArgs {
  std::string model_file;
  NnDataArgs source;
  int threads = 0;
};
void add_evaluate_options(CLI::App& app, EvaluateArgs& args);
int run_evaluate(const EvaluateArgs& args);

// True when the file is a network model (metadata kind "nn").
bool is_nn_model(const std::string& path);
// regkit predict for a network model: one row of outputs per sample.
int run_nn_predict(const std::string& model_file, const DataArgs& data, const std::string& out);

}  // namespace regkit::cli
